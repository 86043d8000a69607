// Tailer::Impl's discovery: globs, rotation, and where a newly found file
// starts (tailer.h has the contracts).
#include <algorithm>

#include "common/tail/gzip_file.h"
#include "common/tail/path_glob.h"
#include "common/tail/tailer_impl.h"

namespace lc {

void Tailer::Impl::Discover() {
  for (auto& [k, t] : files) t->matched = false;
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
  // Tracked files not found this time were renamed away or deleted.  A
  // rotated file in its rotate wait is looked at once per discovery (its
  // new name may be outside every watched directory).
  for (auto& [k, t] : files) {
    if (t->rotated) t->hot = true;
    if (t->matched || t->rotated) continue;
    MarkRotated(t.get());
    auto it = by_path.find(t->tf.path);
    if (it != by_path.end() && it->second == t.get()) by_path.erase(it);
  }
  if (opt.use_inotify) inotify.SetDirs(dirs);
  first_discovery = false;
}

void Tailer::Impl::MarkRotated(Tracked* t) {
  t->rotated = true;
  t->hot = true;
  t->rotated_mono = clock->MonoNanos();
}

int64_t Tailer::Impl::RotateWaitEnd(const Tracked* t) const {
  return std::max(t->last_data_mono, t->rotated_mono) + opt.rotate_wait_ns;
}

bool Tailer::Impl::RotateWaitOver(const Tracked* t, int64_t now) const {
  return t->rotated && now >= RotateWaitEnd(t);
}

void Tailer::Impl::Found(const std::shared_ptr<WatchSource>& src, const std::string& path,
                         const FileInfo& info, const std::string& beneath) {
  InodeKey ik{info.dev, info.ino};
  auto it = files.find(ik);
  if (it != files.end()) {
    Tracked* t = it->second.get();
    if (t->tf.path != path) {  // renamed, and still matched under its new name
      auto old = by_path.find(t->tf.path);
      if (old != by_path.end() && old->second == t) by_path.erase(old);
      t->tf.path = path;
    }
    t->matched = true;
    t->rotated = false;
    t->drained = false;
    if (t->source != src) {
      t->source = src;
      t->tf.source = src.get();
    }
    if (info.size != t->size_seen) t->hot = true;
    t->size_seen = info.size;
    Tracked*& slot = by_path[path];
    slot = t;
    return;
  }
  Tracked* predecessor = nullptr;
  auto bp = by_path.find(path);
  if (bp != by_path.end()) {
    predecessor = bp->second;
    MarkRotated(predecessor);
    by_path.erase(bp);
  }
  std::unique_ptr<File> file;
  Status s = fs->Open(path, src->root, beneath, &file);
  if (!s.ok()) {
    if (!s.IsNotFound()) Report(path, s);
    return;
  }
  reported.erase(path);
  auto t = std::make_unique<Tracked>(&ctx, opt.max_line_bytes);
  t->tf.path = path;
  t->source = src;
  t->tf.source = src.get();
  t->beneath = beneath;
  t->id.dev = info.dev;
  t->id.ino = info.ino;
  t->file = std::move(file);
  t->size_seen = info.size;
  t->last_data_mono = clock->MonoNanos();
  t->predecessor = predecessor;
  t->matched = true;
  std::map<std::string, CheckpointEntry>::iterator it_entry;
  StartFacts facts = RunFacts(*src);
  facts.size = info.size;
  facts.present_at_start = first_discovery;
  facts.replaced = predecessor != nullptr;
  s = MatchEntry(t->file.get(), info, &facts.match, &it_entry);
  if (!s.ok()) {
    Report(path, s);
    return;
  }
  if (it_entry != saved.end()) facts.entry = &it_entry->second;
  StartPosition pos = DecideStart(facts);
  int64_t offset = pos.at_last_line ? LastLineBoundary(t->file.get(), info.size) : pos.offset;
  if (facts.match == Match::kSame) {
    const CheckpointEntry& e = it_entry->second;
    t->id.sig = e.id.sig;
    t->tf.key = e.key;
    t->keyed = true;
    t->in_checkpoint = true;
    t->start = e.start;
  }
  if (facts.match == Match::kTruncated) {
    // Or its inode reused by a smaller file: the saved content may have
    // been rotated and compressed (RecoverRotated looks).
    moved_away.push_back(it_entry->second);
    t->generation = 1;
  }
  if (facts.entry != nullptr) saved.erase(it_entry);
  ApplyStart(t.get(), pos);
  t->splitter.Reset(offset);
  if (!t->keyed) {
    // Keyed at once, so even a file started at its end is in the next
    // checkpoint and a restart does not skip what arrives meanwhile.
    t->start = offset;
    t->AssignKey(info);
  }
  handler->Begin(&t->tf);
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

void Tailer::Impl::ApplyStart(Tracked* t, const StartPosition& pos) {
  t->tf.resumed = pos.resumed;
  t->tf.since = pos.since;
  t->tf.committed = pos.committed;
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
  auto t = std::make_unique<Tracked>(&ctx, opt.max_line_bytes);
  t->tf.path = p;
  t->source = src;
  t->tf.source = src.get();
  t->beneath = beneath;
  t->tf.key = e.key;
  t->id = e.id;
  t->id.dev = info.dev;  // a compressed copy is saved under its own inode
  t->id.ino = info.ino;
  t->keyed = t->in_checkpoint = true;
  t->start = e.start;
  t->file = std::move(file);
  t->size_seen = info.size;
  t->last_data_mono = clock->MonoNanos();
  MarkRotated(t.get());
  ApplyStart(t.get(), pos);
  t->splitter.Reset(pos.offset);
  handler->Begin(&t->tf);
  // The file now at the old path came after this one: read it second.
  auto bp = by_path.find(e.path);
  Tracked* raw = t.get();
  files[{info.dev, info.ino}] = std::move(t);
  if (bp != by_path.end()) bp->second->predecessor = raw;
  return true;
}

}  // namespace lc
