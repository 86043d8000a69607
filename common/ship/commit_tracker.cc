#include "common/ship/commit_tracker.h"

#include <algorithm>

namespace lc {

void CommitTracker::Add(uint64_t seq, const std::vector<std::pair<std::string, int64_t>>& last_cursors) {
  std::vector<std::string>& keys = sources_of_[seq];
  for (const auto& [key, offset] : last_cursors) {
    waiting_[key].push_back(Entry{seq, offset, false});
    keys.push_back(key);
  }
}

void CommitTracker::Resolve(uint64_t seq) {
  auto it = sources_of_.find(seq);
  if (it == sources_of_.end()) return;
  for (const std::string& key : it->second) {
    auto w = waiting_.find(key);
    if (w == waiting_.end()) continue;
    std::deque<Entry>& q = w->second;
    auto e = std::lower_bound(q.begin(), q.end(), seq,
                              [](const Entry& a, uint64_t s) { return a.seq < s; });
    if (e != q.end() && e->seq == seq) e->resolved = true;
    while (!q.empty() && q.front().resolved) {
      // The last offset in input order, not the largest: a source that
      // restarted from 0 (a truncated file under the same key) commits its
      // new position.
      committed_[key] = q.front().offset;
      dirty_ = true;
      q.pop_front();
    }
    if (q.empty()) waiting_.erase(w);
  }
  sources_of_.erase(it);
}

}  // namespace lc
