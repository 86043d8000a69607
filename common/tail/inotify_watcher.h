// InotifyWatcher: low-latency notice of changes in the directories that the
// globs search.  One watch per directory, never per file, so a thousand
// files in a few directories cost a few watches.
//
// It is only an accelerator: the tailer's stat poll finds everything it
// would miss (overflow, overlayfs, NFS, a watch limit reached), so a failure
// to add a watch is reported once and otherwise ignored.
#ifndef LC_COMMON_INOTIFY_WATCHER_H_
#define LC_COMMON_INOTIFY_WATCHER_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/tail/reporter.h"

namespace lc {

class InotifyWatcher {
 public:
  InotifyWatcher();
  ~InotifyWatcher();
  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  // Watches exactly `dirs` (adds new ones, drops those not listed).  The
  // watch limit, once reached, is reported through `reporter` once.
  void SetDirs(const std::set<std::string>& dirs, Reporter* reporter);

  struct Changes {
    std::set<std::string> modified;  // paths of files written to
    bool structure = false;          // something created, moved or deleted: rediscover
    bool overflow = false;
  };
  // Reads the pending events (non-blocking) into *changes.
  void Read(Changes* changes);

 private:
  int fd_;
  std::map<std::string, int> wd_by_dir_;
  std::map<int, std::string> dir_by_wd_;
  bool warned_ = false;
};

}  // namespace lc

#endif  // LC_COMMON_INOTIFY_WATCHER_H_
