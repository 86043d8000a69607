#include "common/render/lstat_memo.h"

#include <gtest/gtest.h>

#include "testing/fake_file_system.h"

namespace lc {

// Within one memo the first answer for a path stands, found or not; Stat and
// everything else still ask the filesystem underneath.
TEST(LstatMemo, TheFirstAnswerForAPathStands) {
  FakeFileSystem fake;
  fake.Create("/a", "12345");
  LstatMemo memo(&fake);
  FileInfo info;
  ASSERT_TRUE(memo.Lstat("/a", &info).ok());
  EXPECT_EQ(5, info.size);
  EXPECT_TRUE(memo.Lstat("/b", &info).IsNotFound());
  fake.Append("/a", "678");
  fake.Create("/b", "");
  info = FileInfo();
  ASSERT_TRUE(memo.Lstat("/a", &info).ok());
  EXPECT_EQ(5, info.size);
  EXPECT_TRUE(memo.Lstat("/b", &info).IsNotFound());
  ASSERT_TRUE(memo.Stat("/a", &info).ok());
  EXPECT_EQ(8, info.size);
  std::string target = "x";
  EXPECT_FALSE(memo.ReadLink("/a", &target).ok());  // the fake has no links
  LstatMemo fresh(&fake);
  ASSERT_TRUE(fresh.Lstat("/a", &info).ok());
  EXPECT_EQ(8, info.size);
  EXPECT_TRUE(fresh.Lstat("/b", &info).ok());
}

}  // namespace lc
