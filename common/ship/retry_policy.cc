#include "common/ship/retry_policy.h"

#include <algorithm>

namespace lc {

RetryPolicy::RetryPolicy(const RetryOptions& options, Clock* clock, uint64_t seed)
    : options_(options), clock_(clock), rng_(seed | 1) {}

void RetryPolicy::Start() {
  started_ = clock_->MonoNanos();
  failures_ = 0;
}

bool RetryPolicy::Next(int64_t retry_after_nanos, int64_t* delay) {
  int n = failures_++;
  if (options_.give_up_after > 0 && clock_->MonoNanos() - started_ >= options_.give_up_after) {
    return false;
  }
  int64_t d = options_.initial_delay;
  for (int i = 0; i < n && d < options_.max_delay; i++) d *= 2;
  d = std::min(d, options_.max_delay);
  // xorshift64*: cheap, and good enough to spread clients apart.
  rng_ ^= rng_ >> 12;
  rng_ ^= rng_ << 25;
  rng_ ^= rng_ >> 27;
  uint64_t r = rng_ * 0x2545F4914F6CDD1DULL;
  int64_t half = d / 2;
  d = half + static_cast<int64_t>((r >> 11) % static_cast<uint64_t>(d - half + 1));
  *delay = std::max(d, retry_after_nanos);
  return true;
}

}  // namespace lc
