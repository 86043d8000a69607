#include "testing/fake_clock.h"
#include "common/ship/sinks/sink_loki.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lc {

using Json = nlohmann::json;

TEST(LokiPush, LabelNamesFollowLokiRules) {
  EXPECT_EQ("k8s_namespace_name", LokiLabelName("k8s.namespace.name"));
  EXPECT_EQ("app", LokiLabelName("app"));
  EXPECT_EQ("_1x", LokiLabelName("1x"));
  EXPECT_EQ("a_b_c", LokiLabelName("a-b/c"));
}

TEST(LokiPush, GroupsByLabelSetWithNanosecondStringTimestamps) {
  std::string r1 = R"({"time":"2026-11-25T05:40:45.295588061Z","body":"a","k8s.namespace.name":"prod","app":"web"})";
  std::string r2 = R"({"time":"2026-11-25T05:40:46Z","body":"b","k8s.namespace.name":"dev","app":"web"})";
  std::string r3 = R"({"time":"2026-11-25T05:40:44Z","body":"c","app":"web","k8s.namespace.name":"prod"})";
  std::string out;
  EncodeLokiPush({r1, r2, r3}, {"k8s.namespace.name", "app"}, 42, &out);
  Json j = Json::parse(out);
  ASSERT_EQ(2u, j["streams"].size());
  const Json& prod = j["streams"][0];
  EXPECT_EQ((Json{{"app", "web"}, {"k8s_namespace_name", "prod"}}), prod["stream"]);
  ASSERT_EQ(2u, prod["values"].size());
  // sorted by time within the stream: r3 (…44Z) before r1 (…45.29Z)
  EXPECT_EQ("1795585244000000000", prod["values"][0][0]);
  EXPECT_EQ(r3, prod["values"][0][1]);
  EXPECT_EQ("1795585245295588061", prod["values"][1][0]);
  EXPECT_EQ(r1, prod["values"][1][1]);  // the line is the whole record
  EXPECT_EQ("dev", j["streams"][1]["stream"]["k8s_namespace_name"]);
}

TEST(LokiPush, MissingFieldsTimeAndLabels) {
  std::string r1 = R"({"body":"no time","app":7})";
  std::string r2 = R"({"body":"nothing"})";
  std::string r3 = "not json";
  std::string out;
  EncodeLokiPush({r1, r2, r3}, {"app", "absent"}, 42, &out);
  Json j = Json::parse(out);
  ASSERT_EQ(2u, j["streams"].size());
  EXPECT_EQ((Json{{"app", "7"}}), j["streams"][0]["stream"]);  // non-string: JSON text
  EXPECT_EQ("42", j["streams"][0]["values"][0][0]);             // now
  EXPECT_EQ((Json{{"job", "lc-ship"}}), j["streams"][1]["stream"]);
  EXPECT_EQ(2u, j["streams"][1]["values"].size());
  EXPECT_EQ("not json", j["streams"][1]["values"][1][1]);
}

TEST(LokiPush, EmptyBatchIsAValidBody) {
  std::string out;
  EncodeLokiPush({}, {"a"}, 1, &out);
  EXPECT_EQ(R"({"streams":[]})", out);
}

}  // namespace lc

// ---- the sink, against a scripted poster

#include "common/base/clock.h"
#include "testing/fake_http_poster.h"

namespace lc {

TEST(LokiSink, PostsThePushBody) {
  auto poster = std::make_unique<FakeHttpPoster>();
  FakeHttpPoster* p = poster.get();
  FakeClock clock;
  p->Answer(204);
  LokiSink sink(std::move(poster), {"app"}, &clock);
  std::vector<std::string> recs = {R"({"body":"a","app":"web"})", R"({"body":"b","app":"db"})"};
  std::vector<std::string_view> v(recs.begin(), recs.end());
  SendResult r = sink.Send(BatchOf(v));
  EXPECT_TRUE(r.status.ok());
  EXPECT_TRUE(r.outcomes.empty());
  EXPECT_EQ("/loki/api/v1/push", p->requests[0].path);
  EXPECT_EQ("application/json", p->requests[0].content_type);
  EXPECT_EQ(2u, Json::parse(p->requests[0].body)["streams"].size());
}

TEST(LokiSink, TooLargeSplits) {
  auto poster = std::make_unique<FakeHttpPoster>();
  FakeHttpPoster* p = poster.get();
  FakeClock clock;
  p->Answer(413);
  p->Answer(204);
  p->Answer(413);
  LokiSink sink(std::move(poster), {}, &clock);
  std::vector<std::string> recs = {R"({"body":"a"})", R"({"body":"b"})"};
  SendResult r = sink.Send(BatchOf(std::vector<std::string_view>(recs.begin(), recs.end())));
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(3u, p->requests.size());
  EXPECT_EQ((std::vector<SendResult::Outcome>{SendResult::kDelivered, SendResult::kReject}), r.outcomes);
}

}  // namespace lc
