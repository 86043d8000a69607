#include "common/listen/ingest_record.h"

#include <gtest/gtest.h>

#include <string>

namespace lc {
namespace {

TEST(IngestRecordTest, ReservedNamesGetAnUnderscoreAndClientComesLast) {
  IngestRecord r;
  std::string out;
  r.Start(0);
  r.SetBody("b");
  r.AddField("lc.cursor", "x:1", true);
  r.AddField("time", "t", true);
  r.AddField("client.address", "spoofed", true);
  r.AddField("n", "5", false);
  r.AppendTo("10.1.2.3", &out);
  EXPECT_EQ(
      "{\"time\":\"1970-01-01T00:00:00.000000000Z\",\"body\":\"b\",\"_lc.cursor\":\"x:1\",\"_time\":\"t\","
      "\"_client.address\":\"spoofed\",\"n\":5,\"client.address\":\"10.1.2.3\"}\n",
      out);
  // The next record starts empty.
  out.clear();
  r.Start(1'000'000'000);
  r.AppendTo("", &out);
  EXPECT_EQ("{\"time\":\"1970-01-01T00:00:01.000000000Z\",\"body\":\"\"}\n", out);
}

TEST(IngestRecordTest, TimeFromJsonUnits) {
  int64_t n = 0;
  ASSERT_TRUE(TimeFromJson("2026-01-02T03:04:05.5+01:00", true, &n));
  EXPECT_EQ(1767319445500000000, n);
  ASSERT_TRUE(TimeFromJson("1700000000", false, &n));
  EXPECT_EQ(1700000000000000000, n);
  ASSERT_TRUE(TimeFromJson("1700000000.25", false, &n));
  EXPECT_EQ(1700000000250000000, n);
  ASSERT_TRUE(TimeFromJson("1700000000123", false, &n));
  EXPECT_EQ(1700000000123000000, n);
  ASSERT_TRUE(TimeFromJson("1700000000123456", false, &n));
  EXPECT_EQ(1700000000123456000, n);
  ASSERT_TRUE(TimeFromJson("1700000000123456789", false, &n));
  EXPECT_EQ(1700000000123456789, n);
  EXPECT_FALSE(TimeFromJson("yesterday", true, &n));
  EXPECT_FALSE(TimeFromJson("-5", false, &n));
  EXPECT_FALSE(TimeFromJson("true", false, &n));
  EXPECT_FALSE(TimeFromJson("1e300", false, &n));
  ASSERT_TRUE(TimeFromJson("1.7e9", false, &n));
  EXPECT_EQ(1700000000000000000, n);
  ASSERT_TRUE(TimeFromJson("1700000000123.5", false, &n));
  EXPECT_EQ(1700000000123500000, n);
}

}  // namespace
}  // namespace lc
