// ReadCoalescer: when lc-ship reads its input pipe again.  Records that
// arrive one write(2) each (a follower writing as lines come) would cost a
// wake-up and a read per record; after a short read, leaving the pipe alone
// for a moment lets many records pile up for one read.
//
// Contract: after a read shorter than a sixteenth of the pipe (at most
// 64 KiB), stdin is left until now + hold, where hold is max_hold (20 ms in
// lc-ship, never more than --batch-wait) cut to the time the pipe takes to
// fill halfway at the rate read over the last 50 ms or more; a hold under
// 1 ms is none.  So a trickle is read every max_hold, and a fast writer is
// never blocked on a full pipe by the hold (no throughput cap).  A long read,
// or input that is not a pipe (a file: reads are whole until EOF), never holds.
#ifndef LC_COMMON_READ_COALESCER_H_
#define LC_COMMON_READ_COALESCER_H_

#include <cstddef>
#include <cstdint>

namespace lc {

class ReadCoalescer {
 public:
  // `pipe_bytes`: the pipe's capacity (F_GETPIPE_SZ), 0 when stdin is no pipe.
  ReadCoalescer(int64_t max_hold_nanos, size_t pipe_bytes);
  // A read returned `n` > 0 bytes at monotonic `now`.  Returns when stdin
  // may be polled again (<= now: at once).
  int64_t AfterRead(size_t n, int64_t now);

 private:
  int64_t max_hold_;
  size_t pipe_bytes_, short_read_;
  int64_t window_start_ = -1;
  uint64_t window_bytes_ = 0;
  double bytes_per_nano_ = 0;  // over the last whole window; 0: not known yet
};

}  // namespace lc

#endif  // LC_COMMON_READ_COALESCER_H_
