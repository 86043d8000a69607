#include "common/metrics/proc_files.h"

#include <gtest/gtest.h>

#include "testing/fake_file_system.h"

namespace lc {
namespace {

TEST(ProcFilesTest, KeptOpenAndReadAgainFromTheStart) {
  FakeFileSystem fs;
  fs.Create("/cg/cpu.stat", "usage_usec 1\n");
  int64_t budget = 10;
  ProcFiles files(&fs, &budget);
  std::string t;
  ASSERT_TRUE(files.Read("/cg/cpu.stat", &t).ok());
  EXPECT_EQ(t, "usage_usec 1\n");
  EXPECT_EQ(files.kept(), 1u);
  EXPECT_EQ(fs.open_files(), 1);
  EXPECT_EQ(budget, 9);
  fs.Rewrite("/cg/cpu.stat", "usage_usec 22\n");  // the kernel's new text, same file
  ASSERT_TRUE(files.Read("/cg/cpu.stat", &t).ok());
  EXPECT_EQ(t, "usage_usec 22\n");
  EXPECT_EQ(fs.open_files(), 1);
  files.Reset();
  EXPECT_EQ(fs.open_files(), 0);
  EXPECT_EQ(budget, 10);
}

TEST(ProcFilesTest, LongerThanOneReadIsWhole) {
  FakeFileSystem fs;
  fs.Create("/p/big", std::string(40000, 'x'));
  int64_t budget = 1;
  ProcFiles files(&fs, &budget);
  std::string t;
  ASSERT_TRUE(files.Read("/p/big", &t).ok());
  EXPECT_EQ(t.size(), 40000u);
  ASSERT_TRUE(files.Read("/p/big", &t).ok());
  EXPECT_EQ(t.size(), 40000u);
}

TEST(ProcFilesTest, MissingIsRememberedUntilReset) {
  FakeFileSystem fs;
  int64_t budget = 10;
  ProcFiles files(&fs, &budget);
  std::string t;
  EXPECT_TRUE(files.Read("/cg/memory.peak", &t).IsNotFound());
  fs.Create("/cg/memory.peak", "5\n");
  EXPECT_TRUE(files.Read("/cg/memory.peak", &t).IsNotFound());  // no lookup: this kernel has none
  files.Reset();
  ASSERT_TRUE(files.Read("/cg/memory.peak", &t).ok());
  EXPECT_EQ(t, "5\n");
}

TEST(ProcFilesTest, VanishedUnderAKeptDescriptorIsNotFoundAndClosed) {
  FakeFileSystem fs;
  fs.Create("/cg/c1/cpu.stat", "usage_usec 1\n");
  int64_t budget = 10;
  ProcFiles files(&fs, &budget);
  std::string t;
  ASSERT_TRUE(files.Read("/cg/c1/cpu.stat", &t).ok());
  fs.Vanish("/cg/c1/cpu.stat");  // the cgroup removed: reads fail with ENODEV
  EXPECT_TRUE(files.Read("/cg/c1/cpu.stat", &t).IsNotFound());
  EXPECT_EQ(files.kept(), 0u);
  EXPECT_EQ(fs.open_files(), 0);
  EXPECT_EQ(budget, 10);
  // The same path again, a new file: read through a new descriptor.
  fs.Create("/cg/c1/cpu.stat", "usage_usec 9\n");
  files.Reset();
  ASSERT_TRUE(files.Read("/cg/c1/cpu.stat", &t).ok());
  EXPECT_EQ(t, "usage_usec 9\n");
}

TEST(ProcFilesTest, BudgetSharedAndNoBudgetKeepsNone) {
  FakeFileSystem fs;
  fs.Create("/a", "1\n");
  fs.Create("/b", "2\n");
  int64_t budget = 1;
  ProcFiles one(&fs, &budget), two(&fs, &budget);
  std::string t;
  ASSERT_TRUE(one.Read("/a", &t).ok());
  ASSERT_TRUE(two.Read("/b", &t).ok());
  EXPECT_EQ(t, "2\n");
  EXPECT_EQ(one.kept() + two.kept(), 1u);
  EXPECT_EQ(fs.open_files(), 1);
  ProcFiles none(&fs, nullptr);
  ASSERT_TRUE(none.Read("/a", &t).ok());
  EXPECT_EQ(none.kept(), 0u);
  EXPECT_EQ(fs.open_files(), 1);
}

TEST(ProcFilesTest, DeniedIsAnErrorNotMissing) {
  FakeFileSystem fs;
  fs.Create("/cg/cpu.stat", "x\n");
  fs.Deny("/cg/cpu.stat");
  ProcFiles files(&fs, nullptr);
  std::string t;
  EXPECT_TRUE(files.Read("/cg/cpu.stat", &t).IsIOError());
}

}  // namespace
}  // namespace lc
