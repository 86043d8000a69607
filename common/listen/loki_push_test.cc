#include "common/listen/loki_push.h"

#include <gtest/gtest.h>

#include <string>

namespace lc {
namespace {

TEST(LokiPushTest, StreamsBecomeRecords) {
  std::string out;
  size_t n = 0;
  Status s = AppendLokiPush(
      "{\"streams\":[{\"stream\":{\"job\":\"web\",\"time\":\"x\"},\"values\":[[\"1700000000000000001\",\"l1\"],"
      "[\"1700000000000000002\",\"l2\",{\"trace_id\":\"abc\"}]]},{\"values\":[]}]}",
      "9.9.9.9", &out, &n);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(2u, n);
  EXPECT_EQ(
      "{\"time\":\"2023-11-14T22:13:20.000000001Z\",\"body\":\"l1\",\"job\":\"web\",\"_time\":\"x\","
      "\"client.address\":\"9.9.9.9\"}\n"
      "{\"time\":\"2023-11-14T22:13:20.000000002Z\",\"body\":\"l2\",\"job\":\"web\",\"_time\":\"x\","
      "\"trace_id\":\"abc\",\"client.address\":\"9.9.9.9\"}\n",
      out);
}

TEST(LokiPushTest, AShapeErrorRefusesTheWholePush) {
  struct Case {
    const char* body;
    const char* why;
  } cases[] = {
      {"nope", "not a JSON object"},
      {"{}", "no \"streams\" array"},
      {"{\"streams\":[1]}", "streams[0] is not an object"},
      {"{\"streams\":[{\"stream\":[]}]}", "streams[0].stream is not an object"},
      {"{\"streams\":[{\"values\":[[\"1\",\"ok\"],[\"x\",\"l\"]]}]}",
       "streams[0].values[1]: want [\"<epoch ns>\", \"<line>\"(, {metadata})]"},
      {"{\"streams\":[{\"values\":[[1,\"l\"]]}]}", "streams[0].values[0]: want [\"<epoch ns>\", \"<line>\"(, {metadata})]"},
  };
  for (const Case& c : cases) {
    std::string out;
    size_t n = 0;
    Status s = AppendLokiPush(c.body, "", &out, &n);
    EXPECT_TRUE(s.IsInvalidArgument()) << c.body;
    EXPECT_EQ(c.why, s.message()) << c.body;
    EXPECT_EQ("", out) << c.body;
  }
}

}  // namespace
}  // namespace lc
