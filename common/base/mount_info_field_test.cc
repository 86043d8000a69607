#include "common/base/mount_info_field.h"

#include <gtest/gtest.h>

namespace lc {

TEST(MountInfoField, OctalEscapesBecomeTheirBytes) {
  EXPECT_EQ("/var/lib/my dir", UnescapeMountInfoField("/var/lib/my\\040dir"));
  EXPECT_EQ("a\tb\nc\\d", UnescapeMountInfoField("a\\011b\\012c\\134d"));
  EXPECT_EQ("/l1,x:y ", UnescapeMountInfoField("/l1\\054x\\072y\\040"));  // an escape at the very end
  EXPECT_EQ("plain", UnescapeMountInfoField("plain"));
  EXPECT_EQ("", UnescapeMountInfoField(""));
}

// Only a backslash and three octal digits (the first 0-3) is an escape; a
// cgroup path the kernel never escaped keeps its backslashes.
TEST(MountInfoField, WhatIsNotAnEscapeStays) {
  EXPECT_EQ("a\\08b", UnescapeMountInfoField("a\\08b"));
  EXPECT_EQ("a\\480", UnescapeMountInfoField("a\\480"));
  EXPECT_EQ("a\\0489", UnescapeMountInfoField("a\\0489"));
  EXPECT_EQ("end\\04", UnescapeMountInfoField("end\\04"));
  EXPECT_EQ("end\\", UnescapeMountInfoField("end\\"));
}

}  // namespace lc
