#include "common/tailer.h"

#include <poll.h>

#include <algorithm>
#include <cstdio>

#include "common/atomic_file.h"
#include "common/checkpoint.h"
#include "common/followed_file.h"
#include "common/inotify_watcher.h"
#include "common/path_glob.h"
#include "common/signals.h"

namespace lc {

namespace {

using InodeKey = std::pair<uint64_t, uint64_t>;

using Tracked = FollowedFile;

}  // namespace

struct Tailer::Impl {
  TailOptions opt;
  FileSystem* fs;
  Clock* clock;
  LineHandler* handler;
  OutputWriter* out;
  Tailer* owner;

  std::map<std::string, std::shared_ptr<WatchSource>> sources;
  std::map<InodeKey, std::unique_ptr<Tracked>> files;
  std::map<std::string, Tracked*> by_path;          // current (non-rotated) file at a path
  std::map<std::string, CheckpointEntry> saved;     // loaded entries not yet matched, by key
  CursorMap commits;
  bool use_commits = false;
  std::string checkpoint_path;
  std::set<std::string> reported;                   // paths whose error was printed
  InotifyWatcher inotify;
  bool first_discovery = true;
  bool had_checkpoint = false;  // a checkpoint file existed: unknown files are new since then
  bool need_save = false;
  int64_t last_save_mono = 0;
  uint64_t last_saved_hash = 0;   // of what the last save wrote, to skip idle saves
  int64_t last_written_mono = 0;
  int64_t last_poll_mono = 0;
  FollowContext ctx;  // shared by every FollowedFile

  Impl(const TailOptions& o, FileSystem* f, Clock* c, LineHandler* h, OutputWriter* w, Tailer* t)
      : opt(o), fs(f), clock(c), handler(h), out(w), owner(t),
        ctx{f, c, h, std::vector<char>(o.read_chunk), [this] { Save(); }} {}

  void Report(const std::string& path, const Status& s) {
    if (!reported.insert(path).second) return;
    owner->error_count_++;
    std::string msg = s.message();
    // Messages already name the path; print "<path>: <reason>" once.
    if (msg.compare(0, path.size(), path) != 0) msg = path + ": " + msg;
    fprintf(stderr, "lc-tail: %s\n", msg.c_str());
  }

  // ---- discovery ----------------------------------------------------------

