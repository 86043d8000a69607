// InotifyWatcher: low-latency notice of changes in the directories that the
// globs search.  One watch per directory, never per file, so a thousand
// files in a few directories cost a few watches.
//
// It is only an accelerator: the tailer's stat poll finds everything it
// would miss (overflow, overlayfs, NFS, a watch limit reached), so a failure
// to add a watch is reported once and otherwise ignored.
//
// Each directory is watched for the names that can change what the globs
// match there (PathGlob::Searched): a create, delete or rename of another
// name does not ask for a rediscovery.  An ancestor of the files (/, /tmp,
// /var) is watched for entries only, never for writes: compilers writing in
// /tmp cost nothing to a tailer of /tmp/app/*.log.
//
// Two inotify instances: one hears entries (create, delete, rename: rare),
// the other writes (an event per write).  The tailer listens to the first
// always, so a new file is opened at once even while its read delay holds
// writes back (a file created and deleted within the delay is still read:
// an open file is read whole), and to the second only when it is ready to
// read.
//
// A directory of a container (Dir::root set) is watched as the container
// sees it: opened confined (RootedFileSystem) and watched through its
// descriptor, so a link the container planted never puts a watch on a host
// directory.  One that cannot be opened so is not watched.
#ifndef LC_COMMON_INOTIFY_WATCHER_H_
#define LC_COMMON_INOTIFY_WATCHER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/tail/reporter.h"

namespace lc {

class InotifyWatcher {
 public:
  // What matters in one directory.
  struct Dir {
    std::vector<std::string> names;  // fnmatch(3) patterns of its entries that matter; "**": any
    bool files = false;              // holds files we follow: their writes matter
    // A container's directory: the watch's root and the directory its
    // pattern names (RootedFileSystem); empty for a host directory.
    std::string root, beneath;
  };

  InotifyWatcher();
  ~InotifyWatcher();
  bool ok() const { return entries_.fd >= 0 && writes_.fd >= 0; }
  int fd() const { return writes_.fd; }                // writes
  int entries_fd() const { return entries_.fd; }       // creates, deletes, renames

  // Watches exactly `dirs` (adds new ones, drops those not listed).  The
  // watch limit, once reached, is reported through `reporter` once.
  // Returns whether a directory was newly watched for entries: what was
  // created there between its listing and now was heard by nobody, so the
  // caller lists again.
  bool SetDirs(const std::map<std::string, Dir>& dirs, Reporter* reporter);
  // Every directory of the last SetDirs is watched, on a filesystem whose
  // changes inotify is told of, and no event was lost since: a poll need
  // not list them, nor stat the files there.
  bool complete() const { return ok() && complete_; }
  // Whether inotify hears of every change on a filesystem of statfs(2)
  // type `f_type`: not on a network or FUSE filesystem, where another host
  // or a daemon writes without the local kernel knowing.
  static bool HearsEveryChange(int64_t f_type);

  struct Changes {
    std::unordered_set<std::string> modified;  // paths of files written to, whose names matter
    bool other_modified = false;     // a file of another name written to (a rotated one, maybe)
    bool structure = false;          // something that matters created, moved or deleted: rediscover
    bool overflow = false;
    // A one-shot write watch heard its write (SetOneShotWrites): any file
    // of its directory may be written after the ones named, unheard.
    bool fired = false;
  };
  // Reads the pending events (non-blocking) into *changes: of both
  // instances, or of one.
  void Read(Changes* changes);
  void ReadEntries(Changes* changes);
  void ReadWrites(Changes* changes);

  // One-shot write watches, for the tailer's timed reads of a busy node:
  // each directory's write watch hears one write, then is quiet until
  // Rearm() or SetOneShotWrites(false).  A watch hears an event per write
  // per file (1000 files written every 120 ms: 8,000 a second, each
  // allocated, queued, copied and freed, a fifth of lc-tail's time); a
  // tailer that reads every file each read delay anyway needs none.  Off:
  // a watch hears every write.  Takes effect at once (re-masks every write
  // watch, re-arms the fired ones).
  void SetOneShotWrites(bool on);
  bool one_shot_writes() const { return one_shot_; }
  // Watches again the directories whose one-shot watch fired (Changes::
  // fired): what is written after is heard.  A directory that cannot be
  // watched again leaves complete().
  void Rearm();
  // Directories watched for writes, fired ones included (what a test
  // checks: a fired watch is remembered for Rearm).
  size_t write_dirs() const { return writes_.wd_by_dir.size() + fired_.size(); }

  // Whether an entry `name` of a directory watched for `dir` can change
  // what the globs match: its create, delete or rename asks for a
  // rediscovery, its writes are reported by path.
  static bool Matters(const Dir& dir, const char* name);

 private:
  struct Watched {
    std::string path;
    Dir dir;
    uint32_t mask = 0;
    bool deaf = false;  // on a filesystem inotify does not hear every change of
  };
  struct Instance {
    int fd = -1;
    std::map<std::string, int> wd_by_dir;
    std::map<int, Watched> dir_by_wd;
  };
  // Watches dirs in `in` for mask_of(dir) (0: not watched there).
  // Returns whether a watch was added (not only re-masked).
  bool SetDirsOf(Instance* in, const std::map<std::string, Dir>& dirs,
                 const std::function<uint32_t(const Dir&)>& mask_of, Reporter* reporter);
  void ReadFrom(Instance* in, Changes* changes);
  // A write to `name` in `w`: into changes->modified, or other_modified.
  void Note(const Watched& w, const char* name, Changes* changes);

  uint32_t WriteMask(const Dir& d) const;

  Instance entries_, writes_;
  bool one_shot_ = false;
  std::vector<Watched> fired_;  // one-shot write watches gone quiet, until Rearm
  Reporter* reporter_ = nullptr;      // SetDirs', for Rearm and SetOneShotWrites
  std::string path_;  // Read's scratch: one path per event, no allocation once it is long enough
  bool warned_ = false;
  bool complete_ = false;
};

}  // namespace lc

#endif  // LC_COMMON_INOTIFY_WATCHER_H_
