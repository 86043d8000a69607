// Clock: where time comes from.
//
// Everything that waits or times out (idle flush of a partial line, closing
// idle descriptors, checkpoint intervals, retry backoff) asks a Clock, so
// unit tests drive time with FakeClock (testing/fake_clock.h) and never
// sleep.
#ifndef LC_COMMON_CLOCK_H_
#define LC_COMMON_CLOCK_H_

#include <cstdint>

namespace lc {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall time, nanoseconds since the Unix epoch: for record timestamps.
  virtual int64_t NowNanos() = 0;
  // Monotonic nanoseconds: for intervals and timeouts.
  virtual int64_t MonoNanos() = 0;
};

// The system clocks (CLOCK_REALTIME, CLOCK_MONOTONIC).
Clock* SystemClock();

constexpr int64_t kMillis = 1'000'000;
constexpr int64_t kSeconds = 1'000'000'000;

}  // namespace lc

#endif  // LC_COMMON_CLOCK_H_