  void Discover() {
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

  // Its path names another file or nothing now: drain it, then wait.
  void MarkRotated(Tracked* t) {
    t->rotated = true;
    t->hot = true;
    t->rotated_mono = clock->MonoNanos();
  }

  // When a rotated file's rotate wait ends: rotate_wait after it was found
  // rotated or after its last byte, whichever came later.
  int64_t RotateWaitEnd(const Tracked* t) const {
    return std::max(t->last_data_mono, t->rotated_mono) + opt.rotate_wait_ns;
  }
  bool RotateWaitOver(const Tracked* t, int64_t now) const {
    return t->rotated && now >= RotateWaitEnd(t);
  }

  void Found(const std::shared_ptr<WatchSource>& src, const std::string& path, const FileInfo& info,
             const std::string& beneath) {
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

  // Where a newly tracked file starts: its checkpoint entry if the identity
  // still matches, else the rules in tailer.h.
  Status StartPosition(Tracked* t, const FileInfo& info, bool replaced, int64_t* offset) {
    for (auto it = saved.begin(); it != saved.end(); ++it) {
      const CheckpointEntry& e = it->second;
      if (!e.id.SameInode(info)) continue;
      Sameness same;
      Status s = CompareIdentity(e.id, e.offset, t->file.get(), info, &same);
      if (!s.ok()) return s;
      if (same == Sameness::kDifferent) break;  // inode reuse: a new file
      if (same == Sameness::kTruncated) {
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

  // The offset just past the last '\n' before `size` (0 if none in the last 64 KiB).
  int64_t LastLineBoundary(File* f, int64_t size) {
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

  // Checkpoint entries whose file was not found by the globs (renamed away
  // while we were down, e.g. a.log -> a.log.1): look for the inode beside
  // the old path and drain it from the saved offset.
  void RecoverRotated() {
    for (auto it = saved.begin(); it != saved.end();) {
      const CheckpointEntry& e = it->second;
      std::vector<std::string> names;
      bool done = false;
      if (fs->ListDir(DirName(e.path), &names).ok()) {
        for (const std::string& name : names) {
          std::string p = JoinPath(DirName(e.path), name);
          FileInfo info;
          if (!fs->Lstat(p, &info).ok() || !info.is_regular || !e.id.SameInode(info)) continue;
          if (files.count({info.dev, info.ino})) break;
          done = AdoptRotated(e, p, info);
          break;
        }
      }
      it = done ? saved.erase(it) : std::next(it);
    }
  }

  bool AdoptRotated(const CheckpointEntry& e, const std::string& p, const FileInfo& info) {
    std::unique_ptr<File> file;
    if (!fs->Open(p, "", "", &file).ok()) return false;
    Sameness same;
    if (!CompareIdentity(e.id, e.offset, file.get(), info, &same).ok() || same != Sameness::kSame) {
      return false;
    }
    int64_t offset = use_commits ? std::min(e.offset, commits.count(e.key) ? commits[e.key] : e.start)
                                 : e.offset;
    if (offset >= info.size) return false;  // nothing left to read
    auto t = std::make_unique<Tracked>(&ctx, opt.max_line_bytes);
    t->tf.path = p;
    auto src = sources.empty() ? std::make_shared<WatchSource>() : sources.begin()->second;
    t->source = src;
    t->tf.source = src.get();
    t->tf.key = e.key;
    t->id = e.id;
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

  // ---- reading ------------------------------------------------------------

  // Reads one chunk from every file that may have bytes.  True if any line
  // or byte moved.
  bool Turn(bool all) {
    if (need_save || std::any_of(files.begin(), files.end(), [](auto& kv) {
          return kv.second->keyed && !kv.second->in_checkpoint;
        })) {
      Save();
    }
    bool progress = false;
    std::vector<InodeKey> done;
    int64_t now = clock->MonoNanos();
    for (auto& [ik, up] : files) {
      Tracked* t = up.get();
      if (!all && !t->hot && !RotateWaitOver(t, now)) continue;
      if (t->predecessor != nullptr) continue;  // the old file at this path goes first
      int r = ReadChunk(t);
      if (r > 0) progress = true;
      if (r <= 0) {
        t->hot = false;
        if (t->rotated) {
          // Unreadable after rotation (nothing more will come), or quiet for
          // the rotate wait: let it go.  Drained: its successor may go.
          if (r < 0 || RotateWaitOver(t, now)) {
            done.push_back(ik);
          } else if (!t->drained) {
            t->drained = true;
            progress |= ReleaseSuccessors(t);
          }
        }
      }
    }
    for (const InodeKey& ik : done) Release(ik);
    return progress;
  }

  // The files waiting for `t` to be drained may be read now.
  bool ReleaseSuccessors(Tracked* t) {
    bool any = false;
    for (auto& [k, other] : files) {
      if (other->predecessor == t) {
        other->predecessor = nullptr;
        other->hot = true;
        any = true;
      }
    }
    return any;
  }

  // How long Follow may sleep: 0 while a readable file may have bytes, else
  // until the next stat poll, held partial line or rotate wait is due.
  int64_t WaitNanos(int64_t mono) const {
    int64_t due = last_poll_mono + opt.poll_ns;
    for (auto& [ik, t] : files) {
      if (t->hot && t->predecessor == nullptr) return 0;
      if (t->splitter.pending_bytes() > 0) due = std::min(due, t->last_data_mono + opt.partial_flush_ns);
      if (t->rotated && t->drained) due = std::min(due, RotateWaitEnd(t.get()));
    }
    return std::max<int64_t>(0, due - mono);
  }

  // 1: read bytes; 0: at EOF; -1: error (reported).
  int ReadChunk(Tracked* t) {
    Status error;
    switch (t->ReadChunk(&error)) {
      case FollowedFile::Read::kBytes: return 1;
      case FollowedFile::Read::kEof: return 0;
      case FollowedFile::Read::kError:
        if (!error.ok()) Report(t->tf.path, error);
        return -1;
    }
    return -1;
  }

  void Release(const InodeKey& ik) {
    auto it = files.find(ik);
    if (it == files.end()) return;
    Tracked* t = it->second.get();
    t->Finish();
    ReleaseSuccessors(t);
    auto bp = by_path.find(t->tf.path);
    if (bp != by_path.end() && bp->second == t) by_path.erase(bp);
    files.erase(it);
    need_save = true;
  }

  // Emits partial lines idle for partial_flush_ns; closes idle descriptors.
  void IdleWork(bool once) {
    int64_t mono = clock->MonoNanos();
    int64_t wall = clock->NowNanos();
    for (auto& [ik, t] : files) {
      handler->Idle(&t->tf, mono, once && Quiet(t.get(), wall));
      if (t->splitter.pending_bytes() == 0) {
        if (!once && t->file && !t->rotated && mono - t->last_data_mono > opt.close_idle_ns) {
          t->file.reset();
        }
        continue;
      }
      bool due = mono - t->last_data_mono >= opt.partial_flush_ns;
      if (once) due = Quiet(t.get(), wall);
      if (due) {
        t->FlushPartial(wall);
      }
    }
  }

  // In a single pass, whether the file's writer has been quiet for the
  // partial-line timeout, by the file's own mtime.
  bool Quiet(Tracked* t, int64_t wall) {
    FileInfo info;
    return t->file && t->file->Stat(&info).ok() && wall - info.mtime_ns >= opt.partial_flush_ns;
  }

  // ---- checkpoint ---------------------------------------------------------

  Status Save() {
    need_save = false;
    last_save_mono = clock->MonoNanos();
    if (out != nullptr) {
      Status s = out->Flush();
      if (!s.ok()) return s;
    }
    for (auto& [ik, t] : files) {
      if (t->keyed) t->in_checkpoint = true;
    }
    if (checkpoint_path.empty()) return Status::OK();
    int64_t now_s = clock->NowNanos() / kSeconds;
    std::vector<CheckpointEntry> entries;
    for (auto& [ik, t] : files) {
      if (!t->keyed) continue;
      if (t->id.sig.len < kSignatureBytes && t->file && t->size_seen > t->id.sig.len) {
        // Lengthen a young file's signature: a stronger identity, same key.
        ReadSignature(t->file.get(), t->size_seen, kSignatureBytes, &t->id.sig);
      }
      CheckpointEntry e;
      e.key = t->tf.key;
      e.path = t->tf.path;
      e.id = t->id;
      e.offset = handler->SafeOffset(t->tf, t->splitter.safe_offset());
      e.start = t->start;
      e.seen = now_s;
      entries.push_back(std::move(e));
    }
    for (auto it = saved.begin(); it != saved.end();) {
      if (now_s - it->second.seen > opt.forget_ns / kSeconds) {
        it = saved.erase(it);
      } else {
        entries.push_back(it->second);
        ++it;
      }
    }
    // Nothing moved since the last write: skip it (an idle node then costs
    // no writes), but refresh the "seen" times hourly.
    std::string fingerprint;
    for (const CheckpointEntry& e : entries) {
      fingerprint += e.key + '\0' + e.path + '\0' + std::to_string(e.offset) + '\0' +
                     std::to_string(e.id.sig.len) + '\n';
    }
    uint64_t h = HashBytes(fingerprint.data(), fingerprint.size());
    int64_t mono = clock->MonoNanos();
    if (h == last_saved_hash && last_written_mono != 0 && mono - last_written_mono < 3600 * kSeconds) {
      return Status::OK();
    }
    Status s = WriteFileAtomically(checkpoint_path, EncodeCheckpoint(entries));
    if (!s.ok()) {
      fprintf(stderr, "lc-tail: %s\n", s.message().c_str());
      return s;
    }
    last_saved_hash = h;
    last_written_mono = mono;
    return s;
  }

  // ---- loops --------------------------------------------------------------

  void DrainAll() {
    while (Turn(true)) {
      if (out != nullptr && out->closed()) return;
    }
  }
};

Tailer::Tailer(const TailOptions& options, FileSystem* fs, Clock* clock, LineHandler* handler,
               OutputWriter* out)
    : impl_(new Impl(options, fs, clock, handler, out, this)) {}

Tailer::~Tailer() = default;

Status Tailer::LoadCheckpoint(const std::string& path) {
  impl_->checkpoint_path = path;
  std::string text;
  Status s = ReadWholeFile(path, &text);
  if (s.IsNotFound()) return Status::OK();
  if (!s.ok()) return s;
  std::vector<CheckpointEntry> entries;
  s = DecodeCheckpoint(text, path, &entries);
  if (!s.ok()) return s;
  impl_->had_checkpoint = true;
  for (CheckpointEntry& e : entries) impl_->saved[e.key] = std::move(e);
  return Status::OK();
}

Status Tailer::LoadCommits(const std::string& path) {
  impl_->use_commits = true;
  return LoadCommitFile(path, &impl_->commits);
}

void Tailer::AddSource(WatchSource s) {
  std::string key = s.key;
  impl_->sources[key] = std::make_shared<WatchSource>(std::move(s));
}

void Tailer::RemoveSource(const std::string& key) { impl_->sources.erase(key); }

void Tailer::SyncSources(const std::set<std::string>& keys) {
  for (auto it = impl_->sources.begin(); it != impl_->sources.end();) {
    if (!it->second->pinned && !keys.count(it->first)) {
      it = impl_->sources.erase(it);
    } else {
      ++it;
    }
  }
}

Status Tailer::SaveCheckpoint() { return impl_->Save(); }

Status Tailer::RunOnce() {
  impl_->Discover();
  impl_->RecoverRotated();
  impl_->DrainAll();
  impl_->IdleWork(/*once=*/true);
  // Rotated files are drained to EOF by now; let them go.
  std::vector<InodeKey> done;
  for (auto& [ik, t] : impl_->files) {
    if (t->rotated) done.push_back(ik);
  }
  for (const InodeKey& ik : done) impl_->Release(ik);
  impl_->DrainAll();
  return impl_->Save();
}

Status Tailer::Follow(int extra_fd, const std::function<bool()>& on_extra) {
  Impl& m = *impl_;
  m.Discover();
  m.RecoverRotated();
  m.last_poll_mono = m.clock->MonoNanos();
  bool poll_all = true;
  while (StopSignal() == 0) {
    // Read in fair turns until nothing moves (bounded, to stay responsive).
    for (int turns = 0; turns < 64 && m.Turn(poll_all); turns++) {
      poll_all = false;
      if (StopSignal() != 0 || (m.out && m.out->closed())) break;
    }
    poll_all = false;
    m.IdleWork(false);
    int64_t mono = m.clock->MonoNanos();
    if (m.need_save || mono - m.last_save_mono >= m.opt.checkpoint_interval_ns) m.Save();
    if (m.out) {
      Status s = m.out->Flush();
      if (!s.ok()) return s;
      if (m.out->closed()) break;
    }
    int64_t wait_ns = m.WaitNanos(mono);
    struct pollfd pfds[3];
    int n = 0;
    pfds[n++] = {SignalFd(), POLLIN, 0};
    int ino_idx = -1, extra_idx = -1;
    if (m.inotify.ok() && m.opt.use_inotify) {
      ino_idx = n;
      pfds[n++] = {m.inotify.fd(), POLLIN, 0};
    }
    if (extra_fd >= 0) {
      extra_idx = n;
      pfds[n++] = {extra_fd, POLLIN, 0};
    }
    int r = poll(pfds, static_cast<nfds_t>(n), static_cast<int>((wait_ns + 999999) / 1000000));
    if (r > 0 && (pfds[0].revents & POLLIN)) DrainSignalFd();
    bool rediscover = false;
    if (r > 0 && ino_idx >= 0 && pfds[ino_idx].revents) {
      InotifyWatcher::Changes ch;
      m.inotify.Read(&ch);
      rediscover = ch.structure;
      for (const std::string& p : ch.modified) {
        auto it = m.by_path.find(p);
        if (it != m.by_path.end()) {
          it->second->hot = true;
        } else {
          rediscover = true;  // a file we do not follow yet was written
        }
      }
    }
    if (r > 0 && extra_idx >= 0 && pfds[extra_idx].revents) {
      if (!on_extra()) extra_fd = -1;  // the watch stream ended: keep following what we have
      rediscover = true;
    }
    mono = m.clock->MonoNanos();
    if (mono - m.last_poll_mono >= m.opt.poll_ns) {
      // The safety net: discovery stats every matched path and marks the
      // files whose size changed as hot, so one stat per file per poll
      // finds both new files and writes that inotify did not report.
      m.last_poll_mono = mono;
      rediscover = true;
    }
    if (rediscover) m.Discover();
  }
  // Stopped: what was read is flushed and saved; the rest waits in the files.
  return m.Save();
}

}  // namespace lc
