#include "common/base/byte_budget.h"

#include <gtest/gtest.h>

#include <memory>

namespace lc {
namespace {

constexpr size_t k = ByteBudget::kFloor;

TEST(ByteBudget, SharesAreCountedTogetherAndEachRoomIsWhatTheOthersLeave) {
  auto b = std::make_shared<ByteBudget>(10 * k);
  ByteShare x(b), y(b);
  x.Set(3 * k);
  y.Set(5 * k);
  EXPECT_EQ(8 * k, b->used());
  EXPECT_EQ(5 * k, x.Room());  // 10k less y's 5k: x's own 3k does not count against it
  EXPECT_EQ(7 * k, y.Room());
  y.Set(k);
  EXPECT_EQ(4 * k, b->used());
  EXPECT_EQ(9 * k, x.Room());
}

TEST(ByteBudget, EachShareMayAlwaysHoldTheFloor) {
  auto b = std::make_shared<ByteBudget>(2 * k);
  ByteShare x(b), y(b);
  x.Set(5 * k);  // already past the limit (the floor of others, or a shrunk budget)
  EXPECT_EQ(k, y.Room());
  EXPECT_EQ(2 * k, x.Room());
}

TEST(ByteBudget, AShareGivesItsBytesBackWhenDestroyedWhateverTheOrder) {
  auto b = std::make_shared<ByteBudget>(10 * k);
  {
    ByteShare x(b);
    x.Set(3 * k);
    EXPECT_EQ(3 * k, b->used());
  }
  EXPECT_EQ(0u, b->used());
  // The budget's maker gone first: the share still owns it.
  auto z = std::make_unique<ByteShare>(b);
  z->Set(k);
  std::weak_ptr<ByteBudget> w = b;
  b.reset();
  EXPECT_FALSE(w.expired());
  z.reset();
  EXPECT_TRUE(w.expired());
}

TEST(ByteBudget, AttachMovesWhatIsCountedToTheOtherBudget) {
  auto a = std::make_shared<ByteBudget>(10 * k), b = std::make_shared<ByteBudget>(10 * k);
  ByteShare x(a);
  x.Set(2 * k);
  x.Attach(b);
  EXPECT_EQ(0u, a->used());
  EXPECT_EQ(2 * k, b->used());
  EXPECT_EQ(b.get(), x.budget());
}

TEST(ByteBudget, AnUnattachedShareIsUnboundedAndCountsNothing) {
  ByteShare x;
  x.Set(5 * k);
  EXPECT_EQ(SIZE_MAX, x.Room());
  EXPECT_EQ(nullptr, x.budget());
  auto b = std::make_shared<ByteBudget>(10 * k);
  x.Attach(b);  // counted from now on; unattached, it had counted nothing to move
  EXPECT_EQ(0u, b->used());
  x.Set(k);
  EXPECT_EQ(k, b->used());
}

}  // namespace
}  // namespace lc
