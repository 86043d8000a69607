#include "common/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include <gtest/gtest.h>

namespace lc {
namespace {

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char d[] = "/tmp/lc-atomic-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(d));
    dir_ = d;
  }
  void TearDown() override { system(("rm -rf " + dir_).c_str()); }
  std::string dir_;
};

TEST_F(AtomicFileTest, ReplacesTheWholeFileWithMode0600AndLeavesNoTemp) {
  std::string path = dir_ + "/state.json";
  ASSERT_TRUE(WriteFileAtomically(path, "first, and longer\n").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "second\n").ok());
  std::string got;
  ASSERT_TRUE(ReadWholeFile(path, &got).ok());
  EXPECT_EQ("second\n", got);
  struct stat st;
  ASSERT_EQ(0, stat(path.c_str(), &st));
  EXPECT_EQ(0600u, st.st_mode & 0777);
  EXPECT_EQ(0, system(("test $(ls -A " + dir_ + " | wc -l) -eq 1").c_str()));
}

// The planted bug "written in place (its mode kept)": a reader holding the
// old file saw it truncated and half rewritten, and a 0644 file stayed 0644.
TEST_F(AtomicFileTest, ANewInodeReplacesTheOldOneWhichReadersStillSeeWhole) {
  std::string path = dir_ + "/state.json";
  ASSERT_TRUE(WriteFileAtomically(path, "old content\n").ok());
  ASSERT_EQ(0, chmod(path.c_str(), 0644));
  struct stat before, after;
  ASSERT_EQ(0, stat(path.c_str(), &before));
  int fd = open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(WriteFileAtomically(path, "new\n").ok());
  char buf[64];
  ssize_t n = pread(fd, buf, sizeof buf, 0);
  close(fd);
  EXPECT_EQ("old content\n", std::string(buf, n > 0 ? static_cast<size_t>(n) : 0));
  ASSERT_EQ(0, stat(path.c_str(), &after));
  EXPECT_NE(before.st_ino, after.st_ino);
  EXPECT_EQ(0600u, after.st_mode & 0777);
}

TEST_F(AtomicFileTest, ErrorsNameTheFile) {
  std::string got;
  Status s = ReadWholeFile(dir_ + "/missing", &got);
  EXPECT_TRUE(s.IsNotFound());
  s = WriteFileAtomically(dir_ + "/no/such/dir/f", "x");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(std::string::npos, s.message().find(dir_ + "/no/such/dir/f")) << s.message();
}

TEST_F(AtomicFileTest, WriteFullyWritesEverythingAndNamesWhatFailed) {
  std::string path = dir_ + "/big";
  int fd = open(path.c_str(), O_WRONLY | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  std::string big(3 << 20, 'x');
  ASSERT_TRUE(WriteFully(fd, big.data(), big.size(), path).ok());
  close(fd);
  std::string got;
  ASSERT_TRUE(ReadWholeFile(path, &got).ok());
  EXPECT_EQ(big.size(), got.size());
  fd = open(path.c_str(), O_RDONLY);
  Status s = WriteFully(fd, "x", 1, "the-thing");
  close(fd);
  EXPECT_EQ(0u, s.message().find("the-thing")) << s.message();
  EXPECT_TRUE(SyncDir(dir_).ok());
  EXPECT_FALSE(SyncDir(dir_ + "/missing").ok());
}

TEST_F(AtomicFileTest, MakeDirectoriesCreatesEveryLevel) {
  ASSERT_TRUE(MakeDirectories(dir_ + "/a/b/c").ok());
  EXPECT_EQ(0, access((dir_ + "/a/b/c").c_str(), F_OK));
  EXPECT_TRUE(MakeDirectories(dir_ + "/a/b/c").ok());
  EXPECT_FALSE(MakeDirectories("/proc/version/x").ok());
}

// Regression (issue 13): a writer killed with -9 between write and rename
// left "<path>.tmp.<pid>" for ever, one more after each kill.  The next
// process's first write removes the temps of dead pids; a live pid's temp
// (a write in progress), other files and its own are kept.
TEST_F(AtomicFileTest, TempsLeftByKilledWritersAreRemovedOnTheNextWrite) {
  std::string path = dir_ + "/state.json";
  auto touch = [](const std::string& p) { close(open(p.c_str(), O_CREAT | O_WRONLY, 0600)); };
  touch(path + ".tmp.4194400");                      // dead: above any pid_max (2^22)
  touch(path + ".tmp.1");                            // init: alive
  touch(path + ".tmp.x1");                           // not a pid: not ours
  touch(dir_ + "/other.json.tmp.4194401");           // another file's temp
  EXPECT_EQ(1, RemoveStaleTemps(path, RealFileSystem(), ProcessAlive));
  EXPECT_NE(0, access((path + ".tmp.4194400").c_str(), F_OK));
  EXPECT_EQ(0, access((path + ".tmp.1").c_str(), F_OK));
  EXPECT_EQ(0, access((path + ".tmp.x1").c_str(), F_OK));
  EXPECT_EQ(0, access((dir_ + "/other.json.tmp.4194401").c_str(), F_OK));
  // Through WriteFileAtomically, the first write of a path.
  std::string other = dir_ + "/other.json";
  ASSERT_TRUE(WriteFileAtomically(other, "x\n").ok());
  EXPECT_NE(0, access((dir_ + "/other.json.tmp.4194401").c_str(), F_OK));
}

}  // namespace
}  // namespace lc
