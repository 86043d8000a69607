// RetryPolicy: when to resend a batch the sink did not take, and when to
// give up on it.
//
// Capped exponential backoff with jitter: after the n-th failed attempt
// (n from 0) the wait is drawn uniformly from [d/2, d] where
// d = min(max_delay, initial_delay * 2^n), so many lc-ship processes that
// failed together do not come back together.  A server's Retry-After is
// obeyed: the wait is never shorter than it, even past max_delay.
// With give_up_after > 0, a batch is given up once that long has passed
// since its first attempt; 0 means retry for ever (back-pressure holds the
// data in the source files meanwhile).  Time comes from the Clock passed
// in, so tests drive it with FakeClock.
#ifndef LC_COMMON_RETRY_POLICY_H_
#define LC_COMMON_RETRY_POLICY_H_

#include <cstdint>

#include "common/base/clock.h"

namespace lc {

struct RetryOptions {
  int64_t initial_delay = 100 * kMillis;
  int64_t max_delay = 30 * kSeconds;
  int64_t give_up_after = 0;  // --retry-max; 0: never
};

class RetryPolicy {
 public:
  RetryPolicy(const RetryOptions& options, Clock* clock, uint64_t seed);

  // A new batch: its first attempt is now.
  void Start();
  // After a failed attempt: false to give up; else the wait before the next.
  bool Next(int64_t retry_after_nanos, int64_t* delay);
  int attempts() const { return failures_; }

 private:
  RetryOptions options_;
  Clock* clock_;
  uint64_t rng_;
  int64_t started_ = 0;
  int failures_ = 0;
};

}  // namespace lc

#endif  // LC_COMMON_RETRY_POLICY_H_
