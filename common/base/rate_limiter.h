// RateLimiter: a byte budget per second (a token bucket), for the readers'
// --rate-limit (lc-tail(1), lc-stdout(1); rate_limit in lc-config(5)).
//
// The budget fills at `bytes_per_second`, up to `burst` bytes (one second's
// worth, or a read chunk if that is larger, so that one read always fits),
// and starts full.  A reader asks Ready() before a read and Spend()s what
// the read took; a read may take more than is left, and the debt is paid
// before the next one is Ready.  So over any span of T seconds at most
// burst + one read + T * bytes_per_second bytes go through, and a reader
// that always has bytes gets bytes_per_second on average.  WaitNanos says
// how long until Ready, for a reader that sleeps in poll() meanwhile (it
// never spins).  Time comes from a Clock (testing/fake_clock.h in tests).
// Not thread-safe: one reader loop owns it.
#ifndef LC_COMMON_BASE_RATE_LIMITER_H_
#define LC_COMMON_BASE_RATE_LIMITER_H_

#include <cstdint>
#include <string>

#include "common/base/clock.h"
#include "common/base/status.h"

namespace lc {

class RateLimiter {
 public:
  // The largest rate ParseRate accepts (1 TiB/s): budgets in byte-nanoseconds
  // fit in 128 bits with room to spare.
  static constexpr int64_t kMaxRate = int64_t{1} << 40;

  // bytes_per_second in [1, kMaxRate]; burst >= 1.
  RateLimiter(Clock* clock, int64_t bytes_per_second, int64_t burst);

  // The budget is not spent: a read may go now.
  bool Ready();
  // A read took `bytes` (>= 0): they are taken from the budget, which may go
  // below zero.
  void Spend(int64_t bytes);
  // Monotonic nanoseconds until Ready() (0: now).
  int64_t WaitNanos();

  int64_t bytes_per_second() const { return rate_; }

 private:
  // Adds what the time since the last refill earned, up to the burst.
  void Refill();

  Clock* const clock_;
  const int64_t rate_;
  // In byte-nanoseconds per second (bytes * 1e9), so that the budget
  // earned by any span, however short, is exact: no rounding is lost
  // between frequent calls.
  const __int128 burst_;
  __int128 budget_;
  int64_t last_mono_;
};

// Parses a rate: a number of bytes per second, with an optional unit (B,
// KB, MB, GB, TB: powers of 1000; KiB, MiB, GiB, TiB: powers of 1024) and
// an optional "/s": "10MB/s", "512KiB/s", "1.5MB", "65536".  0 is no limit.
// InvalidArgument names the text and says what is wanted.
Status ParseRate(const std::string& text, int64_t* bytes_per_second);

}  // namespace lc

#endif  // LC_COMMON_BASE_RATE_LIMITER_H_
