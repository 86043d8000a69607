#include "common/ship/shipper.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "common/base/atomic_file.h"
#include "common/base/lock_file.h"
#include "common/base/output_writer.h"
#include "common/base/signals.h"
#include "common/json/json_validate.h"
#include "common/ship/read_coalescer.h"
#include "common/stream/forget_line.h"

namespace lc {

namespace {
constexpr int64_t kMetricsInterval = 10 * kSeconds;
constexpr size_t kReadSize = 1 << 20;
// The longest a short read leaves stdin alone (common/ship/read_coalescer.h).
constexpr int64_t kHold = 20 * kMillis;

// A last line with no newline that begins as a record and is not one whole
// JSON object: its writer stopped in the middle of a record (a kill -9 of
// lc-tail mid-write).  The record is not committed, so its producer sends it
// again, whole, from its commit: delivering the piece would only put a torn
// line at the sink.
bool TornAtEof(std::string_view last) { return !last.empty() && last[0] == '{' && !IsJsonObject(last); }
}  // namespace

Shipper::Shipper(const ShipOptions& options, SinkMaker make_sink, Clock* clock)
    : opt_(options),
      make_sink_(std::move(make_sink)),
      clock_(clock),
      errors_(clock),
      recycler_(static_cast<size_t>(std::max(1, options.concurrency)) + 1) {
  opt_.concurrency = std::max(1, opt_.concurrency);
}

Shipper::~Shipper() {
  {
    std::lock_guard<std::mutex> l(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  queue_cv_.notify_all();
  for (std::thread& t : threads_) {
    if (stuck_) {
      t.detach();
    } else if (t.joinable()) {
      t.join();
    }
  }
  if (wake_fd_ >= 0) close(wake_fd_);
}

Status Shipper::Init() {
  CursorMap committed;
  if (!opt_.commit_path.empty()) {
    Status st = LoadCommitFile(opt_.commit_path, &committed);
    if (!st.ok()) return Status::InvalidArgument(st.message());
  }
  tracker_ = CommitTracker(std::move(committed));
  if (!opt_.spool_dir.empty()) {
    // One process per spool: two would number their segments alike,
    // overwrite each other's and both commit them (issue 13, defect 5).  The
    // lock comes before Spool::Open, which removes temp files it takes for a
    // crashed writer's.
    Status st = RealFileSystem()->MakeDirectories(opt_.spool_dir, 0700);
    if (st.ok()) st = LockFile::Acquire(JoinPath(opt_.spool_dir, "lock"), opt_.spool_dir, &spool_lock_);
    if (!st.ok()) return Status::InvalidArgument(st.message());
    st = Spool::Open(opt_.spool_dir, opt_.spool_max, &spool_);
    if (!st.ok()) return st;
  }
  dead_letter_.reset(new DeadLetter(opt_.dead_letter_path, opt_.sink_name));
  size_t n = static_cast<size_t>(opt_.concurrency) + (spool_ ? 1 : 0);
  for (size_t i = 0; i < n; i++) {
    std::unique_ptr<Sink> s;
    Status st = make_sink_(&s);
    if (!st.ok()) return st;
    sinks_.push_back(std::move(s));
  }
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) return Status::FromErrno("eventfd", errno);
  for (int i = 0; i < opt_.concurrency; i++) threads_.emplace_back(&Shipper::SenderLoop, this, static_cast<size_t>(i));
  if (spool_) threads_.emplace_back(&Shipper::ReplayLoop, this);
  return Status::OK();
}

bool Shipper::Wait(int64_t nanos) {
  std::unique_lock<std::mutex> l(mu_);
  int64_t until = clock_->MonoNanos() + nanos;
  for (;;) {
    int64_t now = clock_->MonoNanos();
    if (quit_ || (deadline_ != 0 && now >= deadline_)) return false;
    if (now >= until) return true;
    int64_t end = deadline_ != 0 ? std::min(until, deadline_) : until;
    cv_.wait_for(l, std::chrono::nanoseconds(end - now));
  }
}

void Shipper::Wake() {
  uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
}

void Shipper::SenderLoop(size_t i) {
  SenderEnv env{opt_.sink_name, opt_.retry, clock_, this, &counters_, dead_letter_.get(), spool_.get(), &errors_};
  BatchSender sender(sinks_[i].get(), env, static_cast<uint64_t>(clock_->NowNanos()) + i * 7919);
  for (;;) {
    Batch b;
    {
      std::unique_lock<std::mutex> l(mu_);
      queue_cv_.wait(l, [&] { return quit_ || !queue_.empty(); });
      if (quit_) return;
      b = std::move(queue_.front());
      queue_.pop_front();
      busy_++;
    }
    BatchSender::Result r = sender.Deliver(b);
    {
      std::lock_guard<std::mutex> l(mu_);
      busy_--;
      done_.emplace_back(b.seq, r == BatchSender::Result::kResolved);
      if (r == BatchSender::Result::kClosed) closed_ = true;
    }
    // The replayer waits for spooled segments; it is woken only when there
    // are some (the sink refused this batch or an earlier one), not after
    // every batch to find nothing to do (23 times a second at 5 MB/s).  Its
    // wait checks the spool under mu_, taken above after the write: no
    // wake-up is lost.
    if (spool_ && !spool_->empty()) cv_.notify_all();
    recycler_.Put(std::move(b));
    Wake();
  }
}

void Shipper::ReplayLoop() {
  SenderEnv env{opt_.sink_name, opt_.retry, clock_, this, &counters_, dead_letter_.get(), spool_.get(), &errors_};
  BatchSender sender(sinks_.back().get(), env, static_cast<uint64_t>(clock_->NowNanos()) ^ 0x5bd1e995);
  std::string payload;
  std::vector<std::string_view> records;
  for (;;) {
    uint64_t id = 0;
    {
      std::unique_lock<std::mutex> l(mu_);
      // Not while stopping: spooled records are committed already, and the
      // next run replays them.
      cv_.wait(l, [&] { return quit_ || (deadline_ == 0 && spool_->Take(&id)); });
      if (quit_) {
        if (id != 0) spool_->Release(id);
        return;
      }
      busy_++;
    }
    Status st = spool_->Read(id, &payload, &records);
    bool resolved = false, closed = false;
    if (st.IsCorruption()) {
      counters_.spool_corrupt++;
      fprintf(stderr, "lc-ship: %s\n", st.message().c_str());
    } else if (!st.ok()) {
      errors_.Print(stderr, "lc-ship", st.message());
    } else {
      BatchSender::Result r = sender.Replay(BatchOf(records));
      resolved = r == BatchSender::Result::kResolved;
      closed = r == BatchSender::Result::kClosed;
      if (closed) closed_ = true;
    }
    if (resolved) {
      if (Status rm = spool_->Remove(id); !rm.ok()) fprintf(stderr, "lc-ship: %s\n", rm.message().c_str());
    } else if (!st.IsCorruption()) {
      spool_->Release(id);
    }
    bool failed_read = !st.ok() && !st.IsCorruption();
    {
      std::lock_guard<std::mutex> l(mu_);
      busy_--;
    }
    Wake();  // the main loop may be waiting for the spool to drain
    if (closed) return;  // the segment stays for the next run
    if (failed_read && !Wait(kSeconds)) return;  // an unreadable segment: try later
  }
}

bool Shipper::Dispatch(BatchBuilder* builder) {
  std::lock_guard<std::mutex> l(mu_);
  if (in_flight_ >= static_cast<size_t>(opt_.concurrency)) return false;
  Batch b = builder->Take();
  tracker_.Add(b.seq, b.last_cursors);
  counters_.batches++;
  queue_.push_back(std::move(b));
  in_flight_++;
  queue_cv_.notify_one();
  return true;
}

size_t Shipper::CollectDone() {
  // The eventfd is read only when poll saw it readable: it stays readable
  // until read, so a result pushed after this swap still wakes the next
  // poll; reading it first keeps every result pushed before the read here.
  if (wake_pending_) {
    uint64_t n;
    (void)!read(wake_fd_, &n, sizeof n);
    wake_pending_ = false;
  }
  std::vector<std::pair<uint64_t, bool>> done;
  {
    std::lock_guard<std::mutex> l(mu_);
    done.swap(done_);
    in_flight_ -= done.size();
  }
  for (const auto& [seq, resolved] : done) {
    if (resolved) {
      tracker_.Resolve(seq);
    } else {
      abandoned_++;  // never committed: the sources send it again
    }
  }
  return done.size();
}

void Shipper::Commit(bool force) {
  if (opt_.commit_path.empty()) tracker_.MarkClean();  // nothing to write, no timer to keep
  if (!tracker_.dirty()) return;
  int64_t now = clock_->MonoNanos();
  if (!force && last_commit_ != kNever && now - last_commit_ < opt_.commit_interval_nanos) return;
  Status s = SaveCommitFile(opt_.commit_path, tracker_.committed());
  last_commit_ = now;
  if (!s.ok()) {
    errors_.Print(stderr, "lc-ship", s.message());  // retried every commit interval: said once per 10 s
    return;
  }
  tracker_.MarkClean();
}

void Shipper::Report(bool to_stderr) {
  if (to_stderr) fprintf(stderr, "%s\n", counters_.ToJson().c_str());
  if (!opt_.metrics_path.empty()) {
    Status s = WriteFileAtomically(opt_.metrics_path, counters_.ToPrometheus());
    if (!s.ok()) errors_.Print(stderr, "lc-ship", s.message());
  }
  last_metrics_ = clock_->MonoNanos();
}

void Shipper::BeginStop() {
  {
    std::lock_guard<std::mutex> l(mu_);
    if (deadline_ == 0) deadline_ = clock_->MonoNanos() + opt_.flush_timeout_nanos;
  }
  cv_.notify_all();
}

int Shipper::Run(int fd) {
  BatchBuilder builder(opt_.batch, &recycler_);
  WidenPipe(fd);
  // Bytes read: in[pos, len) are not yet cut into records.  A plain buffer
  // (not a std::string resized per read, which would zero-fill it each time).
  std::vector<char> in(2 * kReadSize);
  size_t pos = 0, len = 0;
  bool eof = false, read_error = false;
  last_metrics_ = clock_->MonoNanos();
  int pipe_bytes = fcntl(fd, F_GETPIPE_SZ);  // -1: not a pipe
  ReadCoalescer coalescer(std::min(kHold, opt_.batch.max_wait_nanos), pipe_bytes > 0 ? pipe_bytes : 0);
  int64_t hold_until = 0;  // mono: stdin is not polled before
  int64_t now = clock_->MonoNanos();  // once per read, not per record
  std::string forget_key;
  auto add = [&](const char* p, size_t n) {
    if (n == 0) return;  // blank lines carry nothing
    std::string_view r(p, n);
    // A producer's forget line is for the commit file, not the sink.  A
    // source with records in the batch being built came back: kept.
    if (ParseForgetLine(r, &forget_key)) {
      if (!builder.Holds(forget_key) && tracker_.Forget(forget_key)) counters_.forgotten++;
      return;
    }
    counters_.records++;
    counters_.bytes += static_cast<int64_t>(n);
    BatchBuilder::Kind k = builder.Add(r, now);
    if (k == BatchBuilder::Kind::kNotJson) counters_.not_json++;
    if (k != BatchBuilder::Kind::kCursor) counters_.without_cursor++;
  };
  // One turn of the loop: collect results, commit, report; then wait for
  // input (when `want_input`), a result, a signal or a timer.
  auto turn = [&](bool want_input, int64_t due_in) -> short {
    // A batch resolved frees a sender: the caller must look again before
    // sleeping (its wake-up was consumed here, none other will come).
    bool freed = CollectDone() > 0;
    Commit(false);
    int64_t now = clock_->MonoNanos();
    if (TakeReportRequest()) Report(true);
    if (!opt_.metrics_path.empty() && now - last_metrics_ >= kMetricsInterval) Report(false);
    if (StopSignal() != 0) BeginStop();
    int64_t wait = due_in;
    if (!opt_.metrics_path.empty()) wait = std::min<int64_t>(wait, last_metrics_ + kMetricsInterval - now);
    if (tracker_.dirty() && last_commit_ != kNever) {
      wait = std::min<int64_t>(wait, last_commit_ + opt_.commit_interval_nanos - now);
    }
    {
      std::lock_guard<std::mutex> l(mu_);
      if (deadline_ != 0) wait = std::min(wait, deadline_ - now);
      if (!done_.empty() || freed) wait = 0;
    }
    struct pollfd p[3] = {{SignalFd(), POLLIN, 0}, {wake_fd_, POLLIN, 0}, {fd, POLLIN, 0}};
    int ms = -1;  // nothing due: sleep until input, a result or a signal
    if (wait < INT32_MAX * kMillis) ms = static_cast<int>(std::max<int64_t>(0, (wait + kMillis - 1) / kMillis));
    if (StopSignal() != 0 && want_input) want_input = false;
    int r = poll(p, want_input ? 3 : 2, ms);
    if (r > 0 && p[0].revents) DrainSignalFd();
    if (r > 0 && p[1].revents) wake_pending_ = true;
    return r > 0 && want_input ? p[2].revents : 0;
  };

  // Reading: cut records into batches while a sender is free.
  while (!eof && StopSignal() == 0 && !closed_) {
    bool blocked = false;
    for (;;) {
      if (builder.Full() && !Dispatch(&builder)) {
        blocked = true;
        break;
      }
      const char* base = in.data() + pos;
      const char* nl = static_cast<const char*>(memchr(base, '\n', len - pos));
      if (nl == nullptr) break;
      add(base, static_cast<size_t>(nl - base));
      pos += static_cast<size_t>(nl - base) + 1;
    }
    int64_t due_in = INT64_MAX;
    now = clock_->MonoNanos();
    if (!builder.empty() && !blocked) {
      due_in = builder.DueIn(now);
      if (due_in <= 0) {
        blocked = !Dispatch(&builder);
        due_in = blocked ? INT64_MAX : 0;
      }
    }
    if (pos > 0 && (pos == len || len + kReadSize > in.size())) {
      memmove(in.data(), in.data() + pos, len - pos);
      len -= pos;
      pos = 0;
    }
    if (len + kReadSize > in.size()) in.resize(len + kReadSize);  // a line longer than the buffer
    bool holding = !blocked && now < hold_until;
    short ev = turn(!blocked && !holding, holding ? std::min(due_in, hold_until - now) : due_in);
    if (ev == 0) continue;
    ssize_t n = read(fd, in.data() + len, kReadSize);
    now = clock_->MonoNanos();
    if (n > 0) len += static_cast<size_t>(n);
    if (n > 0) hold_until = coalescer.AfterRead(static_cast<size_t>(n), now);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) {
      fprintf(stderr, "lc-ship: stdin: %s\n", strerror(errno));
      read_error = true;
    }
    if (n <= 0) eof = true;
  }

  // Draining: at EOF the last line (even without newline) and the last batch
  // go out; on a stop signal only what is already cut.
  bool stopping = StopSignal() != 0 || closed_;
  if (eof && !stopping) {
    now = clock_->MonoNanos();
    std::string_view last(in.data() + pos, len - pos);
    if (TornAtEof(last)) {
      counters_.torn++;
      fprintf(stderr, "lc-ship: stdin: the last %zu bytes, with no newline, are a torn record (its writer stopped "
              "mid-write): not delivered; its producer sends it again from its commit\n", last.size());
    } else {
      add(last.data(), last.size());
    }
    while (!builder.empty() && !Dispatch(&builder) && StopSignal() == 0) turn(false, INT64_MAX);
  } else if (!builder.empty() && !closed_) {  // after a closed reader, nothing more is sent
    Dispatch(&builder);
  }
  for (;;) {
    {
      // At EOF the spool is drained too (the sink is back or we wait for
      // it, as for any batch); once stopping, it is left for the next run.
      std::lock_guard<std::mutex> l(mu_);
      bool spool_done = !spool_ || deadline_ != 0 || (spool_->empty() && busy_ == 0);
      if (in_flight_ == done_.size() && spool_done) break;
      if (deadline_ != 0 && clock_->MonoNanos() >= deadline_) break;
    }
    if (closed_) BeginStop();
    turn(false, INT64_MAX);
  }
  CollectDone();
  BeginStop();  // the replayer and any sender still in a backoff let go
  size_t unresolved;
  {
    std::unique_lock<std::mutex> l(mu_);
    quit_ = true;
    cv_.notify_all();
    queue_cv_.notify_all();
    while (busy_ > 0 && clock_->MonoNanos() < deadline_) cv_.wait_for(l, std::chrono::milliseconds(10));
    stuck_ = busy_ > 0;
    unresolved = in_flight_ + abandoned_;
  }
  Commit(true);
  if (unresolved > 0 && !closed_) {
    fprintf(stderr, "lc-ship: %s: %zu batches undelivered after --flush-timeout; not committed, "
            "their sources will send them again\n", opt_.sink_name.c_str(), unresolved);
  }
  Report(true);
  if (StopSignal() != 0) return ExitStatusForStop(StopSignal());
  if (closed_) return 0;  // the reader went away: as a closed stdout, quietly
  return read_error || unresolved > 0 ? 1 : 0;
}

}  // namespace lc
