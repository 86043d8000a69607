#include "common/listen/journal.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace lc {
namespace {

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char d[] = "/tmp/lc-journal.XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(d));
    dir_ = std::string(d) + "/j";
  }
  void TearDown() override { (void)!system(("rm -rf " + dir_.substr(0, dir_.size() - 2)).c_str()); }

  std::string ReadAll(Journal* j) {
    std::string s;
    char buf[100];
    int64_t at = j->begin();
    while (at < j->durable_end()) {
      size_t got = 0;
      EXPECT_TRUE(j->Read(at, buf, sizeof buf, &got).ok());
      if (got == 0) break;
      s.append(buf, got);
      at += static_cast<int64_t>(got);
    }
    return s;
  }

  std::string dir_;
};

TEST_F(JournalTest, AppendSyncReadAndOffsetsThatOnlyGrow) {
  std::unique_ptr<Journal> j;
  ASSERT_TRUE(Journal::Open(dir_, 1 << 20, 500, &j).ok());
  EXPECT_EQ(500, j->begin());
  EXPECT_EQ(500, j->durable_end());
  j->Append("{\"a\":1}\n");
  EXPECT_EQ(500, j->durable_end());  // not yet written
  ASSERT_TRUE(j->Sync().ok());
  EXPECT_EQ(508, j->durable_end());
  EXPECT_EQ("{\"a\":1}\n", ReadAll(j.get()));
  EXPECT_EQ(std::string("lc-listen:") + dir_, j->key());
  struct stat st;
  ASSERT_EQ(0, stat(dir_.c_str(), &st));
  EXPECT_EQ(0700u, st.st_mode & 0777);
  // A second process is kept out.
  std::unique_ptr<Journal> other;
  EXPECT_TRUE(Journal::Open(dir_, 1 << 20, 0, &other).IsInvalidArgument());
  j.reset();
  // Reopened: the journal goes on where it ended, whatever `start` says.
  ASSERT_TRUE(Journal::Open(dir_, 1 << 20, 0, &j).ok());
  EXPECT_EQ(508, j->durable_end());
  j->Append("{\"b\":2}\n");
  ASSERT_TRUE(j->Sync().ok());
  EXPECT_EQ("{\"a\":1}\n{\"b\":2}\n", ReadAll(j.get()));
}

TEST_F(JournalTest, ATornLastLineIsCutAtOpen) {
  std::unique_ptr<Journal> j;
  ASSERT_TRUE(Journal::Open(dir_, 1 << 20, 0, &j).ok());
  j->Append("one\ntwo\n");
  ASSERT_TRUE(j->Sync().ok());
  j.reset();
  FILE* f = fopen((dir_ + "/00000000000000000000.jnl").c_str(), "a");
  fputs("thr", f);
  fclose(f);
  ASSERT_TRUE(Journal::Open(dir_, 1 << 20, 0, &j).ok());
  EXPECT_EQ(8, j->durable_end());
  j->Append("four\n");
  ASSERT_TRUE(j->Sync().ok());
  EXPECT_EQ("one\ntwo\nfour\n", ReadAll(j.get()));
}

TEST_F(JournalTest, SegmentsRollArePrunedOnlyWhenCommittedAndBoundTheSize) {
  std::unique_ptr<Journal> j;
  const int64_t max = 1 << 20;  // segments of 128 KiB
  ASSERT_TRUE(Journal::Open(dir_, max, 0, &j).ok());
  std::string line(1023, 'x');
  line += '\n';
  int n = 0;
  while (!j->full()) {
    j->Append(line);
    ASSERT_TRUE(j->Sync().ok());
    n++;
  }
  EXPECT_EQ(1024, n);
  EXPECT_EQ(0, j->begin());
  j->Prune(0);
  EXPECT_TRUE(j->full());
  j->Prune(300 * 1024);  // covers the first two segments (128 KiB each) only
  EXPECT_EQ(256 * 1024, j->begin());
  EXPECT_FALSE(j->full());
  EXPECT_EQ(0, access((dir_ + "/00000000000000262144.jnl").c_str(), F_OK));
  EXPECT_NE(0, access((dir_ + "/00000000000000000000.jnl").c_str(), F_OK));
  size_t got = 0;
  char buf[8];
  EXPECT_TRUE(j->Read(0, buf, sizeof buf, &got).IsNotFound());
  j->Prune(j->durable_end());
  EXPECT_EQ(0, access((dir_ + "/" + [&] {
                        char name[30];
                        snprintf(name, sizeof name, "%020lld.jnl", static_cast<long long>(j->begin()));
                        return std::string(name);
                      }())
                          .c_str(),
                      F_OK));  // the segment being written stays
}

}  // namespace
}  // namespace lc
