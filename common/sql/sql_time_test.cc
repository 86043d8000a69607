#include "common/sql/sql_time.h"

#include <gtest/gtest.h>

#include "common/base/rfc3339.h"

namespace lc {
namespace {

std::string Parsed(std::string_view text) {
  int64_t n = 0;
  if (!ParseSqlTime(text, &n)) return "not a time";
  return FormatRfc3339Nanos(n);
}

TEST(SqlTimeTest, TheFormsDatabasesWrite) {
  EXPECT_EQ(Parsed("2026-12-02 11:07:36.524761+00"), "2026-12-02T11:07:36.524761000Z");  // timestamptz
  EXPECT_EQ(Parsed("2026-12-02 11:07:36+05:30"), "2026-12-02T05:37:36.000000000Z");
  EXPECT_EQ(Parsed("2026-12-02 11:07:36-0200"), "2026-12-02T13:07:36.000000000Z");
  EXPECT_EQ(Parsed("2026-12-02 11:07:43.260812"), "2026-12-02T11:07:43.260812000Z");  // DATETIME(6): UTC
  EXPECT_EQ(Parsed("2026-12-02 11:07:43"), "2026-12-02T11:07:43.000000000Z");
  EXPECT_EQ(Parsed("2026-12-02T11:07:43.123456789Z"), "2026-12-02T11:07:43.123456789Z");
}

TEST(SqlTimeTest, AnythingElseIsNotATime) {
  for (const char* bad : {"", "2026-12-02", "infinity", "2026-12-02 11:07", "2026-12-02 11:07:43.",
                          "2026-12-02 11:07:43.1234567890", "2026-12-02 11:07:43 UTC", "2026-12-02 11:07:43+5",
                          "2026-13-02 11:07:43", "0044-03-15 12:00:00 BC", "1700000000"}) {
    EXPECT_EQ(Parsed(bad), "not a time") << bad;
  }
}

}  // namespace
}  // namespace lc
