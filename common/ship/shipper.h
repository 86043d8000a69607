// Shipper: the loop of lc-ship.  Reads records (NDJSON) from a descriptor,
// cuts them into batches (common/ship/batch.h), keeps up to `concurrency`
// batches in flight on as many sender threads (common/ship/batch_sender.h, each
// with its own Sink), replays the disk spool on one more thread, and commits
// what was resolved (common/ship/commit_tracker.h).
//
// Contracts:
//  - Back-pressure, not loss: when every sender is busy (the sink is slow or
//    down and there is no spool, or the spool is full) nothing more is read,
//    the pipe fills and the readers stop; the log files are the buffer.
//  - The commit file is written atomically when batches resolve, at most
//    once per commit_interval (--commit-interval), and at once at EOF and
//    on SIGTERM/SIGINT.  A source's cursor never passes an unresolved
//    record of that source.  After kill -9, what is sent again is the
//    batches in flight plus those resolved in the last commit_interval: the
//    interval trades CPU (an fsync'ed file per write) against duplicates
//    after a crash, never against loss.
//  - SIGTERM/SIGINT: stop reading; the batches in flight (and the one being
//    built) are delivered within flush_timeout, else left uncommitted (the
//    sources send them again); commit; exit 0 (130 for SIGINT).
//  - One process per --spool: Init() locks DIR/lock (flock) and refuses,
//    InvalidArgument naming DIR and the holder's pid, a spool in use.
//  - SIGUSR1: counters as one JSON line on stderr (also at exit), and the
//    metrics file rewritten (also every 10 s while running).
//  - Input is read in large pieces: after a short read stdin is left for up
//    to 20 ms (never longer than --batch-wait, nor than half the pipe takes
//    to fill: common/ship/read_coalescer.h), so records that arrive one
//    write each are taken many per read(2) and wake-up.  A record waits
//    that long at most before it is read; batches are cut as before.
//  - A line that is not one whole JSON object, or has no lc.cursor (or one
//    with an empty key), is delivered and counted, and commits nothing.
//  - A sink whose reader is gone (SendResult::closed: stdout: got EPIPE):
//    stop reading, commit what was delivered, exit 0 without a complaint.
#ifndef LC_COMMON_SHIPPER_H_
#define LC_COMMON_SHIPPER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/ship/batch.h"
#include "common/ship/batch_recycler.h"
#include "common/ship/batch_sender.h"
#include "common/base/clock.h"
#include "common/base/error_limiter.h"
#include "common/base/lock_file.h"
#include "common/ship/commit_tracker.h"
#include "common/ship/dead_letter.h"
#include "common/ship/retry_policy.h"
#include "common/ship/ship_counters.h"
#include "common/ship/sink.h"
#include "common/ship/spool.h"
#include "common/base/status.h"

namespace lc {

struct ShipOptions {
  BatchLimits batch;
  RetryOptions retry;
  int concurrency = 2;
  int64_t flush_timeout_nanos = 10 * kSeconds;
  // 1 s: at 50 ms the commit file (open, write, two fsyncs, rename) was
  // 14% of lc-ship's CPU following 100 files at 10 MB/s, and at 250 ms
  // still 13% of its reader thread in lc-agent (issue 12, issue 14).  What
  // it trades is duplicates after a crash, never loss.
  int64_t commit_interval_nanos = 1 * kSeconds;
  std::string commit_path, dead_letter_path, metrics_path;
  std::string spool_dir;
  int64_t spool_max = int64_t{1} << 30;
  std::string sink_name;  // for messages, without credentials
};

// Makes one Sink per sender.
using SinkMaker = std::function<Status(std::unique_ptr<Sink>*)>;

class Shipper : private Waiter {
 public:
  Shipper(const ShipOptions& options, SinkMaker make_sink, Clock* clock);
  ~Shipper() override;
  // Loads the commit file and opens the spool (InvalidArgument if either
  // is broken: exit 2), makes the sinks, starts the threads.
  Status Init();
  // Reads `fd` to EOF or a stop signal.  Returns the exit status.
  int Run(int fd);
  // True if a sender was still inside Sink::Send when Run returned (the
  // flush deadline passed): the caller must _exit() rather than destroy it.
  bool stuck() const { return stuck_; }
  const ShipCounters& counters() const { return counters_; }

 private:
  bool Wait(int64_t nanos) override;  // Waiter, for the senders
  void SenderLoop(size_t i);
  void ReplayLoop();
  bool Dispatch(BatchBuilder* builder);  // false: every sender busy
  size_t CollectDone();  // returns how many batches resolved or were abandoned
  void Commit(bool force);
  void Report(bool to_stderr);
  void BeginStop();
  void Wake();

  ShipOptions opt_;
  SinkMaker make_sink_;
  Clock* clock_;
  ErrorLimiter errors_;  // the same error over and over is said once per 10 s
  ShipCounters counters_;
  CommitTracker tracker_;
  std::unique_ptr<LockFile> spool_lock_;  // held while the spool is ours
  std::unique_ptr<Spool> spool_;
  std::unique_ptr<DeadLetter> dead_letter_;
  std::vector<std::unique_ptr<Sink>> sinks_;  // one per sender, then the replayer's
  std::vector<std::thread> threads_;
  int wake_fd_ = -1;  // eventfd: a batch resolved
  bool wake_pending_ = true;  // the last poll saw wake_fd_ readable (main thread)

  std::mutex mu_;
  std::condition_variable queue_cv_;  // senders: a batch queued, or quit_
  std::condition_variable cv_;        // the replayer and Wait: spooled, stopping or quit_
  std::deque<Batch> queue_;
  BatchRecycler recycler_;  // delivered batches' buffers, for the next ones
  std::vector<std::pair<uint64_t, bool>> done_;  // seq, resolved
  size_t in_flight_ = 0;                          // queued or being sent
  size_t busy_ = 0;                               // inside a delivery
  bool quit_ = false;                             // threads: return
  std::atomic<bool> closed_{false};               // a sink said closed (EPIPE): end quietly
  int64_t deadline_ = 0;                          // flush deadline (mono), 0: none

  // kNever: the first commit is written at once, whatever the interval (a
  // monotonic clock may be younger than it: a node booted just now).
  static constexpr int64_t kNever = INT64_MIN;
  int64_t last_commit_ = kNever, last_metrics_ = 0;
  bool stuck_ = false;
  size_t abandoned_ = 0;  // batches given up at the flush deadline
};

}  // namespace lc

#endif  // LC_COMMON_SHIPPER_H_
