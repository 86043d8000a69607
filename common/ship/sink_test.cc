#include "common/ship/sink.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(SendResultTest, PerRecordHasNoReasonsUntilARecordGetsOne) {
  SendResult r = SendResult::PerRecord(3);
  EXPECT_EQ(3u, r.outcomes.size());
  r.Mark(0, 3, SendResult::kDelivered, "");
  EXPECT_TRUE(r.reasons.empty());  // a batch delivered whole: no string per record
  r.Mark(1, 2, SendResult::kRetry, "HTTP 503");
  ASSERT_EQ(3u, r.reasons.size());
  EXPECT_EQ("", r.reasons[0]);
  EXPECT_EQ("HTTP 503", r.reasons[1]);
  EXPECT_EQ(SendResult::kRetry, r.outcomes[1]);
  r.SetReason(2, "item 400");
  EXPECT_EQ("item 400", r.reasons[2]);
  r.Mark(1, 3, SendResult::kReject, "");  // a reason once given is cleared by an empty one
  EXPECT_EQ("", r.reasons[1]);
  EXPECT_EQ("", r.reasons[2]);
}

TEST(SendResultTest, FinishResultNormalisesWholeOutcomes) {
  SendResult delivered = FinishResult(SendResult::PerRecord(2));
  EXPECT_TRUE(delivered.status.ok());
  EXPECT_TRUE(delivered.outcomes.empty());
  SendResult retry = SendResult::PerRecord(2);
  retry.Mark(0, 2, SendResult::kRetry, "HTTP 502");
  retry = FinishResult(std::move(retry));
  EXPECT_FALSE(retry.status.ok());
  EXPECT_NE(std::string::npos, retry.status.message().find("HTTP 502"));
  SendResult unsaid = SendResult::PerRecord(1);
  unsaid.Mark(0, 1, SendResult::kRetry, "");
  unsaid = FinishResult(std::move(unsaid));
  EXPECT_NE(std::string::npos, unsaid.status.message().find("not delivered"));
}

}  // namespace
}  // namespace lc
