#include "common/ship/commit_tracker.h"

#include <algorithm>

namespace lc {

void CommitTracker::Add(uint64_t seq, const std::vector<std::pair<std::string, int64_t>>& last_cursors) {
  auto& sources = sources_of_[seq];
  sources.reserve(last_cursors.size());
  for (const auto& [key, offset] : last_cursors) {
    auto* e = sources_.FindOrAdd(key);
    e->value.waiting.push_back(Entry{seq, offset, false});
    sources.emplace_back(e->key, &e->value);  // the entry's own key: stable
  }
}

void CommitTracker::Resolve(uint64_t seq) {
  auto it = sources_of_.find(seq);
  if (it == sources_of_.end()) return;
  for (const auto& [key, source] : it->second) {
    std::deque<Entry>& q = source->waiting;
    auto e = std::lower_bound(q.begin(), q.end(), seq,
                              [](const Entry& a, uint64_t s) { return a.seq < s; });
    if (e != q.end() && e->seq == seq) e->resolved = true;
    while (!q.empty() && q.front().resolved) {
      // The last offset in input order, not the largest: a source that
      // restarted from 0 (a truncated file under the same key) commits its
      // new position.
      if (source->committed == nullptr) source->committed = &committed_[std::string(key)];
      *source->committed = q.front().offset;
      dirty_ = true;
      q.pop_front();
    }
  }
  sources_of_.erase(it);
}

bool CommitTracker::Forget(std::string_view key) {
  if (auto* e = sources_.Find(key)) {
    if (!e->value.waiting.empty()) return false;
    sources_.Erase(key);
  }
  auto it = committed_.find(std::string(key));
  if (it == committed_.end()) return true;
  committed_.erase(it);
  dirty_ = true;
  return true;
}

}  // namespace lc
