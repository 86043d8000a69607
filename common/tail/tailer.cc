#include "common/tail/tailer.h"

#include <poll.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

#include "common/base/atomic_file.h"
#include "common/base/signals.h"
#include "common/tail/tailer_impl.h"

namespace lc {

namespace {

using InodeKey = Tailer::Impl::InodeKey;

}  // namespace

void Tailer::Impl::Report(const std::string& path, const Status& s) {
  if (!reported.insert(path).second) return;
  owner->error_count_++;
  std::string msg = s.message();
  // Messages already name the path; print "<path>: <reason>" once.
  if (msg.compare(0, path.size(), path) != 0) msg = path + ": " + msg;
  reporter->Report(msg);
}

bool Tailer::Impl::Turn(bool all) {
  for (auto& [ik, t] : files) {
    if (t->needs_key() && (all || t->hot()) && t->predecessor() == nullptr) t->KeyIfGrown();
  }
  if (need_save || std::any_of(files.begin(), files.end(),
                               [](auto& kv) { return kv.second->needs_checkpoint(); })) {
    Save();
  }
  bool progress = false;
  std::vector<InodeKey> done;
  int64_t now = clock->MonoNanos();
  throttled = false;
  // From turn_start round to it (the first file, unless the budget cut the
  // last turn short).
  auto it = files.lower_bound(turn_start);
  for (size_t i = 0, n = files.size(); i < n; i++, ++it) {
    if (it == files.end()) it = files.begin();
    const InodeKey& ik = it->first;
    FollowedFile* t = it->second.get();
    if (!all && !t->hot() && !RotateWaitOver(t, now)) continue;
    if (t->predecessor() != nullptr) continue;  // the old file at this path goes first
    if (limiter != nullptr && !limiter->Ready()) {
      // The budget is spent: this file is the first of the next turn.
      turn_start = ik;
      throttled = true;
      break;
    }
    int64_t bytes_before = ctx.bytes_read;
    int r = ReadChunk(t);
    if (limiter != nullptr) limiter->Spend(ctx.bytes_read - bytes_before);
    if (r > 0) progress = true;
    if (r <= 0) {
      t->set_hot(false);
      if (t->rotated()) {
        // Unreadable after rotation (nothing more will come), or quiet for
        // the rotate wait: let it go.  Drained: its successor may go.
        if (r < 0 || RotateWaitOver(t, now)) {
          done.push_back(ik);
        } else if (!t->drained()) {
          t->MarkDrained();
          progress |= ReleaseSuccessors(t);
        }
      }
    }
  }
  for (const InodeKey& ik : done) Release(ik);
  return progress;
}

bool Tailer::Impl::RotateWaitOver(const FollowedFile* t, int64_t now) const {
  return t->rotated() && now >= t->RotateWaitEnd(opt.rotate_wait_ns);
}

bool Tailer::Impl::ReleaseSuccessors(FollowedFile* t) {
  bool any = false;
  for (auto& [k, other] : files) {
    if (other->predecessor() == t) {
      other->set_predecessor(nullptr);
      other->set_hot(true);
      any = true;
    }
  }
  return any;
}

int Tailer::Impl::ReadChunk(FollowedFile* t) {
  Status error;
  switch (t->ReadChunk(&error)) {
    case FollowedFile::Read::kBytes:
      if (int64_t nuls = t->TakeNulsSkipped(); nuls > 0) {
        reporter->Report(t->path() + ": skipped " + std::to_string(nuls) +
                         " NUL bytes, a hole (a writer went on at its old offset after a truncation)");
      }
      return 1;
    case FollowedFile::Read::kEof: return 0;
    case FollowedFile::Read::kError:
      if (OutOfDescriptors(error)) {
        ShedDescriptors(error);
      } else if (!error.ok()) {
        Report(t->path(), error);
      }
      return -1;
  }
  return -1;
}

bool Tailer::Impl::ShedDescriptors(const Status& why) {
  std::vector<FollowedFile*> open;
  for (auto& [ik, t] : files) {
    if (t->closable()) open.push_back(t.get());
  }
  if (open.empty()) return false;
  if (!said_out_of_descriptors) {
    said_out_of_descriptors = true;
    struct rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    reporter->Report(why.message() + " (limit " + std::to_string(rl.rlim_cur) +
                     "): closing the least recently active files; each is reopened by its identity when it "
                     "grows (raise LimitNOFILE)");
  }
  // A quarter of them (two at least: one for what failed, one spare), the
  // least recently active first.
  size_t n = std::min(open.size(), std::max<size_t>(2, open.size() / 4));
  std::partial_sort(open.begin(), open.begin() + static_cast<long>(n), open.end(),
                    [](FollowedFile* a, FollowedFile* b) { return a->last_data_mono() < b->last_data_mono(); });
  for (size_t i = 0; i < n; i++) open[i]->Close();
  return true;
}

void Tailer::Impl::Release(const InodeKey& ik) {
  auto it = files.find(ik);
  if (it == files.end()) return;
  FollowedFile* t = it->second.get();
  t->Finish();
  CheckpointEntry e;
  if (use_commits && t->Entry(clock->NowNanos() / kSeconds, &e)) Retire(e);
  ReleaseSuccessors(t);
  auto bp = by_path.find(t->path());
  if (bp != by_path.end() && bp->second == t) by_path.erase(bp);
  files.erase(it);
  need_save = true;
}

void Tailer::Impl::IdleWork(bool once) {
  int64_t mono = clock->MonoNanos();
  int64_t wall = clock->NowNanos();
  for (auto& [ik, t] : files) {
    // Its partial line (or held join) goes on in the bytes waiting for the
    // budget: not idle, not to be flushed cut.
    if (!once && WaitsForBudget(*t)) continue;
    handler->Idle(t->view(), mono, once && t->QuietFor(wall, opt.partial_flush_ns));
    if (!t->holds_partial()) {
      if (!once && t->open() && !t->rotated() && mono - t->last_data_mono() > opt.close_idle_ns) {
        t->Close();
      }
      continue;
    }
    bool due = mono - t->last_data_mono() >= opt.partial_flush_ns;
    if (once) due = t->QuietFor(wall, opt.partial_flush_ns);
    if (due) {
      t->FlushPartial(wall);
    }
  }
}

bool Tailer::Impl::DrainAll() {
  for (;;) {
    while (Turn(true)) {
      if (out != nullptr && out->closed()) return true;
    }
    if (!throttled || (out != nullptr && out->closed())) return true;
    if (!AwaitBudget()) return false;
  }
}

void Tailer::Impl::LimitRate(int64_t bytes_per_second) {
  opt.rate_limit = std::max<int64_t>(bytes_per_second, 0);
  limiter.reset();
  if (opt.rate_limit == 0) return;
  opt.read_chunk = std::min(opt.read_chunk, std::max<size_t>(4096, static_cast<size_t>(opt.rate_limit / 8)));
  ctx.buf.assign(opt.read_chunk, 0);
  limiter = std::make_unique<RateLimiter>(clock, opt.rate_limit,
                                          std::max<int64_t>(opt.rate_limit, static_cast<int64_t>(opt.read_chunk)));
}

bool Tailer::Impl::AwaitBudget() {
  // What was read goes out while we wait; a write error is the next
  // save's to report (Save flushes first).
  if (out != nullptr) out->Flush();
  while (StopSignal() == 0) {
    int64_t wait_ns = limiter->WaitNanos();
    if (wait_ns <= 0) return true;
    struct pollfd pfd = {SignalFd(), POLLIN, 0};
    if (poll(&pfd, 1, static_cast<int>(std::min<int64_t>((wait_ns + 999999) / 1000000, 1000))) > 0) {
      DrainSignalFd();
    }
  }
  return false;
}

Tailer::Tailer(const TailOptions& options, FileSystem* fs, Clock* clock, LineHandler* handler,
               OutputWriter* out, Reporter* reporter)
    : impl_(new Impl(options, fs, clock, handler, out, this, reporter)) {}

Tailer::~Tailer() = default;

void Tailer::AddSource(WatchSource s) {
  std::string key = s.key;
  impl_->sources[key] = std::make_shared<WatchSource>(std::move(s));
}

void Tailer::RemoveSource(const std::string& key) { impl_->sources.erase(key); }

void Tailer::SyncSources(const std::set<std::string>& keys) {
  for (auto it = impl_->sources.begin(); it != impl_->sources.end();) {
    if (!it->second->pinned && !keys.count(it->first)) {
      it = impl_->sources.erase(it);
    } else {
      ++it;
    }
  }
}

Status Tailer::SaveCheckpoint() { return impl_->Save(); }

std::shared_ptr<ByteBudget> Tailer::held_bytes() const { return impl_->ctx.pending; }

TailMetrics Tailer::Metrics() const {
  TailMetrics m;
  for (const auto& [ik, t] : impl_->files) {
    m.files++;
    if (t->open()) m.open_files++;
    m.unread_bytes += t->Unread();
  }
  m.bytes_read = impl_->ctx.bytes_read;
  m.read_errors = error_count_;
  m.listings = impl_->listings;
  m.one_shot = impl_->inotify.one_shot_writes() ? 1 : 0;
  m.timed = impl_->Timed() ? 1 : 0;
  m.write_mode_changes = impl_->write_mode_changes;
  return m;
}

void Tailer::SetRateLimit(int64_t bytes_per_second) { impl_->LimitRate(bytes_per_second); }

void Tailer::SetMetricsFile(const std::string& path, const std::string& tool, int64_t interval_ns) {
  impl_->metrics_path = path;
  impl_->metrics_tool = tool;
  impl_->metrics_interval_ns = interval_ns;
}

void Tailer::Impl::WriteMetrics() {
  if (metrics_path.empty()) return;
  last_metrics_mono = clock->MonoNanos();
  // The lag of a file whose read waits (the read delay, the budget, a
  // stalled pipe) is its size now: stat'ed here, once per metrics interval,
  // not at every poll (1000 busy files: 1000 stats a second for nothing).
  for (auto& [ik, t] : files) {
    if (t->hot()) t->PollSize();
  }
  std::string text = TailMetricsText(owner->Metrics(), metrics_tool);
  if (text == last_metrics) return;
  Status s = WriteFileAtomically(metrics_path, text, fs);
  if (s.ok()) last_metrics = std::move(text);
  if (!s.ok()) Report(metrics_path, s);  // once: Report says a path's error once
}

Status Tailer::RunOnce() {
  impl_->Discover();
  impl_->RecoverRotated();
  // Stopped while waiting for the budget (--rate-limit): the rest stays in
  // the files, nothing is flushed as quiet or let go, and the checkpoint
  // keeps what was read.
  if (impl_->DrainAll()) {
    impl_->IdleWork(/*once=*/true);
    // Rotated files are drained to EOF by now; let them go.
    std::vector<InodeKey> done;
    for (auto& [ik, t] : impl_->files) {
      if (t->rotated()) done.push_back(ik);
    }
    for (const InodeKey& ik : done) impl_->Release(ik);
    impl_->DrainAll();
  }
  Status s = impl_->Save();
  impl_->WriteMetrics();
  return s;
}

Status Tailer::Follow(int extra_fd, const std::function<bool()>& on_extra) {
  Impl& m = *impl_;
  m.Discover();
  m.RecoverRotated();
  m.last_poll_mono = m.clock->MonoNanos();
  bool poll_all = true;
  const bool use_inotify = m.inotify.ok() && m.opt.use_inotify;
  while (StopSignal() == 0 && !DrainRequested()) {
    int64_t mono = m.clock->MonoNanos();
    bool delaying = m.noticed_mono >= 0 && mono < m.noticed_mono + m.opt.read_delay_ns;
    if (!delaying) {
      const bool window_end = m.noticed_mono >= 0;
      if (window_end) {
        // The delay is over: what inotify queued meanwhile names writes
        // this read takes in; taken now, they wake nobody afterwards.
        m.noticed_mono = -1;
        InotifyWatcher::Changes ch;
        if (use_inotify) m.inotify.Read(&ch);
        if (m.Apply(ch)) m.Discover();
        // Timed reads: every file, whatever inotify said.
        if (m.Timed()) m.MarkAllHot();
      }
      // One-shot watches that fired (heard at a wake-up or in the queue
      // just read) are re-armed before the read, which reads every file:
      // a write after it is heard.  Not at the delay's end only: an event
      // read at a wake-up that starts no delay (a backlog) fired one too.
      // Timed reads re-arm none.
      if (use_inotify && !m.Timed()) m.inotify.Rearm();
      // Read in fair turns until nothing moves (bounded, to stay responsive).
      for (int turns = 0; turns < 64 && m.Turn(poll_all); turns++) {
        poll_all = false;
        if (StopSignal() != 0 || DrainRequested() || (m.out && m.out->closed())) break;
      }
      if (window_end && use_inotify) m.ChooseWriteMode(mono);
      // Timed reads: the next delay runs from this read's end, as it ran
      // from the first write heard after a read before (a write waits at
      // most a read, a delay and a read).  A backlog (files still hot) is
      // read on first.
      if (m.Timed() && m.opt.read_delay_ns > 0 && !m.AnyHot()) m.noticed_mono = m.clock->MonoNanos();
    }
    poll_all = false;
    m.IdleWork(false);
    mono = m.clock->MonoNanos();
    if (m.need_save || mono - m.last_save_mono >= m.opt.checkpoint_interval_ns) m.Save();
    if (mono - m.last_metrics_mono >= m.metrics_interval_ns) m.WriteMetrics();
    if (m.out) {
      // Never held past the end of a wake-up: one write of all it read.
      Status s = m.out->Flush();
      if (!s.ok()) return s;
      if (m.out->closed()) break;
    }
    int64_t wait_ns = m.WaitNanos(mono);
    // An inotify instance that woke us for nothing of ours is not listened
    // to for read_delay after (inotify_idle_mono, entries_idle_mono).
    auto muted = [&](int64_t since) {
      if (since < 0 || mono >= since + m.opt.read_delay_ns) return false;
      wait_ns = std::min(wait_ns, since + m.opt.read_delay_ns - mono);
      return true;
    };
    const bool deaf = muted(m.inotify_idle_mono);
    // Files still hot here hold more than the turns took (a backlog): read
    // on at once, never delayed.
    const bool backlog = m.opt.read_delay_ns > 0 && m.noticed_mono < 0 && m.AnyHot();
    const bool entries_deaf = muted(m.entries_idle_mono);
    struct pollfd pfds[4];
    int n = 0;
    pfds[n++] = {SignalFd(), POLLIN, 0};
    int ino_idx = -1, entries_idx = -1, extra_idx = -1;
    if (use_inotify && !entries_deaf) {
      entries_idx = n;
      pfds[n++] = {m.inotify.entries_fd(), POLLIN, 0};
    }
    // The read budget spent (--rate-limit): nothing can be read before it
    // comes back, so a busy writer's events wait in the kernel meanwhile
    // instead of waking us once a write.
    const bool spent = m.limiter != nullptr && m.limiter->WaitNanos() > 0;
    if (use_inotify && m.noticed_mono < 0 && !deaf && !spent) {  // else its events wait in the kernel
      ino_idx = n;
      pfds[n++] = {m.inotify.fd(), POLLIN, 0};
    }
    if (extra_fd >= 0) {
      extra_idx = n;
      pfds[n++] = {extra_fd, POLLIN, 0};
    }
    int r = poll(pfds, static_cast<nfds_t>(n), static_cast<int>((wait_ns + 999999) / 1000000));
    if (r > 0 && (pfds[0].revents & POLLIN)) DrainSignalFd();
    bool rediscover = false;
    if (r > 0 && ino_idx >= 0 && pfds[ino_idx].revents) {
      InotifyWatcher::Changes ch;
      m.inotify.ReadWrites(&ch);
      rediscover = m.Apply(ch);
      if (ch.structure || ch.other_modified || !ch.modified.empty() || ch.fired) {
        // Came while we were not listening: noticed when we stopped.
        if (m.opt.read_delay_ns > 0 && m.inotify_idle_mono >= 0) m.noticed_mono = m.inotify_idle_mono;
        m.inotify_idle_mono = -1;
      } else if (m.opt.read_delay_ns > 0) {
        m.inotify_idle_mono = m.clock->MonoNanos();
      }
    }
    if (r > 0 && entries_idx >= 0 && pfds[entries_idx].revents) {
      // A file created, deleted or renamed: discovered now, read delay or
      // not, so that one that lives shorter than the delay is still opened.
      InotifyWatcher::Changes ch;
      m.inotify.ReadEntries(&ch);
      if (m.Apply(ch)) {
        rediscover = true;
        m.entries_idle_mono = -1;
      } else if (m.opt.read_delay_ns > 0) {
        m.entries_idle_mono = m.clock->MonoNanos();
      }
    }
    if (r > 0 && extra_idx >= 0 && pfds[extra_idx].revents) {
      if (!on_extra()) extra_fd = -1;  // the watch stream ended: keep following what we have
      rediscover = true;
    }
    mono = m.clock->MonoNanos();
    if (mono - m.last_poll_mono >= m.opt.poll_ns) {
      // The safety net: discovery stats every matched path and marks the
      // files whose size changed as hot, finding both new files and writes
      // that inotify did not report; while inotify hears everything
      // (QuietPolls), only once every kPollsPerListing poll periods.
      m.last_poll_mono = mono;
      rediscover = rediscover || m.Poll();
    }
    if (rediscover) m.Discover();
    if (m.opt.read_delay_ns > 0 && m.noticed_mono < 0 && !backlog && m.AnyHot()) m.noticed_mono = mono;
  }
  // Asked to drain (SIGUSR2) and not to stop: every file to its end, as
  // --once reads them; what a watch stream would still bring is not waited for.
  if (StopSignal() == 0 && DrainRequested() && !(m.out && m.out->closed())) return RunOnce();
  // Stopped: what was read is flushed and saved; the rest waits in the files.
  Status s = m.Save();
  m.WriteMetrics();
  return s;
}

}  // namespace lc
