#include "common/base/status.h"

#include <cerrno>

#include <gtest/gtest.h>

namespace lc {

TEST(Status, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ("OK", s.ToString());
}

TEST(Status, VanishedFileIsNotFoundButPermissionIsIOError) {
  EXPECT_TRUE(Status::FromErrno("/x", ENOENT).IsNotFound());
  Status denied = Status::FromErrno("/x", EACCES);
  EXPECT_TRUE(denied.IsIOError());
  EXPECT_EQ("/x: Permission denied", denied.message());
}

}  // namespace lc
