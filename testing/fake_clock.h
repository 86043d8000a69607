// FakeClock: a Clock for unit tests that moves only when told, so timeouts,
// intervals and backoff are tested without sleeping.
#ifndef LC_TESTING_FAKE_CLOCK_H_
#define LC_TESTING_FAKE_CLOCK_H_

#include <cstdint>

#include "common/base/clock.h"

namespace lc {

// A clock that moves only when told.
class FakeClock : public Clock {
 public:
  explicit FakeClock(int64_t start = 1'700'000'000'000'000'000) : now_(start) {}
  int64_t NowNanos() override { return now_; }
  int64_t MonoNanos() override { return now_; }
  void Advance(int64_t nanos) { now_ += nanos; }

 private:
  int64_t now_;
};

}  // namespace lc

#endif  // LC_TESTING_FAKE_CLOCK_H_
