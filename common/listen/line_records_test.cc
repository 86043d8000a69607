#include "common/listen/line_records.h"

#include <gtest/gtest.h>

#include <string>

namespace lc {
namespace {

const int64_t kNow = 1'700'000'000'000'000'000;  // 2023-11-14T22:13:20Z

TEST(LineRecordsTest, JsonLinesPlainLinesAndInvalidOnes) {
  LineRecords lr;
  std::string out;
  LineRecordsCount c = lr.Append(
      "{\"log\":\"fluent\",\"date\":1700000001.5,\"k\":{\"a\":[1,2]},\"lc.x\":1}\r\n\n"
      "just text\n"
      "  {\"message\":\"m\",\"body\":\"wins\",\"time\":\"2023-11-14T22:13:22Z\",\"timestamp\":\"ignored\"}\n"
      "{\"no\":\"body\"}\n"
      "{\"body\":\"a\\nb\\u00e9\",\"k\\u0041\":\"v\"}\n"
      "{broken\n",
      false, kNow, "1.2.3.4", &out);
  EXPECT_EQ(6u, c.records);
  EXPECT_EQ(1u, c.invalid);
  EXPECT_EQ(
      "{\"time\":\"2023-11-14T22:13:21.500000000Z\",\"body\":\"fluent\",\"k\":{\"a\":[1,2]},\"_lc.x\":1,"
      "\"client.address\":\"1.2.3.4\"}\n"
      "{\"time\":\"2023-11-14T22:13:20.000000000Z\",\"body\":\"just text\",\"client.address\":\"1.2.3.4\"}\n"
      "{\"time\":\"2023-11-14T22:13:22.000000000Z\",\"body\":\"wins\",\"message\":\"m\",\"timestamp\":\"ignored\","
      "\"client.address\":\"1.2.3.4\"}\n"
      "{\"time\":\"2023-11-14T22:13:20.000000000Z\",\"body\":\"\",\"no\":\"body\",\"client.address\":\"1.2.3.4\"}\n"
      "{\"time\":\"2023-11-14T22:13:20.000000000Z\",\"body\":\"a\\nb\xC3\xA9\",\"kA\":\"v\",\"client.address\":\"1.2.3.4\"}\n"
      "{\"time\":\"2023-11-14T22:13:20.000000000Z\",\"body\":\"{broken\",\"lc.parse_error\":\"not a JSON object\","
      "\"client.address\":\"1.2.3.4\"}\n",
      out);
}

TEST(LineRecordsTest, PlainTakesJsonAsText) {
  LineRecords lr;
  std::string out;
  LineRecordsCount c = lr.Append("{\"a\":1}\nx", true, kNow, "", &out);
  EXPECT_EQ(2u, c.records);
  EXPECT_EQ(0u, c.invalid);
  EXPECT_EQ(
      "{\"time\":\"2023-11-14T22:13:20.000000000Z\",\"body\":\"{\\\"a\\\":1}\"}\n"
      "{\"time\":\"2023-11-14T22:13:20.000000000Z\",\"body\":\"x\"}\n",
      out);
}

TEST(LineRecordsTest, JsonArray) {
  LineRecords lr;
  std::string out;
  LineRecordsCount c = lr.Append(" [{\"log\":\"a\"},{\"log\":\"b\"},3]", false, kNow, "", &out);
  EXPECT_EQ(3u, c.records);
  EXPECT_EQ(1u, c.invalid);
  EXPECT_NE(std::string::npos, out.find("\"body\":\"a\""));
  EXPECT_NE(std::string::npos, out.find("\"body\":\"3\",\"lc.parse_error\":\"not a JSON object\""));
  out.clear();
  c = lr.Append("[{\"log\":", false, kNow, "", &out);
  EXPECT_EQ(1u, c.records);
  EXPECT_EQ(1u, c.invalid);
}

// Strictly checked: a nested value that is not JSON is not copied into a record.
TEST(LineRecordsTest, NestedGarbageIsInvalid) {
  LineRecords lr;
  std::string out;
  LineRecordsCount c = lr.Append("{\"a\":{\"b\":}}", false, kNow, "", &out);
  EXPECT_EQ(1u, c.invalid);
}

}  // namespace
}  // namespace lc
