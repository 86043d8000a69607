#include "common/base/time_zone.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

int64_t Utc(int y, unsigned m, unsigned d, int h, int mi = 0, int s = 0) {
  return CivilDays(y, m, d) * 86400 + h * 3600 + mi * 60 + s;
}

TimeZone Zone(const std::string& name) {
  TimeZone z;
  Status s = TimeZone::Load(name, &z);
  EXPECT_TRUE(s.ok()) << s.message();
  return z;
}

TEST(TimeZoneTest, CivilDaysAndYear) {
  EXPECT_EQ(0, CivilDays(1970, 1, 1));
  EXPECT_EQ(19723, CivilDays(2024, 1, 1));
  EXPECT_EQ(60 - 1, CivilDays(2024, 2, 29) - CivilDays(2024, 1, 1));  // a leap year
  EXPECT_EQ(2024, CivilYear(CivilDays(2024, 12, 31)));
  EXPECT_EQ(2025, CivilYear(CivilDays(2025, 1, 1)));
  EXPECT_EQ(1969, CivilYear(-1));
}

TEST(TimeZoneTest, FixedOffsets) {
  int32_t s;
  EXPECT_TRUE(TimeZone::ParseFixedOffset("+08:00", &s));
  EXPECT_EQ(8 * 3600, s);
  EXPECT_TRUE(TimeZone::ParseFixedOffset("-0530", &s));
  EXPECT_EQ(-(5 * 3600 + 30 * 60), s);
  EXPECT_TRUE(TimeZone::ParseFixedOffset("+08", &s));
  EXPECT_EQ(8 * 3600, s);
  for (const char* z : {"UTC", "GMT", "Z"}) {
    EXPECT_TRUE(TimeZone::ParseFixedOffset(z, &s)) << z;
    EXPECT_EQ(0, s);
  }
  for (const char* bad : {"+8", "+08:", "+0860", "+24", "08:00", "+08:00x", ""}) {
    EXPECT_FALSE(TimeZone::ParseFixedOffset(bad, &s)) << bad;
  }
  TimeZone z = Zone("-0530");
  EXPECT_TRUE(z.fixed());
  EXPECT_EQ(Utc(2024, 1, 1, 5, 30), z.LocalToUtc(Utc(2024, 1, 1, 0)));
}

TEST(TimeZoneTest, UnknownAndHostileNames) {
  TimeZone z;
  for (const char* bad : {"Mars/Olympus", "../../etc/passwd", "/etc/localtime", "Asia/../Asia/Tokyo", "a b"}) {
    Status s = TimeZone::Load(bad, &z);
    EXPECT_TRUE(s.IsInvalidArgument()) << bad;
    EXPECT_NE(std::string::npos, s.message().find(bad)) << s.message();
  }
  EXPECT_TRUE(TimeZone::FromTzif("not a zone file at all, but long enough to read a header", "x", &z).IsCorruption());
  EXPECT_TRUE(TimeZone::FromTzif("TZif2", "x", &z).IsCorruption());
}

TEST(TimeZoneTest, ShanghaiIsPlusEightAndHadSummerTimeIn1988) {
  TimeZone z = Zone("Asia/Shanghai");
  EXPECT_EQ(8 * 3600, z.OffsetAt(Utc(2023, 7, 1, 0)));
  EXPECT_EQ(Utc(2023, 11, 14, 22, 13, 20), z.LocalToUtc(Utc(2023, 11, 15, 6, 13, 20)));
  EXPECT_EQ(9 * 3600, z.OffsetAt(Utc(1988, 7, 1, 0)));
  EXPECT_EQ(8 * 3600, z.OffsetAt(Utc(2100, 7, 1, 0)));  // after the last transition: the footer
}

