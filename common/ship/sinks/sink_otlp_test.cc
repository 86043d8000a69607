#include "testing/fake_clock.h"
#include "common/ship/sinks/sink_otlp.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lc {

using Json = nlohmann::json;

namespace {
// attributes [{key, value}] -> {key: value}
Json Attrs(const Json& list) {
  Json m = Json::object();
  for (const Json& kv : list) m[kv["key"].get<std::string>()] = kv["value"];
  return m;
}
}  // namespace

TEST(OtlpLogs, ResourceFields) {
  EXPECT_TRUE(IsOtlpResourceField("container.id"));
  EXPECT_TRUE(IsOtlpResourceField("k8s.pod.name"));
  EXPECT_TRUE(IsOtlpResourceField("host.name"));
  EXPECT_FALSE(IsOtlpResourceField("log.file.path"));
  EXPECT_FALSE(IsOtlpResourceField("lc.cursor"));
  EXPECT_FALSE(IsOtlpResourceField("k8s."));
}

TEST(OtlpLogs, GroupsByResourceAndMapsFields) {
  std::string r1 = R"({"time":"2026-11-25T05:40:45.295588061Z","body":"GET /","container.name":"web","host.name":"n7","log.iostream":"stdout","lc.cursor":"k:10","status":200,"ratio":0.5,"ok":true,"tags":{"a":1}})";
  std::string r2 = R"({"time":"2026-11-25T05:40:46Z","body":"db","container.name":"db","host.name":"n7","lc.cursor":"k2:5"})";
  std::string r3 = R"({"time":"2026-11-25T05:40:47Z","body":"GET /2","host.name":"n7","container.name":"web","lc.cursor":"k:20"})";
  std::string out;
  EncodeOtlpLogs({r1, r2, r3}, 99, &out);
  Json j = Json::parse(out);
  ASSERT_EQ(2u, j["resourceLogs"].size());
  const Json& web = j["resourceLogs"][0];
  EXPECT_EQ((Json{{"container.name", {{"stringValue", "web"}}}, {"host.name", {{"stringValue", "n7"}}}}),
            Attrs(web["resource"]["attributes"]));
  const Json& recs = web["scopeLogs"][0]["logRecords"];
  ASSERT_EQ(2u, recs.size());
  EXPECT_EQ("1795585245295588061", recs[0]["timeUnixNano"]);
  EXPECT_EQ("99", recs[0]["observedTimeUnixNano"]);
  EXPECT_EQ("GET /", recs[0]["body"]["stringValue"]);
  Json a = Attrs(recs[0]["attributes"]);
  EXPECT_EQ((Json{{"stringValue", "stdout"}}), a["log.iostream"]);
  EXPECT_EQ((Json{{"stringValue", "k:10"}}), a["lc.cursor"]);
  EXPECT_EQ((Json{{"intValue", "200"}}), a["status"]);
  EXPECT_EQ((Json{{"doubleValue", 0.5}}), a["ratio"]);
  EXPECT_EQ((Json{{"boolValue", true}}), a["ok"]);
  EXPECT_EQ((Json{{"stringValue", R"({"a":1})"}}), a["tags"]);
  EXPECT_FALSE(a.contains("time"));
  EXPECT_FALSE(a.contains("body"));
  EXPECT_FALSE(a.contains("container.name"));
  EXPECT_EQ("GET /2", recs[1]["body"]["stringValue"]);
  EXPECT_EQ("db", j["resourceLogs"][1]["scopeLogs"][0]["logRecords"][0]["body"]["stringValue"]);
}

TEST(OtlpLogs, RecordWithoutTimeOrBody) {
  std::string out;
  EncodeOtlpLogs({R"({"time":"yesterday","msg":"x"})", "plain text"}, 5, &out);
  Json j = Json::parse(out);
  ASSERT_EQ(1u, j["resourceLogs"].size());
  const Json& recs = j["resourceLogs"][0]["scopeLogs"][0]["logRecords"];
  EXPECT_FALSE(recs[0].contains("timeUnixNano"));
  EXPECT_FALSE(recs[0].contains("body"));
  EXPECT_EQ((Json{{"stringValue", "yesterday"}}), Attrs(recs[0]["attributes"])["time"]);
  EXPECT_EQ("plain text", recs[1]["body"]["stringValue"]);
}

TEST(OtlpLogs, PartialSuccess) {
  auto p = ParseOtlpResponse(R"({"partialSuccess":{"rejectedLogRecords":"3","errorMessage":"too old"}})");
  EXPECT_EQ(3, p.rejected);
  EXPECT_EQ("too old", p.message);
  EXPECT_EQ(2, ParseOtlpResponse(R"({"partialSuccess":{"rejectedLogRecords":2}})").rejected);
  EXPECT_EQ(0, ParseOtlpResponse("{}").rejected);
  EXPECT_EQ(0, ParseOtlpResponse("").rejected);
  EXPECT_EQ(0, ParseOtlpResponse("\x0a\x00").rejected);
  EXPECT_EQ(0, ParseOtlpResponse(R"({"partialSuccess":{}})").rejected);
}

}  // namespace lc

// ---- the sink, against a scripted poster

#include "common/base/clock.h"
#include "testing/fake_http_poster.h"

namespace lc {

TEST(OtlpSink, PartialSuccessIsDeliveredAndCounted) {
  auto poster = std::make_unique<FakeHttpPoster>();
  FakeHttpPoster* p = poster.get();
  p->Answer(200, R"({"partialSuccess":{"rejectedLogRecords":"1","errorMessage":"too old"}})");
  FakeClock clock;
  OtlpSink sink(std::move(poster), &clock);
  SendResult r = sink.Send(BatchOf({R"({"body":"a"})", R"({"body":"b"})"}));
  EXPECT_TRUE(r.status.ok());
  EXPECT_TRUE(r.outcomes.empty());
  EXPECT_EQ(1, r.server_rejected);
  EXPECT_EQ("http://fake/v1/logs: partialSuccess: 1 rejected: too old", r.server_message);
  EXPECT_EQ("/v1/logs", p->requests[0].path);
  EXPECT_EQ(std::to_string(clock.NowNanos()),
            Json::parse(p->requests[0].body)["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0]
                ["observedTimeUnixNano"]);
}

}  // namespace lc
