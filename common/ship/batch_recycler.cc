#include "common/ship/batch_recycler.h"

#include <utility>

namespace lc {

void BatchRecycler::Put(Batch&& b) {
  b.seq = 0;
  b.data.clear();
  b.spans.clear();
  b.last_cursors.clear();
  b.first_mono = 0;
  std::lock_guard<std::mutex> l(mu_);
  if (free_.size() < keep_) free_.push_back(std::move(b));
}

Batch BatchRecycler::Get() {
  std::lock_guard<std::mutex> l(mu_);
  if (free_.empty()) return Batch();
  Batch b = std::move(free_.back());
  free_.pop_back();
  return b;
}

}  // namespace lc
