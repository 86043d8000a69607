#include "common/base/rate_limiter.h"

#include <gtest/gtest.h>

#include "testing/fake_clock.h"

namespace lc {
namespace {

// Reads `chunk` bytes whenever the limiter is Ready, sleeping (on the fake
// clock) what WaitNanos says otherwise, until `total` bytes are read; the
// fake time that took.
int64_t ReadAll(FakeClock* clock, RateLimiter* lim, int64_t total, int64_t chunk) {
  int64_t start = clock->MonoNanos(), read = 0;
  while (read < total) {
    if (!lim->Ready()) {
      int64_t wait = lim->WaitNanos();
      EXPECT_GT(wait, 0) << "not Ready, yet no wait: a reader would spin";
      clock->Advance(wait);
      continue;
    }
    int64_t n = std::min(chunk, total - read);
    lim->Spend(n);
    read += n;
  }
  return clock->MonoNanos() - start;
}

TEST(RateLimiterTest, StartsWithAFullBurstThenHoldsTheRate) {
  FakeClock clock;
  RateLimiter lim(&clock, 100'000, 100'000);
  // 300 KB at 100 KB/s: the first 100 KB at once, the other 200 KB over 2 s.
  int64_t took = ReadAll(&clock, &lim, 300'000, 10'000);
  EXPECT_GE(took, 1'900 * kMillis);
  EXPECT_LE(took, 2'000 * kMillis);
}

TEST(RateLimiterTest, ASpentBudgetIsReadyAgainAfterWhatWasOverspentIsEarned) {
  FakeClock clock;
  RateLimiter lim(&clock, 1000, 1000);
  EXPECT_TRUE(lim.Ready());
  EXPECT_EQ(lim.WaitNanos(), 0);
  lim.Spend(1500);  // one read past the budget: 500 bytes of debt
  EXPECT_FALSE(lim.Ready());
  EXPECT_EQ(lim.WaitNanos(), 500 * kMillis + 1);  // the debt, and one byte-ns/s more
  clock.Advance(500 * kMillis);
  EXPECT_FALSE(lim.Ready());
  clock.Advance(1);
  EXPECT_TRUE(lim.Ready());
}

TEST(RateLimiterTest, AnIdleBudgetFillsOnlyUpToTheBurst) {
  FakeClock clock;
  RateLimiter lim(&clock, 1000, 2000);
  lim.Spend(2000);
  clock.Advance(3600 * kSeconds);  // an hour idle earns no more than the burst
  lim.Spend(2000);
  EXPECT_FALSE(lim.Ready());
  EXPECT_EQ(lim.WaitNanos(), 1);
}

TEST(RateLimiterTest, ManyShortStepsEarnAsMuchAsOneLongOne) {
  // 3 bytes/s polled every microsecond: each step earns 0.000003 bytes,
  // none of it lost to rounding, so the byte overspent is earned back in a
  // third of a second, as in one step.
  FakeClock clock;
  RateLimiter lim(&clock, 3, 3);
  lim.Spend(4);
  int64_t steps = 0;
  while (!lim.Ready()) {
    clock.Advance(1'000);
    steps++;
  }
  EXPECT_EQ(steps, 333'334);  // the first step past a third of a second
}

TEST(RateLimiterTest, AHighRateOverALongRunKeepsItsAverage) {
  FakeClock clock;
  const int64_t rate = 10'000'000;  // 10 MB/s read in 256 KiB chunks
  RateLimiter lim(&clock, rate, std::max<int64_t>(rate, 256 * 1024));
  int64_t took = ReadAll(&clock, &lim, 1'000'000'000, 256 * 1024);
  // 1 GB: the burst at once, the rest at 10 MB/s: 99 s, within one chunk.
  EXPECT_GE(took, 99 * kSeconds - 30 * kMillis);
  EXPECT_LE(took, 99 * kSeconds);
}

TEST(RateLimiterTest, ParseRateTakesUnitsAndPerSecond) {
  struct {
    const char* text;
    int64_t want;
  } cases[] = {{"0", 0},           {"65536", 65536},   {"100B/s", 100},  {"10MB/s", 10'000'000},
               {"10MB", 10'000'000}, {"512KiB/s", 524'288}, {"1.5MB/s", 1'500'000},
               {"2GiB/s", int64_t{2} << 30}, {"1KB/s", 1000}};
  for (const auto& c : cases) {
    int64_t got = -1;
    Status s = ParseRate(c.text, &got);
    EXPECT_TRUE(s.ok()) << c.text << ": " << s.message();
    EXPECT_EQ(got, c.want) << c.text;
  }
}

TEST(RateLimiterTest, ParseRateRejectsWhatIsNotARate) {
  for (const char* text : {"", "fast", "-1", "10XB/s", "10 MB/s", "inf", "nan", "0.5", "2TiB/s", "MB/s", "10MB/m"}) {
    int64_t got = 7;
    Status s = ParseRate(text, &got);
    EXPECT_TRUE(s.IsInvalidArgument()) << "'" << text << "' was taken as " << got;
    EXPECT_NE(s.message().find(std::string("'") + text + "'"), std::string::npos) << s.message();
    EXPECT_EQ(got, 7) << text;
  }
}

}  // namespace
}  // namespace lc
