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
  t->tf.present_at_start = first_discovery;
  int64_t offset = 0;
  s = StartPosition(t.get(), info, predecessor != nullptr, &offset);
  if (!s.ok()) {
    Report(path, s);
    return;
  }
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

Status Tailer::Impl::StartPosition(Tracked* t, const FileInfo& info, bool replaced, int64_t* offset) {
  for (auto it = saved.begin(); it != saved.end(); ++it) {
    const CheckpointEntry& e = it->second;
    if (!e.id.SameInode(info)) continue;
    Sameness same;
    Status s = CompareIdentity(e.id, e.offset, t->file.get(), info, &same);
    if (!s.ok()) return s;
    if (same == Sameness::kDifferent) break;  // inode reuse: a new file
    if (same == Sameness::kTruncated) {
      // Or its inode reused by a smaller file: the saved content may have
      // been rotated and compressed (RecoverRotated looks).
      moved_away.push_back(e);
      t->generation = 1;
      saved.erase(it);
      *offset = 0;
      return Status::OK();
    }
    t->id.sig = e.id.sig;
    t->tf.key = e.key;
    t->keyed = true;
    t->in_checkpoint = true;
    t->tf.resumed = true;
    t->start = e.start;
    *offset = e.offset;
    if (use_commits) {
      *offset = handler->ResumeOffset(t->tf, commits, e.start);
      if (*offset > info.size) *offset = e.offset <= info.size ? e.offset : 0;
    }
    saved.erase(it);
    return Status::OK();
  }
  const std::string& from = t->source->from;
  bool later = !first_discovery || had_checkpoint || replaced;
  bool tail = later ? (from == "tail" || (from.empty() && opt.from_tail))
                    : (from == "tail" || (from.empty() && !opt.from_head));
  *offset = tail ? LastLineBoundary(t->file.get(), info.size) : 0;
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
  int64_t offset = use_commits ? std::min(e.offset, commits.count(e.key) ? commits[e.key] : e.start)
                               : e.offset;
  if (offset >= info.size) return false;  // nothing left to read
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
  t->splitter.Reset(offset);
  handler->Begin(&t->tf);
  // The file now at the old path came after this one: read it second.
  auto bp = by_path.find(e.path);
  Tracked* raw = t.get();
  files[{info.dev, info.ino}] = std::move(t);
  if (bp != by_path.end()) bp->second->predecessor = raw;
  return true;
}

}  // namespace lc
