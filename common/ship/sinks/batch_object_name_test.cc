#include "common/ship/sinks/batch_object_name.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

constexpr int64_t kNow = 1'764'547'200'000'000'000;  // 2025-12-01T00:00:00Z

TEST(BatchObjectNameTest, HourOfTheFirstRecordsTimeAndTheExtension) {
  Batch b = BatchOf({R"({"time":"2026-11-25T05:40:45.1Z","body":"a","lc.cursor":"/l/a.log:10"})",
                     R"({"time":"2026-11-25T07:00:00Z","body":"b","lc.cursor":"/l/a.log:20"})"});
  std::string name = BatchObjectName(b, 0, 2, kNow, "tar.zst");
  EXPECT_EQ(name.substr(0, 14), "2026/11/25/05/") << name;
  EXPECT_EQ(name.substr(name.size() - 8), ".tar.zst") << name;
}

TEST(BatchObjectNameTest, NowWhenTheFirstRecordHasNoTime) {
  Batch b = BatchOf({R"({"body":"a"})"});
  EXPECT_EQ(BatchObjectName(b, 0, 1, kNow, "ndjson").substr(0, 14), "2025/12/01/00/");
  EXPECT_EQ(RecordTime(R"({"time":"not a time"})", kNow), kNow);
  EXPECT_EQ(RecordTime(R"({"time":7})", kNow), kNow);
}

TEST(BatchObjectNameTest, NamedByTheFirstAndLastCursorsSoAResendOverwritesItself) {
  Batch b1 = BatchOf({R"({"body":"a","lc.cursor":"/l/\"q\".log:10"})", R"({"body":"b","lc.cursor":"k:20"})"});
  Batch b2 = BatchOf({R"({"body":"x","lc.cursor":"/l/\"q\".log:10"})", R"({"body":"y","lc.cursor":"k:20"})"});
  Batch b3 = BatchOf({R"({"body":"a","lc.cursor":"/l/\"q\".log:10"})", R"({"body":"b","lc.cursor":"k:21"})"});
  EXPECT_EQ(BatchObjectName(b1, 0, 2, kNow, "tar"), BatchObjectName(b2, 0, 2, kNow, "tar"));
  EXPECT_NE(BatchObjectName(b1, 0, 2, kNow, "tar"), BatchObjectName(b3, 0, 2, kNow, "tar"));
  // A part of a batch is named by its own first and last records.
  EXPECT_NE(BatchObjectName(b1, 0, 1, kNow, "tar"), BatchObjectName(b1, 0, 2, kNow, "tar"));
}

TEST(BatchObjectNameTest, WithoutCursorsEveryRecordCounts) {
  Batch x = BatchOf({"a", "b", "z"}), y = BatchOf({"a", "c", "z"});
  EXPECT_NE(BatchObjectName(x, 0, 3, kNow, "tar"), BatchObjectName(y, 0, 3, kNow, "tar"));
  EXPECT_EQ(BatchObjectName(x, 0, 3, kNow, "tar"), BatchObjectName(x, 0, 3, kNow, "tar"));
}

}  // namespace
}  // namespace lc
