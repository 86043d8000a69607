#include "common/ship/batch.h"

#include <gtest/gtest.h>

namespace lc {

using Kind = BatchBuilder::Kind;

// Issue 13, defect 7: each of these committed its cursor.
TEST(Batch, RegressionALineThatIsNotAWholeRecordCommitsNothing) {
  BatchBuilder b(BatchLimits{});
  EXPECT_EQ(Kind::kNotJson, b.Add(R"(hello "lc.cursor":"k1:77"})", 0));
  EXPECT_EQ(Kind::kNotJson, b.Add(R"({"time":"t","body":"cut","lc.cursor":"k1:78")", 0));
  EXPECT_EQ(Kind::kNotJson, b.Add(R"("lc.cursor":"k1:79"})", 0));
  EXPECT_EQ(Kind::kNotJson, b.Add(R"({"time":"t","bo{"time":"t","body":"x","lc.cursor":"k1:80"})", 0));
  EXPECT_EQ(Kind::kNoCursor, b.Add(R"({"time":"t","body":"x","lc.cursor":":7"})", 0));
  EXPECT_EQ(Kind::kNoCursor, b.Add(R"({"time":"t","body":"x","lc.cursor":"k1:"})", 0));
  EXPECT_EQ(Kind::kNoCursor, b.Add(R"({"time":"t","body":"x"})", 0));
  Batch batch = b.Take();
  EXPECT_EQ(7u, batch.size());  // every line is still delivered
  EXPECT_TRUE(batch.last_cursors.empty());
  EXPECT_EQ(Kind::kCursor, b.Add(R"( {"time":"t","body":"x","lc.cursor":"k1:81"} )", 0));
  EXPECT_EQ((std::vector<std::pair<std::string, int64_t>>{{"k1", 81}}), b.Take().last_cursors);
}

TEST(Batch, BuilderCutsByRecordsAndBytesAndTime) {
  BatchLimits lim;
  lim.max_records = 3;
  lim.max_bytes = 1000;
  lim.max_wait_nanos = 100;
  BatchBuilder b(lim);
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(Kind::kCursor, b.Add(R"({"lc.cursor":"a:10"})", 1000));
  EXPECT_EQ(Kind::kNotJson, b.Add("no cursor", 1050));
  EXPECT_EQ(50, b.DueIn(1050));
  EXPECT_FALSE(b.Full());
  EXPECT_EQ(Kind::kCursor, b.Add(R"({"lc.cursor":"a:30"})", 1060));
  EXPECT_TRUE(b.Full());
  Batch first = b.Take();
  EXPECT_EQ(1u, first.seq);
  ASSERT_EQ(3u, first.size());
  EXPECT_EQ("no cursor", first.at(1));
  EXPECT_EQ(std::string(R"({"lc.cursor":"a:10"})") + "\nno cursor\n" + R"({"lc.cursor":"a:30"})" + "\n", first.data);
  ASSERT_EQ(1u, first.last_cursors.size());
  EXPECT_EQ((std::pair<std::string, int64_t>("a", 30)), first.last_cursors[0]);
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(2u, b.Take().seq);

  lim.max_bytes = 10;
  BatchBuilder small(lim);
  small.Add("0123456789", 0);
  EXPECT_TRUE(small.Full());
}

TEST(Batch, LastCursorPerSourceInFirstSeenOrder) {
  BatchBuilder b(BatchLimits{});
  for (const char* r : {R"({"lc.cursor":"x:1"})", R"({"lc.cursor":"y:5"})", R"({"lc.cursor":"x:2"})",
                        R"({"lc.cursor":"z:9"})", R"({"lc.cursor":"y:6"})", R"({"lc.cursor":"y:7"})"}) {
    b.Add(r, 0);
  }
  Batch batch = b.Take();
  std::vector<std::pair<std::string, int64_t>> want = {{"x", 2}, {"y", 7}, {"z", 9}};
  EXPECT_EQ(want, batch.last_cursors);
  ASSERT_EQ(6u, batch.Views().size());
  EXPECT_EQ(R"({"lc.cursor":"y:7"})", batch.Views()[5]);
}

// The source index is kept from batch to batch (issue 12): a source in one
// batch and not the next must not be listed in it, nor lose its place when
// it comes back, nor after the index is emptied of sources gone.
TEST(Batch, ASourceIsListedOnlyInTheBatchesThatHoldIt) {
  BatchBuilder b(BatchLimits{});
  b.Add(R"({"lc.cursor":"gone:1"})", 0);
  b.Add(R"({"lc.cursor":"back:2"})", 0);
  EXPECT_EQ((std::vector<std::pair<std::string, int64_t>>{{"gone", 1}, {"back", 2}}), b.Take().last_cursors);
  b.Add(R"({"lc.cursor":"new:3"})", 0);
  EXPECT_EQ((std::vector<std::pair<std::string, int64_t>>{{"new", 3}}), b.Take().last_cursors);
  b.Add(R"({"lc.cursor":"new:4"})", 0);
  b.Add(R"({"lc.cursor":"back:5"})", 0);
  b.Add(R"({"lc.cursor":"new:6"})", 0);
  EXPECT_EQ((std::vector<std::pair<std::string, int64_t>>{{"new", 6}, {"back", 5}}), b.Take().last_cursors);
  for (int i = 0; i < 3000; i++) b.Add(R"({"lc.cursor":"s)" + std::to_string(i) + R"(:1"})", 0);
  EXPECT_EQ(3000u, b.Take().last_cursors.size());
  b.Add(R"({"lc.cursor":"back:7"})", 0);  // the index, mostly stale now, is emptied at this Take
  EXPECT_EQ((std::vector<std::pair<std::string, int64_t>>{{"back", 7}}), b.Take().last_cursors);
  b.Add(R"({"lc.cursor":"s5:8"})", 0);
  b.Add(R"({"lc.cursor":"back:9"})", 0);
  EXPECT_EQ((std::vector<std::pair<std::string, int64_t>>{{"s5", 8}, {"back", 9}}), b.Take().last_cursors);
}

}  // namespace lc
