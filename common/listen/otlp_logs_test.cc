#include "common/listen/otlp_logs.h"

#include <gtest/gtest.h>

#include <string>

namespace lc {
namespace {

const int64_t kNow = 1'700'000'000'000'000'000;

TEST(OtlpLogsTest, LogRecordsBecomeRecords) {
  std::string out;
  size_t n = 0;
  Status s = AppendOtlpLogs(R"({"resourceLogs":[{"resource":{"attributes":[
      {"key":"service.name","value":{"stringValue":"cart"}}]},
    "scopeLogs":[{"scope":{"name":"lib","version":"1.2"},"logRecords":[
      {"timeUnixNano":"1700000000000000005","severityText":"WARN","severityNumber":13,
       "body":{"stringValue":"low stock"},
       "attributes":[{"key":"n","value":{"intValue":"7"}},{"key":"ok","value":{"boolValue":true}},
                     {"key":"d","value":{"doubleValue":1.5}},
                     {"key":"l","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":2}]}}},
                     {"key":"m","value":{"kvlistValue":{"values":[{"key":"x","value":{"stringValue":"y"}}]}}}],
       "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"},
      {"observedTimeUnixNano":1700000000000000009,"body":{"kvlistValue":{"values":[{"key":"k","value":{"stringValue":"v"}}]}}},
      {}]}]}]})",
                            kNow, "", &out, &n);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(3u, n);
  EXPECT_EQ(
      "{\"time\":\"2023-11-14T22:13:20.000000005Z\",\"body\":\"low stock\",\"service.name\":\"cart\","
      "\"otel.scope.name\":\"lib\",\"otel.scope.version\":\"1.2\",\"n\":7,\"ok\":true,\"d\":1.5,"
      "\"l\":[\"a\",2],\"m\":{\"x\":\"y\"},\"severity_text\":\"WARN\",\"severity_number\":13,"
      "\"trace_id\":\"5b8efff798038103d269b633813fc60c\",\"span_id\":\"eee19b7ec3c1b174\"}\n"
      "{\"time\":\"2023-11-14T22:13:20.000000009Z\",\"body\":\"{\\\"k\\\":\\\"v\\\"}\",\"service.name\":\"cart\","
      "\"otel.scope.name\":\"lib\",\"otel.scope.version\":\"1.2\"}\n"
      "{\"time\":\"2023-11-14T22:13:20.000000000Z\",\"body\":\"\",\"service.name\":\"cart\","
      "\"otel.scope.name\":\"lib\",\"otel.scope.version\":\"1.2\"}\n",
      out);
}

TEST(OtlpLogsTest, ShapeErrorsSayWhereAndTakeNothing) {
  struct Case {
    const char* body;
    const char* why;
  } cases[] = {
      {"[]", "not a JSON object"},
      {R"({"resourceLogs":{}})", "resourceLogs is not an array"},
      {R"({"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"ok"}},{"timeUnixNano":"soon"}]}]}]})",
       "resourceLogs[0].scopeLogs[0].logRecords[1]: not a log record (timeUnixNano is a decimal string)"},
      {R"({"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"what":1}}]}]}]})",
       "resourceLogs[0].scopeLogs[0].logRecords[0].body is not an AnyValue"},
      {R"({"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":1}]}]}]}]})",
       "resourceLogs[0].scopeLogs[0].logRecords[0].attributes: want {\"key\":..., \"value\":{<AnyValue>}}"},
  };
  for (const Case& c : cases) {
    std::string out;
    size_t n = 0;
    Status s = AppendOtlpLogs(c.body, kNow, "", &out, &n);
    EXPECT_TRUE(s.IsInvalidArgument()) << c.body;
    EXPECT_EQ(c.why, s.message()) << c.body;
    EXPECT_EQ("", out);
  }
  std::string out;
  size_t n = 9;
  ASSERT_TRUE(AppendOtlpLogs("{}", kNow, "", &out, &n).ok());
  EXPECT_EQ(0u, n);
}

}  // namespace
}  // namespace lc
