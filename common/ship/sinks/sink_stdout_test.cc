#include "common/ship/sinks/sink_stdout.h"

#include <unistd.h>

#include <csignal>

#include <gtest/gtest.h>

namespace lc {

TEST(StdoutSink, WritesNdjsonAndReportsAClosedReader) {
  int p[2];
  ASSERT_EQ(0, pipe(p));
  StdoutSink s(p[1]);
  EXPECT_TRUE(s.Send(BatchOf({"{\"a\":1}", "x"})).status.ok());
  char buf[64] = {};
  ASSERT_EQ(10, read(p[0], buf, sizeof buf));
  EXPECT_EQ("{\"a\":1}\nx\n", std::string(buf, 10));
  signal(SIGPIPE, SIG_IGN);
  close(p[0]);
  SendResult r = s.Send(BatchOf({"y"}));
  EXPECT_FALSE(r.status.ok());
  EXPECT_TRUE(r.closed);
  EXPECT_TRUE(StdoutSink(p[1]).Send(BatchOf({"z"})).closed);  // for good
  close(p[1]);
}

}  // namespace lc
