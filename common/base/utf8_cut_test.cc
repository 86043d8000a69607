#include "common/base/utf8_cut.h"

#include <gtest/gtest.h>

#include <string>

namespace lc {
namespace {

const std::string kE = "\xc3\xa9";  // é: 2 bytes

TEST(Utf8Cut, TakesWhatFitsWhenItEndsBeforeACharacter) {
  std::string p = "abcdef";
  EXPECT_EQ(4u, Utf8Cut(p.data(), p.size(), 2, 6, 100));  // 6 - 2 held
}

TEST(Utf8Cut, BacksUpOverContinuationBytes) {
  std::string p = "ab" + kE + "cd";  // a b C3 A9 c d
  // Room for 3 bytes of p would end inside é: 2 are taken.
  EXPECT_EQ(2u, Utf8Cut(p.data(), p.size(), 0, 3, 100));
  EXPECT_EQ(4u, Utf8Cut(p.data(), p.size(), 0, 4, 100));
}

TEST(Utf8Cut, NothingFitsAndWhatIsHeldGoesOutWithTheRestOfItsLastCharacter) {
  std::string p = "\xa9xyz";  // the tail of a character whose first byte is held
  EXPECT_EQ(1u, Utf8Cut(p.data(), p.size(), 10, 8, 100));  // the budget shrank below what is held
  EXPECT_EQ(0u, Utf8Cut(p.data(), p.size(), 10, 8, 10));   // but never past max
  std::string q = "xyz";
  EXPECT_EQ(0u, Utf8Cut(q.data(), q.size(), 10, 8, 100));  // a whole character next: nothing taken
}

TEST(Utf8Cut, WithNothingHeldSomethingIsAlwaysTaken) {
  std::string p = kE + kE + kE;
  for (size_t cap = 4; cap < p.size(); cap++) {
    size_t cut = Utf8Cut(p.data(), p.size(), 0, cap, 100);
    EXPECT_GT(cut, 0u) << cap;
    EXPECT_LE(cut, cap) << cap;
    EXPECT_EQ(0u, cut % 2) << cap;  // whole characters
  }
}

}  // namespace
}  // namespace lc
