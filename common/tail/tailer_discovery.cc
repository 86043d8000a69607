// Tailer::Impl's discovery: globs, rotation, and where a newly found file
// starts (tailer.h has the contracts).
#include <algorithm>

#include "common/stream/watch_event.h"
#include "common/tail/gzip_file.h"
#include "common/tail/path_glob.h"
#include "common/tail/tailer_impl.h"

namespace lc {

void Tailer::Impl::Discover() {
  for (auto& [k, t] : files) t->Unmatch();
  std::set<std::string> dirs;
  std::set<std::string> claimed;
  for (auto& [key, src] : sources) {
    std::vector<PathGlob> excludes;
    for (const std::string& e : src->excludes) excludes.emplace_back(e);
    for (const std::string& pattern : src->paths) {
      std::vector<PathGlob::Match> found;
      std::vector<std::string> searched;
      PathGlob glob(pattern);
      glob.Expand(fs, &found, &searched);
      dirs.insert(searched.begin(), searched.end());
      for (const PathGlob::Match& m : found) {
        bool excluded = false;
        for (const PathGlob& e : excludes) excluded = excluded || e.Matches(m.path);
        if (excluded || !claimed.insert(m.path).second) continue;
        Found(src, m.path, m.info, glob.LiteralDir());
      }
    }
  }
  // Followed files not found this time were renamed away or deleted.  A
  // rotated file in its rotate wait is looked at once per discovery (its
  // new name may be outside every watched directory).
  for (auto& [k, t] : files) {
    if (t->rotated()) t->set_hot(true);
    if (t->matched() || t->rotated()) continue;
    t->MarkRotated();
    auto it = by_path.find(t->path());
    if (it != by_path.end() && it->second == t.get()) by_path.erase(it);
  }
  if (opt.use_inotify) inotify.SetDirs(dirs, reporter);
  first_discovery = false;
}

void Tailer::Impl::Found(const std::shared_ptr<WatchSource>& src, const std::string& path,
                         const FileInfo& info, const std::string& beneath) {
  InodeKey ik{info.dev, info.ino};
  auto it = files.find(ik);
  if (it != files.end()) {
    FollowedFile* t = it->second.get();
    if (t->path() != path) {  // renamed, and still matched under its new name
      auto old = by_path.find(t->path());
      if (old != by_path.end() && old->second == t) by_path.erase(old);
    }
    t->Seen(path, src, info.size);
    by_path[path] = t;
    return;
  }
  FollowedFile* predecessor = nullptr;
  auto bp = by_path.find(path);
  if (bp != by_path.end()) {
    predecessor = bp->second;
    predecessor->MarkRotated();
    by_path.erase(bp);
  }
  std::unique_ptr<File> file;
  Status s = fs->Open(path, src->root, beneath, &file);
  if (!s.ok()) {
    if (!s.IsNotFound()) Report(path, s);
    return;
  }
  reported.erase(path);
  std::map<std::string, CheckpointEntry>::iterator entry;
  StartFacts facts = RunFacts(*src);
  facts.size = info.size;
  facts.present_at_start = first_discovery;
  facts.replaced = predecessor != nullptr;
  s = MatchEntry(file.get(), info, &facts.match, &entry);
  if (!s.ok()) {
    Report(path, s);
    return;
  }
  if (entry != saved.end()) facts.entry = &entry->second;
  StartPosition pos = DecideStart(facts);
  FoundAt at{src, path, beneath};
  std::unique_ptr<FollowedFile> t;
  if (facts.match == Match::kSame) {
    t = FollowedFile::Resumed(&ctx, std::move(at), info, std::move(file), pos, entry->second);
  } else {
    if (facts.match == Match::kTruncated) {
      // Or its inode reused by a smaller file: the saved content may have
      // been rotated and compressed (RecoverRotated looks).
      moved_away.push_back(entry->second);
    }
    int64_t offset = pos.at_last_line ? LastLineBoundary(file.get(), info.size) : pos.offset;
    t = FollowedFile::New(&ctx, std::move(at), info, std::move(file), pos, offset,
                          facts.match == Match::kTruncated ? 1 : 0);
  }
  if (facts.entry != nullptr) saved.erase(entry);
  t->set_predecessor(predecessor);
  handler->Begin(t->view());
  by_path[path] = t.get();
  files[ik] = std::move(t);
}

StartFacts Tailer::Impl::RunFacts(const WatchSource& src) const {
  StartFacts f;
  f.from = src.from;
  f.source_since = src.since;
  f.from_head = opt.from_head;
  f.from_tail = opt.from_tail;
  f.tail_by_time = opt.tail_by_time;
  f.since = opt.since;
  f.start_time = start_time;
  f.had_checkpoint = had_checkpoint;
  f.commits = use_commits ? &commits : nullptr;
  f.streams = &handler->CursorStreams();
  return f;
}

Status Tailer::Impl::MatchEntry(File* file, const FileInfo& info, Match* match,
                                std::map<std::string, CheckpointEntry>::iterator* entry) {
  *match = Match::kNone;
  *entry = saved.end();
  for (auto it = saved.begin(); it != saved.end(); ++it) {
    const CheckpointEntry& e = it->second;
    if (!e.id.SameInode(info)) continue;
    Sameness same;
    Status s = CompareIdentity(e.id, e.offset, file, info, &same);
    if (!s.ok()) return s;
    if (same == Sameness::kDifferent) {
      *match = Match::kReused;  // the entry stays: its file may be found renamed
      return Status::OK();
    }
    *match = same == Sameness::kTruncated ? Match::kTruncated : Match::kSame;
    *entry = it;
    return Status::OK();
  }
  return Status::OK();
}

int64_t Tailer::Impl::LastLineBoundary(File* f, int64_t size) {
  int64_t pos = size;
  while (pos > 0 && size - pos < 65536) {
    size_t want = static_cast<size_t>(std::min<int64_t>(pos, 4096));
    size_t got = 0;
    char* buf = ctx.buf.data();
    if (!f->ReadAt(pos - static_cast<int64_t>(want), buf, want, &got).ok() || got != want) {
      return size;
    }
    for (size_t i = want; i > 0; i--) {
      if (buf[i - 1] == '\n') return pos - static_cast<int64_t>(want) + static_cast<int64_t>(i);
    }
    pos -= static_cast<int64_t>(want);
  }
  return pos == 0 ? 0 : size;
}

void Tailer::Impl::RecoverRotated() {
  for (auto it = saved.begin(); it != saved.end();) {
    const CheckpointEntry& e = it->second;
    std::vector<std::string> names;
    bool done = false;
    if (fs->ListDir(DirName(e.path), &names).ok()) {
      for (const std::string& name : names) {
        std::string p = JoinPath(DirName(e.path), name);
        FileInfo info;
        // A followed file with its inode is another file (StartPosition
        // would have taken the entry otherwise): the inode was reused.
        if (!fs->Lstat(p, &info).ok() || !info.is_regular || !e.id.SameInode(info) ||
            files.count({info.dev, info.ino})) {
          continue;
        }
        std::unique_ptr<File> file;
        Sameness same;
        if (fs->Open(p, "", "", &file).ok() && CompareIdentity(e.id, e.offset, file.get(), info, &same).ok() &&
            same == Sameness::kSame) {
          auto src = sources.empty() ? std::make_shared<WatchSource>() : sources.begin()->second;
          done = AdoptRotated(e, p, info, std::move(file), src, "");
        }
        break;
      }
      // Renamed and gone, or its inode reused: maybe compressed.
      if (!done) done = AdoptCompressed(e, names);
    }
    it = done ? saved.erase(it) : std::next(it);
  }
  for (const CheckpointEntry& e : moved_away) {
    std::vector<std::string> names;
    if (fs->ListDir(DirName(e.path), &names).ok()) AdoptCompressed(e, names);
  }
  moved_away.clear();
}

bool Tailer::Impl::AdoptCompressed(const CheckpointEntry& e, const std::vector<std::string>& names) {
  // Only under a directory a source names, opened as that source opens its
  // files (root, beneath): a container's symlink never leads here either.
  std::shared_ptr<WatchSource> src;
  std::string beneath;
  for (const auto& [key, s] : sources) {
    for (const std::string& pattern : s->paths) {
      std::string dir = PathGlob(pattern).LiteralDir();
      if (e.path.compare(0, dir.size() + 1, dir + "/") == 0) {
        src = s;
        beneath = dir;
      }
    }
  }
  if (src == nullptr || e.id.sig.len == 0) return false;
  std::string base = BaseName(e.path);
  for (const std::string& name : names) {
    if (!IsGzipName(name) || name.compare(0, base.size() + 1, base + ".") != 0) continue;
    std::string p = JoinPath(DirName(e.path), name);
    FileInfo info;
    std::unique_ptr<File> raw;
    // gzip keeps the original's mtime, its last write: an older one is an
    // earlier rotation that starts the same (`seen` may lag an hour).
    if (!fs->Lstat(p, &info).ok() || !info.is_regular || files.count({info.dev, info.ino}) ||
        info.mtime_ns / kSeconds < e.seen - 2 * 3600 || !fs->Open(p, src->root, beneath, &raw).ok()) {
      continue;
    }
    std::string prefix;
    if (!ReadGzipPrefix(raw.get(), e.id.sig.len, &prefix).ok() || prefix.size() != e.id.sig.len ||
        HashBytes(prefix.data(), prefix.size()) != e.id.sig.hash) {
      continue;  // not gzip, or another file's content
    }
    std::unique_ptr<File> file;
    Status s = OpenGzipFile(std::move(raw), kMaxCompressedRotated, &file);
    if (s.ok()) s = file->Stat(&info);
    if (!s.ok()) {
      Report(p, s);
      return false;
    }
    return AdoptRotated(e, p, info, std::move(file), src, beneath);
  }
  return false;
}

bool Tailer::Impl::AdoptRotated(const CheckpointEntry& e, const std::string& p, const FileInfo& info,
                                std::unique_ptr<File> file, std::shared_ptr<WatchSource> src,
                                const std::string& beneath) {
  StartFacts facts = RunFacts(*src);
  facts.match = Match::kRotated;
  facts.entry = &e;
  facts.size = info.size;
  StartPosition pos = DecideStart(facts);
  if (pos.skip) return false;
  std::unique_ptr<FollowedFile> t =
      FollowedFile::Rotated(&ctx, FoundAt{std::move(src), p, beneath}, info, std::move(file), pos, e);
  handler->Begin(t->view());
  // The file now at the old path came after this one: read it second.
  auto bp = by_path.find(e.path);
  FollowedFile* raw = t.get();
  files[{info.dev, info.ino}] = std::move(t);
  if (bp != by_path.end()) bp->second->set_predecessor(raw);
  return true;
}

Status Tailer::ApplyWatchEvent(std::string_view line) {
  WatchEvent e;
  if (Status s = DecodeWatchEvent(line, &e); !s.ok()) return s;
  switch (e.type) {
    case WatchEvent::kAdd: {
      WatchSource src;
      src.key = std::move(e.key);
      src.paths = std::move(e.paths);
      src.excludes = std::move(e.excludes);
      src.root = std::move(e.root);
      src.tags = std::move(e.tags);
      src.from = std::move(e.from);
      AddSource(std::move(src));
      break;
    }
    case WatchEvent::kRemove:
      RemoveSource(e.key);
      break;
    case WatchEvent::kSync:
      SyncSources(std::set<std::string>(e.keys.begin(), e.keys.end()));
      break;
  }
  return Status::OK();
}

}  // namespace lc
