#include "common/listen/record_sink.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <string>

namespace lc {
namespace {

TEST(StdoutSinkTest, CommitWritesOutAndAClosedReaderIsClosed) {
  signal(SIGPIPE, SIG_IGN);  // as InstallSignalHandlers does in the tools
  int p[2];
  ASSERT_EQ(0, pipe(p));
  OutputWriter out(p[1]);
  StdoutRecordSink sink(&out);
  sink.Append("{\"body\":\"x\"}\n");
  EXPECT_FALSE(sink.full());
  ASSERT_TRUE(sink.Commit().ok());
  char buf[64];
  ASSERT_EQ(13, read(p[0], buf, sizeof buf));
  close(p[0]);
  sink.Append("{\"body\":\"y\"}\n");
  EXPECT_TRUE(sink.Commit().ok());  // EPIPE: no error, closed
  EXPECT_TRUE(sink.closed());
  close(p[1]);
}

}  // namespace
}  // namespace lc
