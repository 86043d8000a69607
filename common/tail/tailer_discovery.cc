// Tailer::Impl's discovery: globs, rotation, and where a newly found file
// starts (tailer.h has the contracts).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "common/base/rooted_file_system.h"
#include "common/stream/watch_event.h"
#include "common/tail/path_glob.h"
#include "common/tail/tailer_impl.h"

namespace lc {

void Tailer::Impl::Discover() {
  // A directory listed, then watched: what was created there in between
  // (mkdir -p a/b && echo x > a/b/c.log) is found by listing once more,
  // not at the next full listing 30 polls later.  New directories found
  // by that listing are watched and listed in turn, a few levels at most.
  for (int pass = 0; pass < 4 && DiscoverPass(); pass++) {
  }
}

bool Tailer::Impl::DiscoverPass() {
  for (auto& [k, t] : files) t->Unmatch();
  std::map<std::string, InotifyWatcher::Dir> dirs;
  std::set<std::string> claimed;
  for (auto& [key, src] : sources) {
    std::vector<PathGlob> excludes;
    for (const std::string& e : src->excludes) excludes.emplace_back(e);
    for (const std::string& pattern : src->paths) {
      std::vector<PathGlob::Match> found;
      std::vector<PathGlob::Searched> searched;
      PathGlob glob(pattern);
      KeepSpareDescriptors();
      // A container's files: its directories are listed and stat'ed as the
      // container sees them, as its files are opened; a link it planted is
      // never followed on the host, not even to list or stat.
      std::unique_ptr<RootedFileSystem> rooted = src->root.empty() ? nullptr : fs->Within(src->root, glob.LiteralDir());
      glob.Expand(rooted != nullptr ? rooted.get() : fs, &found, &searched);
      if (rooted != nullptr) {
        for (const std::string& p : rooted->TakeRefused()) {
          Report(p, LinkLeavesContainer(p));
        }
      }
      for (PathGlob::Searched& d : searched) {
        InotifyWatcher::Dir& w = dirs[d.dir];
        w.files = w.files || d.last;
        if (rooted != nullptr && w.root.empty()) {
          RootedFileSystem::Place at = rooted->PlaceOf(d.dir);
          if (at == RootedFileSystem::Place::kInRoot || at == RootedFileSystem::Place::kBeneath) {
            w.root = src->root;
            w.beneath = glob.LiteralDir();
          }
        }
        if (std::find(w.names.begin(), w.names.end(), d.component) == w.names.end()) {
          w.names.push_back(std::move(d.component));
        }
      }
      if (src->pinned && found.empty() && pattern.find_first_of("*?[") == std::string::npos) {
        NotFollowable(pattern);
      }
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
    if (StillThere(t.get())) continue;
    t->MarkRotated();
    auto it = by_path.find(t->path());
    if (it != by_path.end() && it->second == t.get()) by_path.erase(it);
  }
  for (const std::string& p : replaced_paths) RecoverGenerations(p, /*replaced=*/true);
  replaced_paths.clear();
  followed_before.clear();
  bool watched_more = opt.use_inotify && inotify.SetDirs(dirs, reporter);
  first_discovery = false;
  last_listing_mono = clock->MonoNanos();
  listings++;
  return watched_more;
}

FollowedFile* Tailer::Impl::RotatedAwayFrom(const std::string& path) {
  FollowedFile* last = nullptr;
  for (auto& [k, t] : files) {
    if (!t->rotated() || t->path() != path) continue;
    if (last == nullptr || t->rotated_mono() > last->rotated_mono()) last = t.get();
  }
  if (last != nullptr) {
    last->ClearDrained();  // drained before this successor came: again, then release it
    last->set_hot(true);
  }
  return last;
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
  } else if (!first_discovery) {
    // The old file went at an earlier look (the kubelet renames a log and
    // the runtime makes the new one a second later): its last bytes, which
    // its writer may have added since that look, still come first.
    predecessor = RotatedAwayFrom(path);
  }
  if (path.compare(0, 6, "/proc/") == 0 || path.compare(0, 5, "/sys/") == 0) {
    Report(path, Status::InvalidArgument(path + ": a /proc or /sys file (its size is always 0): not followed"));
    return;
  }
  std::unique_ptr<File> file;
  Status s = fs->Open(path, src->root, beneath, &file);
  if (OutOfDescriptors(s) && ShedDescriptors(s)) s = fs->Open(path, src->root, beneath, &file);
  if (OutOfDescriptors(s)) {
    // Found again by the next discovery, as what it is now.
    if (first_discovery) deferred_at_start.insert(path);
    if (predecessor != nullptr) by_path[path] = predecessor;
    ShedDescriptors(s);
    return;
  }
  if (!s.ok()) {
    if (!s.IsNotFound()) Report(path, s);
    return;
  }
  reported.erase(path);
  std::map<std::string, CheckpointEntry>::iterator entry;
  StartFacts facts = RunFacts(*src);
  facts.size = info.size;
  facts.present_at_start = first_discovery || deferred_at_start.erase(path) > 0;
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
  // The file the path held before this one, as far as we know it.
  FileIdentity held_before;
  if (predecessor != nullptr) held_before = predecessor->identity();
  if (facts.match != Match::kSame) {
    // Another file at a path a checkpoint entry names: the generations
    // beside it may hold what came while we were down (RecoverGenerations).
    bool known = facts.match == Match::kTruncated;
    int64_t seen = -1;
    for (const auto& [k, e] : saved) {
      if (e.path != path) continue;
      known = true;
      if (predecessor == nullptr && e.seen > seen) {
        seen = e.seen;
        held_before = e.id;
      }
    }
    // Or it replaced a file we follow: generations made and rotated away
    // between two looks at the path (a rotation every 100 ms) are newer
    // than that file, wherever it is now.
    // Known by its key, and by its first bytes now (copied and truncated
    // since it was read, or never read: found empty, no key yet).
    CheckpointEntry pe;
    FileSignature head;
    const int64_t now_s = clock->NowNanos() / kSeconds;
    bool keyed = predecessor != nullptr && predecessor->Entry(now_s, &pe);
    bool headed = predecessor != nullptr && predecessor->HeadNow(&head) && head.len > 0;
    if (keyed || headed) {
      std::vector<CheckpointEntry>& before = followed_before[path];
      before.clear();
      if (keyed) before.push_back(pe);
      if (headed && (!keyed || !(head == pe.id.sig))) {
        pe.id = predecessor->identity();
        pe.id.sig = head;
        pe.offset = 0;
        pe.seen = now_s;
        before.push_back(std::move(pe));
      }
      for (CheckpointEntry& e : before) e.path = path;
      known = true;
    }
    if (known) replaced_paths.insert(path);
  }
  if (t->needs_key()) t->set_copies_after(held_before);
  t->set_predecessor(predecessor);
  handler->Begin(t->view());
  by_path[path] = t.get();
  files[ik] = std::move(t);
}

bool Tailer::Impl::StillThere(FollowedFile* t) {
  // Its source still follows it and its path still holds it: a directory
  // listing failed (out of descriptors), it was not rotated.
  const WatchSource* src = t->view()->source;
  bool followed = std::any_of(sources.begin(), sources.end(), [&](auto& kv) { return kv.second.get() == src; });
  if (!followed) return false;
  FileInfo info;
  std::unique_ptr<RootedFileSystem> rooted = src->root.empty() ? nullptr : fs->Within(src->root, t->beneath());
  return (rooted != nullptr ? rooted.get() : fs)->Stat(t->path(), &info).ok() && t->Holds(info);
}

void Tailer::Impl::KeepSpareDescriptors() {
  // Two: a directory listing, and a file found in it (or a checkpoint's
  // temp file and its directory's fsync).
  int a = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int b = a >= 0 ? open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
  int err = errno;
  if (a >= 0) close(a);
  if (b >= 0) close(b);
  if (b < 0 && (err == EMFILE || err == ENFILE)) ShedDescriptors(Status::FromErrno("lc-tail", err));
}

void Tailer::Impl::NotFollowable(const std::string& path) {
  FileInfo info;
  Status s = fs->Stat(path, &info);
  if (s.IsNotFound()) return;  // may appear later
  if (!s.ok()) {
    Report(path, s);  // a symlink loop, a denied directory
  } else if (info.is_dir) {
    Report(path, Status::InvalidArgument(path + ": is a directory: give a glob of its files (" +
                                         JoinPath(path, "*.log") + ")"));
  } else if (!info.is_regular) {
    Report(path, Status::InvalidArgument(path + ": not a regular file (a FIFO, socket or device): not followed"));
  }
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
  // Several entries may name the inode (a copytruncate'd file's earlier
  // contents, kept until committed): the one it still is wins.
  for (auto it = saved.begin(); it != saved.end(); ++it) {
    const CheckpointEntry& e = it->second;
    if (!e.id.SameInode(info)) continue;
    Sameness same;
    Status s = CompareIdentity(e.id, e.offset, file, info, &same);
    if (!s.ok()) return s;
    if (same == Sameness::kSame) {
      *match = Match::kSame;
      *entry = it;
      return Status::OK();
    }
    if (same == Sameness::kTruncated && *match != Match::kTruncated) {
      *match = Match::kTruncated;
      *entry = it;
    } else if (same == Sameness::kDifferent && *match == Match::kNone) {
      *match = Match::kReused;  // the entry stays: its file may be found renamed
    }
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
      src.parser = std::move(e.parser);
      src.multiline = std::move(e.multiline);
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
