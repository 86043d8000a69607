#include "common/tail/inotify_watcher.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <sys/inotify.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/base/file_system.h"
#include "common/base/rooted_file_system.h"

namespace lc {

namespace {

constexpr uint32_t kEntries = IN_CREATE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE | IN_DELETE_SELF |
                              IN_MOVE_SELF | IN_ONLYDIR;
// IN_ATTRIB: a file made readable, or its last link removed elsewhere.
constexpr uint32_t kWrites = IN_MODIFY | IN_ATTRIB;

}  // namespace

InotifyWatcher::InotifyWatcher() {
  entries_.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  writes_.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
}

InotifyWatcher::~InotifyWatcher() {
  if (entries_.fd >= 0) close(entries_.fd);
  if (writes_.fd >= 0) close(writes_.fd);
}

bool InotifyWatcher::Matters(const Dir& dir, const char* name) {
  for (const std::string& n : dir.names) {
    if (n == "**" || fnmatch(n.c_str(), name, FNM_PERIOD) == 0) return true;
  }
  return false;
}

namespace {

// inotify_add_watch of `dir`, confined to the container when what.root is
// set: through a descriptor opened as the container sees the path.
// *deaf: the directory is on a filesystem whose changes inotify may miss;
// not asked (nullptr) when a re-arm already knows.
int AddWatch(int inotify_fd, const std::string& dir, const InotifyWatcher::Dir& what, uint32_t mask,
             bool* deaf) {
  struct statfs fs;
  if (what.root.empty()) {
    int wd = inotify_add_watch(inotify_fd, dir.c_str(), mask);
    if (deaf != nullptr) {
      *deaf = wd >= 0 && statfs(dir.c_str(), &fs) == 0 && !InotifyWatcher::HearsEveryChange(fs.f_type);
    }
    return wd;
  }
  RootedFileSystem view(RealFileSystem(), what.root, what.beneath);
  int err = 0;
  int fd = view.OpenIn(dir, O_PATH | O_DIRECTORY, &err);
  if (fd < 0) {
    errno = err;
    return -1;
  }
  char proc[64];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  int wd = inotify_add_watch(inotify_fd, proc, mask);
  err = errno;
  if (deaf != nullptr) *deaf = wd >= 0 && fstatfs(fd, &fs) == 0 && !InotifyWatcher::HearsEveryChange(fs.f_type);
  close(fd);
  errno = err;
  return wd;
}

}  // namespace

bool InotifyWatcher::HearsEveryChange(int64_t f_type) {
  switch (static_cast<uint32_t>(f_type)) {
    case 0x6969:      // NFS
    case 0x517B:      // SMB
    case 0xFF534D42:  // CIFS
    case 0xFE534D42:  // SMB2
    case 0x65735546:  // FUSE (sshfs, s3fs, gcsfuse, ...)
    case 0x01021997:  // 9P (virtiofs-like shares, WSL)
    case 0x00C36400:  // Ceph
    case 0x5346414F:  // AFS
    case 0x6B414653:  // kAFS
    case 0x01161970:  // GFS2
    case 0x7461636F:  // OCFS2
    case 0x0BD00BD0:  // Lustre
    case 0x47504653:  // GPFS
      return false;
    default:
      return true;
  }
}

bool InotifyWatcher::SetDirs(const std::map<std::string, Dir>& dirs, Reporter* reporter) {
  if (!ok()) return false;
  reporter_ = reporter;
  complete_ = true;
  bool added = SetDirsOf(&entries_, dirs, [](const Dir&) { return kEntries; }, reporter);
  // Fired one-shot watches are not in writes_: watched again here if wanted.
  fired_.clear();
  SetDirsOf(&writes_, dirs, [this](const Dir& d) { return WriteMask(d); }, reporter);
  return added;
}

uint32_t InotifyWatcher::WriteMask(const Dir& d) const {
  if (!d.files) return 0;
  return one_shot_ ? kWrites | IN_ONESHOT : kWrites;
}

void InotifyWatcher::SetOneShotWrites(bool on) {
  if (on == one_shot_ || !ok()) return;
  one_shot_ = on;
  Rearm();
  std::map<std::string, Dir> dirs;
  for (const auto& [wd, w] : writes_.dir_by_wd) dirs[w.path] = w.dir;
  SetDirsOf(&writes_, dirs, [this](const Dir& d) { return WriteMask(d); }, reporter_);
}

void InotifyWatcher::Rearm() {
  // Only the fired ones, a syscall each: up to 8 directories per read (a
  // tailer's one-shot mode), or every directory once, leaving timed reads.
  for (Watched& w : fired_) {
    if (writes_.wd_by_dir.count(w.path) != 0) continue;  // watched again by a SetDirs since
    w.mask = WriteMask(w.dir);
    // Its filesystem was looked at when first watched (w.deaf): no statfs.
    int wd = AddWatch(writes_.fd, w.path, w.dir, w.mask, nullptr);
    if (wd < 0) {
      complete_ = false;  // the polls list the directories again, and SetDirs retries
      continue;
    }
    complete_ = complete_ && !w.deaf;
    writes_.wd_by_dir[w.path] = wd;
    // The same wd for another path (one directory reached by two): the
    // later path's watch stands, as SetDirs leaves it.
    writes_.dir_by_wd[wd] = std::move(w);
  }
  fired_.clear();
}

bool InotifyWatcher::SetDirsOf(Instance* in, const std::map<std::string, Dir>& dirs,
                               const std::function<uint32_t(const Dir&)>& mask_of, Reporter* reporter) {
  bool added = false;
  for (auto it = in->wd_by_dir.begin(); it != in->wd_by_dir.end();) {
    auto want = dirs.find(it->first);
    if (want != dirs.end() && mask_of(want->second) != 0) {
      ++it;
      continue;
    }
    inotify_rm_watch(in->fd, it->second);
    in->dir_by_wd.erase(it->second);
    it = in->wd_by_dir.erase(it);
  }
  for (const auto& [d, what] : dirs) {
    uint32_t mask = mask_of(what);
    if (mask == 0) continue;
    auto known = in->wd_by_dir.find(d);
    if (known != in->wd_by_dir.end()) {
      Watched& w = in->dir_by_wd[known->second];
      w.dir = what;
      if (w.mask == mask) {
        complete_ = complete_ && !w.deaf;
        continue;
      }
    }
    // A new watch, or a new mask for the same one (the same wd comes back).
    bool deaf = false;
    int wd = AddWatch(in->fd, d, what, mask, &deaf);
    if (wd < 0) {
      complete_ = false;
      if (!warned_ && errno == ENOSPC) {
        reporter->Report("inotify watch limit reached (fs.inotify.max_user_watches); "
                         "falling back to polling for the rest");
        warned_ = true;
      }
      continue;
    }
    if (known != in->wd_by_dir.end() && known->second != wd) in->dir_by_wd.erase(known->second);
    added = added || known == in->wd_by_dir.end();
    in->wd_by_dir[d] = wd;
    in->dir_by_wd[wd] = Watched{d, what, mask, deaf};
    complete_ = complete_ && !deaf;
  }
  return added;
}

void InotifyWatcher::Read(Changes* changes) {
  ReadFrom(&entries_, changes);
  ReadFrom(&writes_, changes);
}

void InotifyWatcher::ReadEntries(Changes* changes) { ReadFrom(&entries_, changes); }

void InotifyWatcher::ReadWrites(Changes* changes) { ReadFrom(&writes_, changes); }

void InotifyWatcher::ReadFrom(Instance* in, Changes* changes) {
  if (in->fd < 0) return;
  alignas(struct inotify_event) char buf[65536];
  for (;;) {
    ssize_t n = read(in->fd, buf, sizeof buf);
    if (n <= 0) return;
    for (char* p = buf; p < buf + n;) {
      auto* ev = reinterpret_cast<struct inotify_event*>(p);
      p += sizeof(struct inotify_event) + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) {
        changes->overflow = changes->structure = true;
        complete_ = false;
        continue;
      }
      if (ev->mask & IN_IGNORED) {
        // The kernel dropped the watch (its directory went): forgotten, so
        // that the next SetDirs watches whatever holds that path then.
        // One SetDirs removed itself is already forgotten: nothing changed.
        auto gone = in->dir_by_wd.find(ev->wd);
        if (gone == in->dir_by_wd.end()) continue;
        auto byd = in->wd_by_dir.find(gone->second.path);
        if (byd != in->wd_by_dir.end() && byd->second == ev->wd) in->wd_by_dir.erase(byd);
        in->dir_by_wd.erase(gone);
        complete_ = false;
        changes->structure = true;
        continue;
      }
      if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
        changes->structure = true;  // a watched directory itself went
        continue;
      }
      auto it = in->dir_by_wd.find(ev->wd);
      if (it == in->dir_by_wd.end()) continue;
      if (it->second.mask & IN_ONESHOT) {
        // The kernel dropped the watch with this event (its IN_IGNORED,
        // next, finds it forgotten): quiet until Rearm.
        changes->fired = true;
        Watched w = std::move(it->second);
        in->dir_by_wd.erase(it);
        auto byd = in->wd_by_dir.find(w.path);
        if (byd != in->wd_by_dir.end() && byd->second == ev->wd) in->wd_by_dir.erase(byd);
        if (ev->len != 0 && (ev->mask & kWrites) && w.dir.files) Note(w, ev->name, changes);
        fired_.push_back(std::move(w));
        continue;
      }
      if (ev->len == 0) continue;
      Watched& w = it->second;
      if (ev->mask & (IN_CREATE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE)) {
        if (Matters(w.dir, ev->name)) changes->structure = true;
      }
      if ((ev->mask & kWrites) && w.dir.files) Note(w, ev->name, changes);
    }
  }
}

void InotifyWatcher::Note(const Watched& w, const char* name, Changes* changes) {
  // The hot path of a busy node (an event per write per file, 100k/s for
  // 1000 files written every 10 ms): a file written again since the last
  // read costs a hash lookup, no allocation, no fnmatch.
  path_.assign(w.path);
  if (!path_.empty() && path_.back() != '/') path_ += '/';
  path_ += name;
  if (changes->modified.count(path_) != 0) return;
  if (Matters(w.dir, name)) {
    changes->modified.insert(path_);
  } else {
    changes->other_modified = true;
  }
}

}  // namespace lc
