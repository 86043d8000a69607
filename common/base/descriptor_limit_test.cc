#include "common/base/descriptor_limit.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace lc {
namespace {

TEST(DescriptorLimitTest, SoftRaisedToHardAndReturned) {
  struct rlimit rl;
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
  struct rlimit lowered = rl;
  lowered.rlim_cur = 256;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &lowered), 0);
  int64_t got = RaiseDescriptorLimit();
  struct rlimit now;
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &now), 0);
  EXPECT_EQ(now.rlim_cur, rl.rlim_max);
  EXPECT_EQ(got, static_cast<int64_t>(now.rlim_cur));
  EXPECT_GT(got, 256);
  setrlimit(RLIMIT_NOFILE, &rl);
}

}  // namespace
}  // namespace lc
