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

void Tailer::Impl::MarkAllHot() {
  for (auto& [ik, t] : files) t->set_hot(true);
}

bool Tailer::Impl::Apply(const InotifyWatcher::Changes& ch) {
  bool rediscover = ch.structure;
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
    // after it is read by reading everything (the one-shot mode: Timed, in
    // tailer_impl.h).
    MarkAllHot();
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
  // A file read for nothing costs a read: entered at 90% busy, left under
  // 75%, so it does not flap.
  const bool was = inotify.one_shot_writes();
  const bool on = was ? busy * 4 >= total * 3 : busy >= kOneShotMinFiles && busy * 10 >= total * 9;
  if (on && !was) timed = inotify.write_dirs() > kTimedMinDirs;
  if (on != was) write_mode_changes++;
  inotify.SetOneShotWrites(on);
  if (was && !on) MarkAllHot();  // read at once, the watches back
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
  // A delay begun ends in a read: timed reads (Timed) mark no file hot
  // until it is over.
  if (noticed_mono >= 0) due = std::min(due, readable);
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
