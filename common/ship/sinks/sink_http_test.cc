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

TEST(HttpSink, RetryableStatusesFailTheBatchWithRetryAfter) {
  for (int code : {408, 429, 500, 503}) {
    Rig r;
    r.poster->Answer(code, "busy\n", 7 * kSeconds);
    SendResult res = r.sink.Send(BatchOf({"x"}));
    EXPECT_FALSE(res.status.ok()) << code;
    EXPECT_EQ(7 * kSeconds, res.retry_after_nanos);
    EXPECT_NE(std::string::npos, res.status.message().find("HTTP " + std::to_string(code) + " busy"));
  }
  Rig r;
  r.poster->FailTransport("http://fake: connection refused");
  EXPECT_FALSE(r.sink.Send(BatchOf({"x"})).status.ok());
}

TEST(HttpSink, OtherClientErrorsAreRefusedForGood) {
  Rig r;
  r.poster->Answer(400, "bad json");
  SendResult res = r.sink.Send(BatchOf({"x", "y"}));
  ASSERT_TRUE(res.status.ok());
  ASSERT_EQ(2u, res.outcomes.size());
  EXPECT_EQ(SendResult::kReject, res.outcomes[1]);
  EXPECT_EQ("http://fake: HTTP 400 bad json", res.reasons[0]);
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
