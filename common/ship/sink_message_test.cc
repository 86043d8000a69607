#include "common/ship/sink_message.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(SinkMessageTest, NamesTheSinkOnlyWhenTheReasonDoesNot) {
  EXPECT_EQ("", SinkPrefix("http://h/i", "http://h/i: Couldn't connect to server"));
  EXPECT_EQ("", SinkPrefix("loki+http://h", "http://h/loki/api/v1/push: HTTP 503 busy"));
  EXPECT_EQ("", SinkPrefix("kafka://b/t", "kafka://b/t: timed out"));
  EXPECT_EQ("file:///d: ", SinkPrefix("file:///d", "/d/lc-1.ndjson: No space left on device"));
  EXPECT_EQ("syslog+tcp://h:514: ", SinkPrefix("syslog+tcp://h:514", "h:514: connect: Connection refused"));
  EXPECT_EQ("", SinkPrefix("http://h/i", "gave up after --retry-max: http://h/i: Couldn't connect"));
  EXPECT_EQ("", SinkPrefix("loki+http://h", "gave up after --retry-max: http://h/loki/api/v1/push: HTTP 503"));
  // A URL inside a sentence (a server's answer) is not where it happened.
  EXPECT_EQ("http://h/i: ", SinkPrefix("http://h/i", "bad record: see http://docs/x"));
}

}  // namespace
}  // namespace lc
