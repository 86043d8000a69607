#include "common/ship/commit_tracker.h"

#include <gtest/gtest.h>

namespace lc {

TEST(CommitTracker, ASourceNeverPassesAnUnresolvedBatch) {
  CommitTracker t;
  t.Add(1, {{"a", 10}, {"b", 100}});
  t.Add(2, {{"a", 20}});
  t.Add(3, {{"a", 30}, {"b", 300}});
  t.Resolve(3);  // out of order: nothing may move yet
  EXPECT_TRUE(t.committed().empty());
  EXPECT_FALSE(t.dirty());
  t.Resolve(1);
  EXPECT_EQ(10, t.committed().at("a"));
  EXPECT_EQ(300, t.committed().at("b"));  // b is in 1 and 3 only, both resolved
  EXPECT_TRUE(t.dirty());
  t.MarkClean();
  t.Resolve(2);
  EXPECT_EQ(30, t.committed().at("a"));
  EXPECT_TRUE(t.dirty());
  EXPECT_EQ(0u, t.pending());
}

TEST(CommitTracker, SourcesAdvanceIndependently) {
  CommitTracker t({{"old", 5}});
  t.Add(1, {{"a", 10}});
  t.Add(2, {{"b", 7}});
  t.Resolve(2);  // batch 1 (source a) is still out, but b is not in it
  EXPECT_EQ(7, t.committed().at("b"));
  EXPECT_EQ(0u, t.committed().count("a"));
  EXPECT_EQ(5, t.committed().at("old"));  // untouched sources keep their cursor
  EXPECT_EQ(1u, t.pending());
}

TEST(CommitTracker, AnAbandonedBatchHoldsItsSourcesForever) {
  CommitTracker t;
  t.Add(1, {{"a", 10}});
  t.Add(2, {{"a", 20}});
  t.Resolve(2);
  EXPECT_EQ(0u, t.committed().count("a"));
  t.Resolve(99);  // unknown: ignored
  t.Resolve(2);   // twice: ignored
  EXPECT_EQ(0u, t.committed().count("a"));
}

TEST(CommitTracker, ALaterSmallerOffsetWinsAfterATruncation) {
  CommitTracker t({{"a", 500}});
  t.Add(1, {{"a", 40}});
  t.Resolve(1);
  EXPECT_EQ(40, t.committed().at("a"));
}

TEST(CommitTracker, BatchesWithoutCursorsCommitNothing) {
  CommitTracker t;
  t.Add(1, {});
  t.Resolve(1);
  EXPECT_FALSE(t.dirty());
  EXPECT_EQ(0u, t.pending());
}

// A source's state outlives the batches that held it: it is found again,
// waiting or not, in every later batch (a thousand sources, batch after
// batch), and a tracker moved into place (as lc-ship's is, after loading
// the commit file) keeps its pointers into its own maps.
TEST(CommitTracker, ASourceIsTrackedAcrossManyBatchesAfterAMove) {
  CommitTracker loaded({{"kept", 1}, {"b", 2}});
  CommitTracker t;
  t = std::move(loaded);
  for (uint64_t seq = 1; seq <= 50; seq++) {
    std::vector<std::pair<std::string, int64_t>> cursors = {{"a-long-source-key-" + std::to_string(seq % 3), seq}};
    if (seq % 2 == 0) cursors.emplace_back("b", static_cast<int64_t>(seq * 10));
    t.Add(seq, cursors);
  }
  for (uint64_t seq = 50; seq >= 2; seq--) t.Resolve(seq);  // newest first
  EXPECT_EQ(500, t.committed().at("b"));  // not in batch 1
  EXPECT_EQ(50, t.committed().at("a-long-source-key-2"));
  EXPECT_EQ(48, t.committed().at("a-long-source-key-0"));
  EXPECT_EQ(0u, t.committed().count("a-long-source-key-1"));  // waits for batch 1
  t.Resolve(1);
  EXPECT_EQ(49, t.committed().at("a-long-source-key-1"));
  EXPECT_EQ(1, t.committed().at("kept"));
  t.Add(51, {{"b", 7}});
  t.Resolve(51);
  EXPECT_EQ(7, t.committed().at("b"));
  EXPECT_EQ(0u, t.pending());
}

TEST(CommitTracker, AForgottenSourceLosesItsCursor) {
  CommitTracker t({{"loaded", 5}, {"other", 9}});
  t.Add(1, {{"a", 10}, {"b", 20}});
  t.Resolve(1);
  t.MarkClean();
  EXPECT_TRUE(t.Forget("a"));       // tracked this run, nothing pending
  EXPECT_TRUE(t.Forget("loaded"));  // known from the file only
  EXPECT_TRUE(t.dirty());
  EXPECT_EQ((CursorMap{{"b", 20}, {"other", 9}}), t.committed());
  t.MarkClean();
  EXPECT_TRUE(t.Forget("never-seen"));  // nothing to forget
  EXPECT_FALSE(t.dirty());
  // Back after being forgotten: tracked afresh, from its new records.
  t.Add(2, {{"a", 3}});
  t.Resolve(2);
  EXPECT_EQ(3, t.committed().at("a"));
}

TEST(CommitTracker, ASourceWithABatchInFlightIsNotForgotten) {
  CommitTracker t({{"a", 5}});
  t.Add(1, {{"a", 10}});
  t.MarkClean();
  EXPECT_FALSE(t.Forget("a"));
  EXPECT_FALSE(t.dirty());
  EXPECT_EQ(5, t.committed().at("a"));
  t.Resolve(1);
  EXPECT_EQ(10, t.committed().at("a"));
  EXPECT_TRUE(t.Forget("a"));
  EXPECT_TRUE(t.committed().empty());
}

}  // namespace lc
