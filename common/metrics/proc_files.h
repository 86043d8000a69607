// ProcFiles: the pseudo-files of one container that lc-metrics reads every
// interval (its cgroup statistics, /proc/<pid>/net/dev), kept open between
// samples.  Linux regenerates a seq_file's or cgroup file's text when it is
// read again from offset 0, so a sample costs one pread(2) per file, where
// opening anew costs openat, fstat, two preads and close (bench/metrics.sh,
// 200 real containers: 109 -> 58 us per container per sample).
//
// Contract:
//  - Read() gives the whole text, as ReadProcFile does: NotFound when the
//    file is not there, IOError for other failures.
//  - A read that fails through a kept descriptor (ENODEV: the cgroup was
//    removed; the process died) closes it and opens the path again, so the
//    answer is the path's current one (usually NotFound).
//  - A path found missing stays missing, without a lookup, until Reset():
//    it is a file this kernel or hierarchy does not have.  The owner resets
//    on a new pid or when the container's cgroup is gone.
//  - A kept descriptor of /proc/<pid>/net/dev keeps that network namespace
//    alive: the owner resets when the container is gone.
//  - Descriptors are kept while the shared budget (`*budget`, decremented
//    per kept one) lasts; beyond it, or with no budget (null), files are
//    opened and closed per read.
#ifndef LC_COMMON_METRICS_PROC_FILES_H_
#define LC_COMMON_METRICS_PROC_FILES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "common/base/file_system.h"
#include "common/base/status.h"
#include "common/metrics/proc_file.h"

namespace lc {

class ProcFiles {
 public:
  // `budget` (null: keep none) is shared by every ProcFiles of a process
  // and must outlive them.
  ProcFiles(FileSystem* fs, int64_t* budget) : fs_(fs), budget_(budget) {}
  ~ProcFiles() { Reset(); }
  ProcFiles(const ProcFiles&) = delete;
  ProcFiles& operator=(const ProcFiles&) = delete;

  Status Read(const std::string& path, std::string* out);
  // Closes every kept descriptor and forgets the missing paths.
  void Reset();
  size_t kept() const { return open_.size(); }

 private:
  FileSystem* fs_;
  int64_t* budget_;
  std::unordered_map<std::string, std::unique_ptr<File>> open_;
  std::unordered_set<std::string> missing_;
};

}  // namespace lc

#endif  // LC_COMMON_METRICS_PROC_FILES_H_
