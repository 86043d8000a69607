#include "common/ship/batch_recycler.h"

#include <gtest/gtest.h>

namespace lc {

TEST(BatchRecycler, GivesBackEmptiedBuffersWithTheirCapacity) {
  BatchRecycler r(2);
  EXPECT_TRUE(r.Get().empty());  // none kept yet: a new one
  Batch b = BatchOf({R"({"lc.cursor":"a:1"})", "x"});
  b.data.reserve(1 << 16);
  const char* buffer = b.data.data();
  r.Put(std::move(b));
  Batch again = r.Get();
  EXPECT_EQ(buffer, again.data.data());  // the same memory, not a new allocation
  EXPECT_GE(again.data.capacity(), size_t{1} << 16);
  EXPECT_TRUE(again.empty());
  EXPECT_TRUE(again.data.empty());
  EXPECT_TRUE(again.last_cursors.empty());
  EXPECT_EQ(0u, again.seq);
}

TEST(BatchRecycler, KeepsAtMostItsLimit) {
  BatchRecycler r(1);
  Batch a, b;
  a.data.reserve(1000);
  b.data.reserve(2000);
  const char* first = a.data.data();
  r.Put(std::move(a));
  r.Put(std::move(b));  // over the limit: freed
  EXPECT_EQ(first, r.Get().data.data());
  EXPECT_LT(r.Get().data.capacity(), 1000u);  // a new one (its small-string buffer)
}

TEST(BatchRecycler, BuilderFillsARecycledBatchAsANewOne) {
  BatchRecycler r(2);
  BatchBuilder builder(BatchLimits{}, &r);
  builder.Add(R"({"lc.cursor":"a:1"})", 5);
  Batch first = builder.Take();
  EXPECT_EQ(1u, first.seq);
  const char* buffer = first.data.data();
  r.Put(std::move(first));
  builder.Add(R"({"lc.cursor":"b:2"})", 7);
  Batch second = builder.Take();  // the batch started after the Put: its buffer
  EXPECT_EQ(buffer, second.data.data());
  EXPECT_EQ(2u, second.seq);
  EXPECT_EQ(7, second.first_mono);
  EXPECT_EQ("{\"lc.cursor\":\"b:2\"}\n", second.data);
  EXPECT_EQ((std::vector<std::pair<std::string, int64_t>>{{"b", 2}}), second.last_cursors);
}

}  // namespace lc
