#include "testing/fake_clock.h"
#include "common/ship/retry_policy.h"

#include <gtest/gtest.h>

namespace lc {

TEST(RetryPolicy, BacksOffExponentiallyWithJitterUpToTheCap) {
  FakeClock clock;
  RetryOptions o;
  o.initial_delay = 100 * kMillis;
  o.max_delay = 1 * kSeconds;
  RetryPolicy p(o, &clock, 42);
  p.Start();
  int64_t want = 100 * kMillis;
  for (int i = 0; i < 8; i++) {
    int64_t d;
    ASSERT_TRUE(p.Next(0, &d));
    EXPECT_GE(d, want / 2) << i;
    EXPECT_LE(d, want) << i;
    want = std::min<int64_t>(want * 2, o.max_delay);
  }
  EXPECT_EQ(8, p.attempts());
}

TEST(RetryPolicy, JitterSpreadsClients) {
  FakeClock clock;
  RetryOptions o;
  RetryPolicy a(o, &clock, 1), b(o, &clock, 2);
  a.Start();
  b.Start();
  int same = 0;
  for (int i = 0; i < 10; i++) {
    int64_t da, db;
    a.Next(0, &da);
    b.Next(0, &db);
    same += da == db;
  }
  EXPECT_LT(same, 3);
}

TEST(RetryPolicy, ObeysRetryAfterEvenPastTheCap) {
  FakeClock clock;
  RetryOptions o;
  o.max_delay = 1 * kSeconds;
  RetryPolicy p(o, &clock, 7);
  p.Start();
  int64_t d;
  ASSERT_TRUE(p.Next(5 * kSeconds, &d));
  EXPECT_EQ(5 * kSeconds, d);
  ASSERT_TRUE(p.Next(1, &d));
  EXPECT_GE(d, 100 * kMillis);  // a tiny Retry-After does not shorten the backoff
}

TEST(RetryPolicy, GivesUpAfterRetryMaxOnlyWhenSet) {
  FakeClock clock;
  RetryOptions o;
  o.give_up_after = 10 * kSeconds;
  RetryPolicy p(o, &clock, 3);
  p.Start();
  int64_t d;
  clock.Advance(9 * kSeconds);
  EXPECT_TRUE(p.Next(0, &d));
  clock.Advance(1 * kSeconds);
  EXPECT_FALSE(p.Next(0, &d));
  p.Start();  // a new batch has its own allowance
  EXPECT_TRUE(p.Next(0, &d));

  RetryPolicy forever(RetryOptions{}, &clock, 3);
  forever.Start();
  clock.Advance(1000 * 3600 * kSeconds);
  EXPECT_TRUE(forever.Next(0, &d));
}

}  // namespace lc