TEST(TimeZoneTest, NewYorkAcrossDstChanges) {
  TimeZone z = Zone("America/New_York");
  // 2024-03-10 02:00 EST -> 03:00 EDT (07:00 UTC); 2024-11-03 02:00 EDT -> 01:00 EST (06:00 UTC).
  EXPECT_EQ(-5 * 3600, z.OffsetAt(Utc(2024, 3, 10, 6, 59, 59)));
  EXPECT_EQ(-4 * 3600, z.OffsetAt(Utc(2024, 3, 10, 7)));
  EXPECT_EQ(-4 * 3600, z.OffsetAt(Utc(2024, 11, 3, 5, 59, 59)));
  EXPECT_EQ(-5 * 3600, z.OffsetAt(Utc(2024, 11, 3, 6)));
  // Plain local times on either side.
  EXPECT_EQ(Utc(2024, 1, 15, 17), z.LocalToUtc(Utc(2024, 1, 15, 12)));
  EXPECT_EQ(Utc(2024, 7, 15, 16), z.LocalToUtc(Utc(2024, 7, 15, 12)));
  // The gap: 02:30 never happens; the offset before it (EST) is used.
  EXPECT_EQ(Utc(2024, 3, 10, 7, 30), z.LocalToUtc(Utc(2024, 3, 10, 2, 30)));
  // The overlap: 01:30 happens twice; the earlier (EDT) is taken.
  EXPECT_EQ(Utc(2024, 11, 3, 5, 30), z.LocalToUtc(Utc(2024, 11, 3, 1, 30)));
  // Far beyond the file's transitions, the footer's rule (EST5EDT,M3.2.0,M11.1.0):
  // 2100-03-14 and 2100-11-07 are the second and first Sundays.
  EXPECT_EQ(-5 * 3600, z.OffsetAt(Utc(2100, 3, 14, 6, 59)));
  EXPECT_EQ(-4 * 3600, z.OffsetAt(Utc(2100, 3, 14, 7, 0)));
  EXPECT_EQ(-4 * 3600, z.OffsetAt(Utc(2100, 11, 7, 5, 59)));
  EXPECT_EQ(-5 * 3600, z.OffsetAt(Utc(2100, 11, 7, 6, 0)));
}

TEST(TimeZoneTest, LondonSummerTime) {
  TimeZone z = Zone("Europe/London");
  // 2024: BST from 03-31 01:00 UTC to 10-27 01:00 UTC.
  EXPECT_EQ(0, z.OffsetAt(Utc(2024, 3, 31, 0, 59)));
  EXPECT_EQ(3600, z.OffsetAt(Utc(2024, 3, 31, 1)));
  EXPECT_EQ(3600, z.OffsetAt(Utc(2024, 10, 27, 0, 59)));
  EXPECT_EQ(0, z.OffsetAt(Utc(2024, 10, 27, 1)));
  EXPECT_EQ(Utc(2024, 6, 1, 11), z.LocalToUtc(Utc(2024, 6, 1, 12)));
  // The footer (GMT0BST,M3.5.0/1,M10.5.0): the last Sundays, 2100-03-28 and 2100-10-31.
  EXPECT_EQ(0, z.OffsetAt(Utc(2100, 3, 28, 0, 59)));
  EXPECT_EQ(3600, z.OffsetAt(Utc(2100, 3, 28, 1)));
  EXPECT_EQ(3600, z.OffsetAt(Utc(2100, 10, 31, 0, 59)));
  EXPECT_EQ(0, z.OffsetAt(Utc(2100, 10, 31, 1)));
}

TEST(TimeZoneTest, UtcFileAndSouthernRule) {
  TimeZone u = Zone("Etc/UTC");
  EXPECT_EQ(0, u.OffsetAt(Utc(2024, 6, 1, 0)));
  EXPECT_EQ(Utc(2024, 6, 1, 0), u.LocalToUtc(Utc(2024, 6, 1, 0)));
  // Sydney: AEST-10AEDT,M10.1.0,M4.1.0/3 -- summer time across the new year.
  TimeZone s = Zone("Australia/Sydney");
  EXPECT_EQ(11 * 3600, s.OffsetAt(Utc(2100, 1, 15, 0)));
  EXPECT_EQ(10 * 3600, s.OffsetAt(Utc(2100, 7, 15, 0)));
  EXPECT_EQ(11 * 3600, s.OffsetAt(Utc(2030, 1, 15, 0)));
}

}  // namespace
}  // namespace lc
