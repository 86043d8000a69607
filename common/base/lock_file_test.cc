#include "common/base/lock_file.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

namespace lc {
namespace {

class LockFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char d[] = "/tmp/lc-lock-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(d));
    dir_ = d;
  }
  void TearDown() override { system(("rm -rf " + dir_).c_str()); }
  std::string dir_;
};

TEST_F(LockFileTest, SecondHolderIsRefusedWithTheFirstOnesPid) {
  std::string path = dir_ + "/lock";
  std::unique_ptr<LockFile> a, b;
  ASSERT_TRUE(LockFile::Acquire(path, "spool", &a).ok());
  // flock is per open file description: a second open in this process
  // conflicts as another process's would.
  Status st = LockFile::Acquire(path, "spool", &b);
  ASSERT_TRUE(st.IsInvalidArgument()) << st.message();
  EXPECT_EQ(st.message(), "spool: in use by pid " + std::to_string(getpid()) + " (lock " + path + ")");
  EXPECT_EQ(b, nullptr);
  a.reset();
  EXPECT_TRUE(LockFile::Acquire(path, "spool", &b).ok());
}

TEST_F(LockFileTest, ALockOfADeadProcessIsFree) {
  std::string path = dir_ + "/lock";
  pid_t child = fork();
  if (child == 0) {
    std::unique_ptr<LockFile> l;
    _exit(LockFile::Acquire(path, "x", &l).ok() ? 0 : 1);  // dies holding it
  }
  int ws = 0;
  ASSERT_EQ(child, waitpid(child, &ws, 0));
  ASSERT_TRUE(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
  std::unique_ptr<LockFile> l;
  EXPECT_TRUE(LockFile::Acquire(path, "x", &l).ok());
}

TEST_F(LockFileTest, UnopenablePathIsAnIOError) {
  std::unique_ptr<LockFile> l;
  Status st = LockFile::Acquire(dir_ + "/missing/lock", "x", &l);
  EXPECT_TRUE(st.IsIOError() || st.IsNotFound()) << st.message();
}

}  // namespace
}  // namespace lc
