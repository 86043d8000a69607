// Tailer::Impl's noticing: what wakes the tailer and which files it reads
// then (inotify's changes, the one-shot write mode, the stat poll), and how
// long it may sleep.  tailer.h has the contracts; tailer.cc the loops.
#include <algorithm>

#include "common/tail/tailer_impl.h"

namespace lc {

bool Tailer::Impl::AnyHot() const {
  return std::any_of(files.begin(), files.end(),
                     [](auto& kv) { return kv.second->hot() && kv.second->predecessor() == nullptr; });
}

bool Tailer::Impl::Apply(const InotifyWatcher::Changes& ch) {
  bool rediscover = ch.structure;
  window_write_events += ch.write_events;
  window_dirs_written += ch.dirs_written;
  for (const std::string& p : ch.modified) {
    auto it = by_path.find(p);
    if (it != by_path.end()) {
      it->second->set_hot(true);
    } else {
      rediscover = true;  // a file we do not follow yet was written
    }
  }
  if (ch.fired) {
    // A one-shot watch went quiet at its first write: whatever was written
    // after it is read by reading everything (ChooseWriteMode's bet).
    for (auto& [ik, t] : files) t->set_hot(true);
  } else if (ch.other_modified) {
    // A rotated file in its rotate wait, written under its new name
    // (a.log.1): its late lines come now, not at the next poll.
    for (auto& [ik, t] : files) {
      if (t->rotated()) t->set_hot(true);
    }
  }
  return rediscover;
}

void Tailer::Impl::ChooseWriteMode(int64_t since) {
  size_t total = 0, busy = 0;
  for (auto& [ik, t] : files) {
    if (t->rotated()) continue;
    total++;
    if (t->last_data_mono() >= since) busy++;
  }
  // One-shot watches pay when nearly every file had bytes in the delay (a
  // file read for nothing costs a read and a stat), the directories'
  // writes came several to a delay (a re-arm, a syscall per directory,
  // costs about what four events do), and a directory's re-arm stands for
  // the writes of many files: with one file per directory (a container's
  // log, kubelet's and Docker's layout) they cost more than the events
  // they spare (bench/agent.sh, 100 containers: lc-tail 1.37% of a core
  // with them, 0.77% without; lc-stdout 1.10%, 0.90%), where 100 or 1000
  // files in one directory cost a third less (bench/node.sh).  Entered at
  // 90% busy, left under 75%, so it does not flap.  One-shot watches hear
  // no count of the writes: every kOneShotProbe-th delay hears them all
  // again, to measure.
  const bool was = inotify.one_shot_writes();
  bool on;
  if (!was) {
    const int64_t dirs = window_dirs_written, b = static_cast<int64_t>(busy);
    on = busy >= kOneShotMinFiles && busy * 10 >= total * 9 && window_write_events >= 4 * dirs &&
         b >= kOneShotFilesPerDir * dirs;
    one_shot_delays = 0;
  } else {
    on = busy * 4 >= total * 3 && ++one_shot_delays % kOneShotProbe != 0;
  }
  window_write_events = window_dirs_written = 0;
  inotify.NewWriteWindow();
  inotify.SetOneShotWrites(on);
}

int64_t Tailer::Impl::WaitNanos(int64_t mono) const {
  const int64_t next_poll = last_poll_mono + opt.poll_ns;
  // Quiet polls: an idle tailer wakes for the next listing, the checkpoint
  // and the metrics, not for each poll.
  const bool quiet = QuietPolls();
  int64_t due = quiet ? std::max(next_poll, last_listing_mono + kPollsPerListing * opt.poll_ns) : next_poll;
  if (quiet && !checkpoint_path.empty()) due = std::min(due, last_save_mono + opt.checkpoint_interval_ns);
  if (quiet && !metrics_path.empty()) due = std::min(due, last_metrics_mono + metrics_interval_ns);
  int64_t readable = noticed_mono >= 0 ? noticed_mono + opt.read_delay_ns : mono;
  // A read waits for the budget too (never a wait of 0 while it is spent).
  int64_t budget = limiter != nullptr ? mono + limiter->WaitNanos() : mono;
  readable = std::max(readable, budget);
  for (auto& [ik, t] : files) {
    if (t->hot()) due = std::min(due, next_poll);  // its size, for the lag, while its read waits
    if (t->hot() && t->predecessor() == nullptr) due = std::min(due, readable);
    if (WaitsForBudget(*t)) continue;  // nothing of it is idle: its bytes wait
    if (t->rotated() && t->drained()) due = std::min(due, std::max(budget, t->RotateWaitEnd(opt.rotate_wait_ns)));
    if (t->holds_partial()) due = std::min(due, t->last_data_mono() + opt.partial_flush_ns);
    due = std::min(due, handler->Deadline(*t->view()));
  }
  return std::max<int64_t>(0, due - mono);
}

bool Tailer::Impl::QuietPolls() const {
  return opt.use_inotify && inotify.complete() && deferred_at_start.empty();
}

bool Tailer::Impl::Poll() {
  if (!QuietPolls() || clock->MonoNanos() - last_listing_mono >= kPollsPerListing * opt.poll_ns) return true;
  PollFollowed();
  return false;
}

void Tailer::Impl::PollFollowed() {
  // In its rotate wait: looked at once per poll, as Discover does.  A file
  // inotify named is hot already; its size (the lag) is WriteMetrics'.
  for (auto& [k, t] : files) {
    if (t->rotated()) t->set_hot(true);
  }
}

}  // namespace lc
