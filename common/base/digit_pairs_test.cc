#include "common/base/digit_pairs.h"

#include <cstdio>
#include <string>

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(DigitPairs, EveryPairIsItsTwoDigits) {
  for (unsigned v = 0; v < 100; v++) {
    char d[2];
    WriteTwoDigits(d, v);
    char want[3];
    snprintf(want, sizeof want, "%02u", v);
    EXPECT_EQ(std::string(want, 2), std::string(d, 2)) << v;
  }
}

}  // namespace
}  // namespace lc
