#include "common/tail/inotify_watcher.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/base/file_system.h"

namespace lc {

InotifyWatcher::InotifyWatcher() : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

InotifyWatcher::~InotifyWatcher() {
  if (fd_ >= 0) close(fd_);
}

void InotifyWatcher::SetDirs(const std::set<std::string>& dirs, Reporter* reporter) {
  if (fd_ < 0) return;
  for (auto it = wd_by_dir_.begin(); it != wd_by_dir_.end();) {
    if (dirs.count(it->first)) {
      ++it;
      continue;
    }
    inotify_rm_watch(fd_, it->second);
    dir_by_wd_.erase(it->second);
    it = wd_by_dir_.erase(it);
  }
  for (const std::string& d : dirs) {
    if (wd_by_dir_.count(d)) continue;
    int wd = inotify_add_watch(fd_, d.c_str(),
                               IN_MODIFY | IN_CREATE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE |
                                   IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB | IN_ONLYDIR);
    if (wd < 0) {
      if (!warned_ && errno == ENOSPC) {
        reporter->Report("inotify watch limit reached (fs.inotify.max_user_watches); "
                         "falling back to polling for the rest");
        warned_ = true;
      }
      continue;
    }
    wd_by_dir_[d] = wd;
    dir_by_wd_[wd] = d;
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
        continue;
      }
      if (ev->mask & (IN_CREATE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE | IN_DELETE_SELF |
                      IN_MOVE_SELF | IN_IGNORED)) {
        changes->structure = true;
      }
      if ((ev->mask & (IN_MODIFY | IN_ATTRIB)) && ev->len > 0) {
        auto it = dir_by_wd_.find(ev->wd);
        if (it != dir_by_wd_.end()) changes->modified.insert(JoinPath(it->second, ev->name));
      }
    }
  }
}

}  // namespace lc
