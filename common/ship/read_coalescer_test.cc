#include "common/ship/read_coalescer.h"

#include <gtest/gtest.h>

#include "common/base/clock.h"

namespace lc {
namespace {

constexpr size_t kPipe = 1 << 20;

TEST(ReadCoalescer, ATrickleIsReadOncePerHold) {
  ReadCoalescer c(20 * kMillis, kPipe);
  int64_t now = 1000 * kSeconds;
  // 8 k records of 124 bytes per second (1 MB/s): each read after a hold
  // finds 20 ms of them.
  for (int i = 0; i < 200; i++) {
    int64_t until = c.AfterRead(124 * 8 * 20, now);
    EXPECT_EQ(now + 20 * kMillis, until) << i;  // the pipe fills halfway in 0.5 s: the full hold
    now = until;
  }
}

TEST(ReadCoalescer, AFastWriterIsNeverLeftOnAFullPipe) {
  ReadCoalescer c(20 * kMillis, kPipe);
  int64_t now = 1000 * kSeconds;
  // 400 MB/s arriving, read in 40 KiB pieces every 0.1 ms (short reads).
  int64_t until = 0;
  for (int i = 0; i < 1000; i++, now += 100000) until = c.AfterRead(40000, now);
  now -= 100000;
  // Half the pipe fills in 1.3 ms at that rate: the hold is that, not 20 ms.
  EXPECT_GT(until, now);
  EXPECT_LE(until - now, 1400000);
  EXPECT_GE(until - now, 1200000);
  // Faster still (2 GB/s): no hold at all (under 1 ms).
  ReadCoalescer d(20 * kMillis, kPipe);
  for (int i = 0; i < 5000; i++, now += 20000) until = d.AfterRead(40000, now);
  EXPECT_EQ(now - 20000, until);
}

TEST(ReadCoalescer, LongReadsFilesAndNoWaitNeverHold) {
  int64_t now = 5 * kSeconds;
  ReadCoalescer c(20 * kMillis, kPipe);
  EXPECT_EQ(now, c.AfterRead(64 << 10, now));       // a sixteenth of the pipe is not short
  EXPECT_EQ(now + 20 * kMillis, c.AfterRead(100, now));
  ReadCoalescer small(20 * kMillis, 64 << 10);       // a pipe WidenPipe could not widen
  EXPECT_EQ(now, small.AfterRead(4096, now));
  EXPECT_EQ(now + 20 * kMillis, small.AfterRead(4095, now));
  ReadCoalescer file(20 * kMillis, 0);
  EXPECT_EQ(now, file.AfterRead(1, now));
  ReadCoalescer no_wait(0, kPipe);                   // --batch-wait 0
  EXPECT_EQ(now, no_wait.AfterRead(1, now));
}

}  // namespace
}  // namespace lc
