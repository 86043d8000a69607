// Spool: lc-ship's disk buffer for batches the sink could not take.
//
// A batch that is durably in the spool counts as resolved: the commit file
// may pass its records, and the sources may forget them.  So the spool is
// written as carefully as a checkpoint: each batch is one segment file,
// written to a temp name, fsynced, renamed to DIR/<20-digit seq>.seg and the
// directory fsynced.  A segment is
//   "LCSPOOL1" | u32 record count | u64 payload bytes | u32 CRC-32 of payload
//   | payload (the records, each followed by '\n')
// (integers little-endian).  Segments are replayed oldest first and removed
// once delivered; those left by an earlier run are replayed after a restart.
// A segment whose checksum or length is wrong is renamed to *.corrupt and
// reported: it is never sent half-read.
//
// The spool never exceeds max_bytes; a write that would, or that the disk
// refuses (ENOSPC), returns IOError and leaves nothing behind, and lc-ship
// keeps the batch in memory and stops reading (back-pressure), losing
// nothing.  Thread-safe.
#ifndef LC_COMMON_SPOOL_H_
#define LC_COMMON_SPOOL_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/file_system.h"
#include "common/base/status.h"

namespace lc {

class Spool {
 public:
  // Creates DIR (0700) if needed and lists its segments.  InvalidArgument
  // when DIR is not a usable directory.  Every file operation goes through
  // `fs`.
  static Status Open(const std::string& dir, int64_t max_bytes, std::unique_ptr<Spool>* out,
                     FileSystem* fs = RealFileSystem());

  // Writes one segment.  IOError (spool full, disk full, I/O error): nothing
  // written.
  Status Write(const std::vector<std::string_view>& records);
  // The oldest segment not handed out by Take(), if any.  Taken segments are
  // not handed out again until Release()d (an undelivered replay) or
  // Remove()d (delivered).
  bool Take(uint64_t* id);
  void Release(uint64_t id);
  // Reads and checks a segment.  Corruption: the segment was renamed aside.
  Status Read(uint64_t id, std::string* payload, std::vector<std::string_view>* records);
  Status Remove(uint64_t id);

  bool empty() const;
  int64_t bytes() const;
  size_t segments() const;
  const std::string& dir() const { return dir_; }

 private:
  Spool(std::string dir, int64_t max_bytes, FileSystem* fs)
      : dir_(std::move(dir)), max_bytes_(max_bytes), fs_(fs) {}
  std::string PathOf(uint64_t id) const;

  const std::string dir_;
  const int64_t max_bytes_;
  FileSystem* const fs_;
  mutable std::mutex mu_;
  std::set<uint64_t> ids_, taken_;
  std::map<uint64_t, int64_t> size_of_;
  int64_t bytes_ = 0;
  int64_t reserved_ = 0;  // bytes of writes in progress
  uint64_t next_id_ = 1;
};

}  // namespace lc

#endif  // LC_COMMON_SPOOL_H_
