#include "common/base/host_name.h"

#include <unistd.h>

#include <cstdlib>

#include <gtest/gtest.h>

namespace lc {
namespace {

// Sets or unsets LCTK_HOSTNAME for one test and puts it back.
class HostNameTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* v = getenv("LCTK_HOSTNAME");
    had_ = v != nullptr;
    if (had_) saved_ = v;
  }
  void TearDown() override {
    if (had_) {
      setenv("LCTK_HOSTNAME", saved_.c_str(), 1);
    } else {
      unsetenv("LCTK_HOSTNAME");
    }
  }
  bool had_ = false;
  std::string saved_;
};

std::string SystemName() {
  char buf[256] = {};
  EXPECT_EQ(gethostname(buf, sizeof buf - 1), 0);
  return buf;
}

}  // namespace

TEST_F(HostNameTest, TheEnvironmentWins) {
  setenv("LCTK_HOSTNAME", "node-7", 1);
  EXPECT_EQ(HostName(), "node-7");
}

TEST_F(HostNameTest, WithoutItOrWhenEmptyTheSystemName) {
  unsetenv("LCTK_HOSTNAME");
  EXPECT_EQ(HostName(), SystemName());
  setenv("LCTK_HOSTNAME", "", 1);
  EXPECT_EQ(HostName(), SystemName());
  EXPECT_FALSE(HostName().empty());
}

}  // namespace lc
