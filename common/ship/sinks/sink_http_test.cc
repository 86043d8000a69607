#include "common/ship/sinks/sink_http.h"

#include <gtest/gtest.h>

#include "common/base/clock.h"
#include "testing/fake_http_poster.h"

namespace lc {
namespace {
struct Rig {
  FakeHttpPoster* poster = new FakeHttpPoster;
  HttpSink sink{std::unique_ptr<HttpPoster>(poster)};
};
}  // namespace

TEST(HttpSink, PostsNdjsonAndTakes2xx) {
  Rig r;
  r.poster->Answer(204);
  SendResult res = r.sink.Send(BatchOf({"{\"a\":1}", "{\"b\":2}"}));
  EXPECT_TRUE(res.status.ok());
  EXPECT_TRUE(res.outcomes.empty());
  ASSERT_EQ(1u, r.poster->requests.size());
  EXPECT_EQ("{\"a\":1}\n{\"b\":2}\n", r.poster->requests[0].body);
  EXPECT_EQ("application/x-ndjson", r.poster->requests[0].content_type);
}

TEST(HttpSink, TooLargeSplitsInHalvesDownToOneRecord) {
  Rig r;
  r.poster->Answer(413);  // [a b c d]
  r.poster->Answer(200);  // [a b]
  r.poster->Answer(413);  // [c d]
  r.poster->Answer(200);  // [c]
  r.poster->Answer(413);  // [d] alone: refused
  SendResult res = r.sink.Send(BatchOf({"a", "b", "c", "d"}));
  ASSERT_TRUE(res.status.ok());
  ASSERT_EQ(5u, r.poster->requests.size());
  EXPECT_EQ("c\n", r.poster->requests[3].body);
  ASSERT_EQ(4u, res.outcomes.size());
  EXPECT_EQ(SendResult::kDelivered, res.outcomes[2]);
  EXPECT_EQ(SendResult::kReject, res.outcomes[3]);
}

}  // namespace lc
