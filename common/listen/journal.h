// Journal: lc-listen's local record journal (--journal DIR), what makes a
// message it acknowledged (an HTTP 2xx, a TCP read on) survive a kill -9 of
// lc-listen or of lc-ship.
//
// Contract:
//  - The journal is a sequence of bytes, whole record lines (without their
//    lc.cursor), stored in segment files "DIR/<offset, 20 digits>.jnl"
//    named by the journal offset of their first byte.  Offsets only grow,
//    across restarts too: a record's cursor is "<key>:<offset just past
//    it>" (key: "lc-listen:" and the directory's absolute path).
//  - Append buffers; Sync writes what was appended with write(2): once Sync
//    returns OK the records are in the kernel's page cache and outlive the
//    process (not a power loss: no fsync per batch).  The caller
//    acknowledges only after Sync.
//  - Open recovers: a last line cut by a crash is cut off; an empty
//    journal starts at `start` (the committed offset) so cursors keep
//    growing.  A lock file keeps a second process out.
//  - Bounded: full() once the segments hold `max_bytes`; Prune(committed)
//    deletes the segments wholly at or below the committed offset (never
//    the one being written).  The caller pushes back while full.
//  - Read is safe from another thread (the stdout writer) for offsets below
//    durable_end() and not pruned.
#ifndef LC_COMMON_LISTEN_JOURNAL_H_
#define LC_COMMON_LISTEN_JOURNAL_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/base/lock_file.h"
#include "common/base/status.h"

namespace lc {

class Journal {
 public:
  ~Journal();
  // Opens (creating, 0700) the journal in `dir`.  InvalidArgument naming
  // the directory when it is locked by another process or unreadable.
  static Status Open(const std::string& dir, int64_t max_bytes, int64_t start, std::unique_ptr<Journal>* out);

  const std::string& key() const { return key_; }
  void Append(std::string_view lines) { pending_.append(lines.data(), lines.size()); }
  Status Sync();
  // Where the journal's bytes begin (the oldest segment) and end.
  int64_t begin() const;
  int64_t durable_end() const { return durable_end_.load(std::memory_order_acquire); }
  bool full() const { return durable_end() + static_cast<int64_t>(pending_.size()) - begin() >= max_bytes_; }
  void Prune(int64_t committed);
  // Up to `n` bytes at `offset` (below durable_end()); fewer at a segment's end.
  Status Read(int64_t offset, char* buf, size_t n, size_t* got);

 private:
  Journal() = default;
  Status Roll();

  std::string dir_, key_;
  int64_t max_bytes_ = 0;
  int64_t segment_bytes_ = 0;
  std::unique_ptr<LockFile> lock_;
  mutable std::mutex mu_;        // segments_
  std::map<int64_t, int> segments_;  // start offset -> fd (read and write)
  int64_t current_start_ = 0;
  std::atomic<int64_t> durable_end_{0};
  std::string pending_;
};

}  // namespace lc

#endif  // LC_COMMON_LISTEN_JOURNAL_H_
