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

InotifyWatcher::InotifyWatcher() : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

InotifyWatcher::~InotifyWatcher() {
  if (fd_ >= 0) close(fd_);
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
// *deaf: the directory is on a filesystem whose changes inotify may miss.
int AddWatch(int inotify_fd, const std::string& dir, const InotifyWatcher::Dir& what, uint32_t mask,
             bool* deaf) {
  struct statfs fs;
  if (what.root.empty()) {
    int wd = inotify_add_watch(inotify_fd, dir.c_str(), mask);
    *deaf = wd >= 0 && statfs(dir.c_str(), &fs) == 0 && !InotifyWatcher::HearsEveryChange(fs.f_type);
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
  *deaf = wd >= 0 && fstatfs(fd, &fs) == 0 && !InotifyWatcher::HearsEveryChange(fs.f_type);
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

void InotifyWatcher::SetDirs(const std::map<std::string, Dir>& dirs, Reporter* reporter) {
  if (fd_ < 0) return;
  complete_ = true;
  for (auto it = wd_by_dir_.begin(); it != wd_by_dir_.end();) {
    if (dirs.count(it->first)) {
      ++it;
      continue;
    }
    inotify_rm_watch(fd_, it->second);
    dir_by_wd_.erase(it->second);
    it = wd_by_dir_.erase(it);
  }
  for (const auto& [d, what] : dirs) {
    uint32_t mask = kEntries | (what.files ? kWrites : 0);
    auto known = wd_by_dir_.find(d);
    if (known != wd_by_dir_.end()) {
      Watched& w = dir_by_wd_[known->second];
      w.dir = what;
      if (w.mask == mask) {
        complete_ = complete_ && !w.deaf;
        continue;
      }
    }
    // A new watch, or a new mask for the same one (the same wd comes back).
    bool deaf = false;
    int wd = AddWatch(fd_, d, what, mask, &deaf);
    if (wd < 0) {
      complete_ = false;
      if (!warned_ && errno == ENOSPC) {
        reporter->Report("inotify watch limit reached (fs.inotify.max_user_watches); "
                         "falling back to polling for the rest");
        warned_ = true;
      }
      continue;
    }
    if (known != wd_by_dir_.end() && known->second != wd) dir_by_wd_.erase(known->second);
    wd_by_dir_[d] = wd;
    dir_by_wd_[wd] = Watched{d, what, mask, deaf};
    complete_ = complete_ && !deaf;
  }
}

void InotifyWatcher::Read(Changes* changes) {
  if (fd_ < 0) return;
  alignas(struct inotify_event) char buf[65536];
  for (;;) {
    ssize_t n = read(fd_, buf, sizeof buf);
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
        auto gone = dir_by_wd_.find(ev->wd);
        if (gone == dir_by_wd_.end()) continue;
        auto byd = wd_by_dir_.find(gone->second.path);
        if (byd != wd_by_dir_.end() && byd->second == ev->wd) wd_by_dir_.erase(byd);
        dir_by_wd_.erase(gone);
        complete_ = false;
        changes->structure = true;
        continue;
      }
      if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
        changes->structure = true;  // a watched directory itself went
        continue;
      }
      auto it = dir_by_wd_.find(ev->wd);
      if (it == dir_by_wd_.end() || ev->len == 0) continue;
      const Watched& w = it->second;
      if (ev->mask & (IN_CREATE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE)) {
        if (Matters(w.dir, ev->name)) changes->structure = true;
      }
      if ((ev->mask & kWrites) && w.dir.files) {
        // The hot path of a busy node (an event per write per file, 100k/s
        // for 1000 files written every 10 ms): a file written again since
        // the last read costs a hash lookup, no allocation, no fnmatch.
        path_.assign(w.path);
        if (!path_.empty() && path_.back() != '/') path_ += '/';
        path_ += ev->name;
        if (changes->modified.count(path_) != 0) continue;
        if (Matters(w.dir, ev->name)) {
          changes->modified.insert(path_);
        } else {
          changes->other_modified = true;
        }
      }
    }
  }
}

}  // namespace lc
