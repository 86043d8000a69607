// LockFile: one process's exclusive claim on a directory or resource, held
// by flock(2) on a file for as long as the LockFile lives (and released by
// the kernel when the process dies, even by kill -9: no stale lock to clean
// up by hand).  The holder writes its pid into the file, so a refusal can
// name it.  Used by lc-ship to keep a second process off its --spool.
#ifndef LC_COMMON_BASE_LOCK_FILE_H_
#define LC_COMMON_BASE_LOCK_FILE_H_

#include <memory>
#include <string>

#include "common/base/status.h"

namespace lc {

class LockFile {
 public:
  // Creates `path` (0600) if needed and locks it without waiting.
  // InvalidArgument "<what>: in use by pid N (lock <path>)" when another
  // process holds it (N is what the holder wrote; "another process" when
  // unreadable); IOError when the file cannot be opened or locked.
  static Status Acquire(const std::string& path, const std::string& what, std::unique_ptr<LockFile>* out);
  ~LockFile();
  LockFile(const LockFile&) = delete;
  LockFile& operator=(const LockFile&) = delete;

 private:
  explicit LockFile(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace lc

#endif  // LC_COMMON_BASE_LOCK_FILE_H_
