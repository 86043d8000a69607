#include "common/ship/spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

namespace lc {
namespace {

std::string TempDir() {
  char dir[] = "/tmp/lc-spool-XXXXXX";
  EXPECT_NE(nullptr, mkdtemp(dir));
  return dir;
}

}  // namespace

TEST(Spool, WritesReadsAndRemovesOldestFirst) {
  std::string dir = TempDir() + "/spool";
  std::unique_ptr<Spool> s;
  ASSERT_TRUE(Spool::Open(dir, 1 << 20, &s).ok());
  EXPECT_TRUE(s->empty());
  ASSERT_TRUE(s->Write({"a1", "a2"}).ok());
  ASSERT_TRUE(s->Write({"b1"}).ok());
  EXPECT_EQ(2u, s->segments());
  uint64_t id;
  ASSERT_TRUE(s->Take(&id));
  std::string payload;
  std::vector<std::string_view> recs;
  ASSERT_TRUE(s->Read(id, &payload, &recs).ok());
  ASSERT_EQ(2u, recs.size());
  EXPECT_EQ("a1", recs[0]);
  EXPECT_EQ("a2", recs[1]);
  uint64_t other;
  ASSERT_TRUE(s->Take(&other));  // the first is taken: the next one
  EXPECT_NE(id, other);
  s->Release(other);
  ASSERT_TRUE(s->Remove(id).ok());
  EXPECT_EQ(1u, s->segments());
  ASSERT_TRUE(s->Take(&id));
  ASSERT_TRUE(s->Read(id, &payload, &recs).ok());
  EXPECT_EQ("b1", recs[0]);
  system(("rm -rf " + dir).c_str());
}

TEST(Spool, SurvivesARestartAndDropsUnfinishedTempFiles) {
  std::string dir = TempDir();
  {
    std::unique_ptr<Spool> s;
    ASSERT_TRUE(Spool::Open(dir, 1 << 20, &s).ok());
    ASSERT_TRUE(s->Write({"x"}).ok());
    ASSERT_TRUE(s->Write({"y"}).ok());
  }
  std::ofstream(dir + "/00000000000000000009.seg.tmp") << "half";
  std::unique_ptr<Spool> s;
  ASSERT_TRUE(Spool::Open(dir, 1 << 20, &s).ok());
  EXPECT_EQ(2u, s->segments());
  EXPECT_NE(0, access((dir + "/00000000000000000009.seg.tmp").c_str(), F_OK));
  ASSERT_TRUE(s->Write({"z"}).ok());  // numbered after the survivors
  std::vector<std::string> order;
  uint64_t id;
  while (s->Take(&id)) {
    std::string p;
    std::vector<std::string_view> r;
    ASSERT_TRUE(s->Read(id, &p, &r).ok());
    order.emplace_back(r[0]);
    s->Remove(id);
  }
  EXPECT_EQ((std::vector<std::string>{"x", "y", "z"}), order);
  system(("rm -rf " + dir).c_str());
}

TEST(Spool, ACorruptSegmentIsSetAsideNotSent) {
  std::string dir = TempDir();
  std::unique_ptr<Spool> s;
  ASSERT_TRUE(Spool::Open(dir, 1 << 20, &s).ok());
  ASSERT_TRUE(s->Write({"hello world"}).ok());
  std::string seg = dir + "/00000000000000000001.seg";
  int fd = open(seg.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(1, pwrite(fd, "J", 1, 24));  // flip the first payload byte
  close(fd);
  uint64_t id;
  ASSERT_TRUE(s->Take(&id));
  std::string p;
  std::vector<std::string_view> r;
  Status st = s->Read(id, &p, &r);
  EXPECT_TRUE(st.IsCorruption()) << st.ToString();
  EXPECT_NE(std::string::npos, st.message().find("checksum"));
  EXPECT_TRUE(r.empty());
  EXPECT_TRUE(s->empty());
  EXPECT_EQ(0, access((seg + ".corrupt").c_str(), F_OK));
  system(("rm -rf " + dir).c_str());
}

TEST(Spool, RefusesPastItsLimitAndLeavesNothingBehind) {
  std::string dir = TempDir();
  std::unique_ptr<Spool> s;
  ASSERT_TRUE(Spool::Open(dir, 100, &s).ok());
  ASSERT_TRUE(s->Write({std::string(40, 'a')}).ok());  // 24 header + 41
  Status st = s->Write({std::string(40, 'b')});
  EXPECT_TRUE(st.IsIOError());
  EXPECT_NE(std::string::npos, st.message().find("spool full"));
  EXPECT_EQ(1u, s->segments());
  EXPECT_EQ(65, s->bytes());
  uint64_t id;
  ASSERT_TRUE(s->Take(&id));
  s->Remove(id);
  EXPECT_EQ(0, s->bytes());
  EXPECT_TRUE(s->Write({std::string(40, 'b')}).ok());  // room again
  system(("rm -rf " + dir).c_str());
}

TEST(Spool, AnUnusableDirectoryIsAnArgumentError) {
  std::unique_ptr<Spool> s;
  Status st = Spool::Open("/proc/version/spool", 100, &s);
  EXPECT_TRUE(st.IsInvalidArgument());
  EXPECT_NE(std::string::npos, st.message().find("/proc/version/spool"));
}

}  // namespace lc

#include <cerrno>

#include "testing/fake_file_system.h"

namespace lc {

TEST(Spool, AFullDiskOrAnIoErrorIsAnErrorLeavingNothingBehindAndLosingNothing) {
  for (int step = 0; step < 3; step++) {  // the write, the fsync, the directory fsync
    FakeFileSystem fs;
    std::unique_ptr<Spool> s;
    ASSERT_TRUE(Spool::Open("/spool", 1 << 20, &s, &fs).ok());
    ASSERT_TRUE(s->Write({"first"}).ok());
    if (step == 0) fs.FailWrites(ENOSPC);
    if (step == 1) fs.FailSyncs(EIO, "/spool/0");
    if (step == 2) fs.FailSyncs(EIO, "/spool");
    Status st = s->Write({"second", "third"});
    EXPECT_TRUE(st.IsIOError()) << step;
    EXPECT_NE(std::string::npos, st.message().find(step == 0 ? "No space left" : "Input/output error"))
        << st.message();
    // Only the first segment: no temp file, no renamed half segment.
    EXPECT_EQ(std::vector<std::string>{"/spool/00000000000000000001.seg"}, fs.PathsUnder("/spool/")) << step;
    EXPECT_EQ(1u, s->segments());
    int64_t one = s->bytes();
    fs.FailWrites(0);
    fs.FailSyncs(0);
    // The batch the caller kept goes in whole once the disk takes it.
    ASSERT_TRUE(s->Write({"second", "third"}).ok());
    EXPECT_EQ(2u, s->segments());
    EXPECT_GT(s->bytes(), one);
    uint64_t id;
    std::string payload;
    std::vector<std::string_view> records;
    ASSERT_TRUE(s->Take(&id));
    ASSERT_TRUE(s->Take(&id));
    ASSERT_TRUE(s->Read(id, &payload, &records).ok());
    EXPECT_EQ((std::vector<std::string_view>{"second", "third"}), records);
    // A restart sees the same two segments.
    std::unique_ptr<Spool> again;
    ASSERT_TRUE(Spool::Open("/spool", 1 << 20, &again, &fs).ok());
    EXPECT_EQ(2u, again->segments());
  }
}

}  // namespace lc
