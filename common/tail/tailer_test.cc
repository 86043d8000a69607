#include "testing/fake_clock.h"
#include "common/tail/tailer.h"

#include <unistd.h>

#include <cstring>

#include <algorithm>

#include <gtest/gtest.h>

#include "common/base/atomic_file.h"
#include "testing/fake_file_system.h"
#include "common/ship/http_poster.h"

namespace lc {
namespace {

// Collects "<path>|<line>" in order.
class Collect : public LineHandler {
 public:
  void Line(TailedFile* f, const char* p, size_t n, int64_t end, bool truncated,
            int64_t read_time) override {
    lines.push_back(f->path + "|" + std::string(p, n));
    ends.push_back(end);
    keys.push_back(f->key);
  }
  std::vector<std::string> lines;
  std::vector<int64_t> ends;
  std::vector<std::string> keys;
};

class TailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/lc-tailer-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(dir));
    dir_ = dir;
    opt_.use_inotify = false;
  }
  void TearDown() override {
    unlink((dir_ + "/ck").c_str());
    rmdir(dir_.c_str());
  }
  // One --once pass over /l/*.log with the checkpoint in a real temp file.
  std::vector<std::string> Pass() {
    Collect c;
    Tailer t(opt_, &fs_, &clock_, &c, nullptr);
    EXPECT_TRUE(t.LoadCheckpoint(dir_ + "/ck").ok());
    t.AddSource(WatchSource{"", {"/l/*.log"}, {}, "", {}, ""});
    EXPECT_TRUE(t.RunOnce().ok());
    last_keys_ = c.keys;
    return c.lines;
  }
  using V = std::vector<std::string>;
  FakeFileSystem fs_;
  FakeClock clock_;
  TailOptions opt_;
  std::string dir_;
  V last_keys_;
};

TEST_F(TailerTest, FilesPresentAtStartBeginAtTheirEndUnlessFromHead) {
  fs_.Create("/l/a.log", "old\n");
  EXPECT_EQ(V{}, Pass());
  fs_.Append("/l/a.log", "new\n");
  EXPECT_EQ(V{"/l/a.log|new"}, Pass());
  fs_.Create("/l/b.log", "born later\n");
  EXPECT_EQ(V{"/l/b.log|born later"}, Pass());  // appeared after the checkpoint knew the dir
}

TEST_F(TailerTest, RotationByRenameDrainsOldFileFirstEvenAcrossRestart) {
  opt_.from_head = true;
  fs_.Create("/l/a.log", "1\n");
  EXPECT_EQ(V{"/l/a.log|1"}, Pass());
  fs_.Append("/l/a.log", "2\n");
  fs_.Rename("/l/a.log", "/l/a.log.1");  // rotated while we were not running
  fs_.Create("/l/a.log", "3\n");
  EXPECT_EQ((V{"/l/a.log.1|2", "/l/a.log|3"}), Pass());
  EXPECT_EQ(V{}, Pass());
}

// What gzip(1) writes for `text` (one member), as lc-ship's gzip bodies.
std::string Gzip(const std::string& text) {
  std::string out;
  EXPECT_TRUE(CompressBody("gzip", text, &out).ok());
  return out;
}

TEST_F(TailerTest, ARotatedFileCompressedWhileWeWereDownIsReadOnFromItsOffset) {
  opt_.from_head = true;
  fs_.Create("/l/a.log", "1\n");
  EXPECT_EQ(V{"/l/a.log|1"}, Pass());
  fs_.Append("/l/a.log", "2\n");
  // The kubelet's rotation, twice over while we were not running: renamed,
  // a new file, and the renamed one compressed (gzip writes the .gz, then
  // removes the original).
  uint64_t ino = fs_.InodeOf("/l/a.log");
  fs_.Rename("/l/a.log", "/l/a.log.20261201-120000");
  fs_.Create("/l/a.log.20261201-120000.gz", Gzip("1\n2\n"));
  fs_.SetMtime("/l/a.log.20261201-120000.gz", clock_.NowNanos());  // gzip keeps the last write's
  fs_.Remove("/l/a.log.20261201-120000");
  fs_.Create("/l/a.log.20261101-120000.gz", Gzip("1\n2\nolder\n"));  // a month older, same start
  fs_.Create("/l/b.log.1.gz", Gzip("1\n2\n"));  // same content, another file's name
  fs_.SetMtime("/l/b.log.1.gz", clock_.NowNanos());
  fs_.Create("/l/a.log", "3\n", ino);  // the removed file's inode, reused
  EXPECT_EQ((V{"/l/a.log.20261201-120000.gz|2", "/l/a.log|3"}), Pass());
  EXPECT_EQ(V{}, Pass());
}

TEST_F(TailerTest, ACompressedFileThatIsNotTheSavedOneIsLeftAlone) {
  opt_.from_head = true;
  fs_.Create("/l/a.log", "1\n");
  EXPECT_EQ(V{"/l/a.log|1"}, Pass());
  fs_.Append("/l/a.log", "2\n");
  fs_.Remove("/l/a.log");
  fs_.Create("/l/a.log.1.gz", Gzip("other\ncontent\n"));
  fs_.Create("/l/a.log.2.gz", "not gzip at all");
  fs_.SetMtime("/l/a.log.1.gz", clock_.NowNanos());
  fs_.SetMtime("/l/a.log.2.gz", clock_.NowNanos());
  fs_.Create("/l/a.log", "3\n");
  EXPECT_EQ((V{"/l/a.log|3"}), Pass());
}

TEST_F(TailerTest, CopytruncateReadsNewContentOnceUnderANewKey) {
  opt_.from_head = true;
  fs_.Create("/l/a.log", "line one\nline two\n");
  Pass();
  std::string first_key = last_keys_[0];
  fs_.Truncate("/l/a.log", 0);
  fs_.Append("/l/a.log", "after\n");
  EXPECT_EQ(V{"/l/a.log|after"}, Pass());
  EXPECT_NE(first_key, last_keys_[0]);
  EXPECT_EQ(V{}, Pass());
}

TEST_F(TailerTest, InodeReuseIsANewFileReadFromZero) {
  opt_.from_head = true;
  fs_.Create("/l/a.log", "first file, long enough\n", 77);
  Pass();
  fs_.Remove("/l/a.log");
  fs_.Create("/l/a.log", "second\n", 77);  // same inode, shorter, other bytes
  EXPECT_EQ(V{"/l/a.log|second"}, Pass());
}

TEST_F(TailerTest, PartialLineWaitsUntilTheFileIsIdle) {
  opt_.from_head = true;
  clock_ = FakeClock(0);  // the fake files' mtime is 0: written "now"
  fs_.Create("/l/a.log", "done\nhalf");
  EXPECT_EQ(V{"/l/a.log|done"}, Pass());
  clock_.Advance(6 * kSeconds);  // past the 5 s idle timeout
  EXPECT_EQ(V{"/l/a.log|half"}, Pass());
  fs_.Append("/l/a.log", " more\n");
  EXPECT_EQ(V{"/l/a.log| more"}, Pass());
}

TEST_F(TailerTest, UnreadableFileIsReportedAndOthersGoOn) {
  opt_.from_head = true;
  fs_.Create("/l/a.log", "a\n");
  fs_.Create("/l/b.log", "b\n");
  fs_.Deny("/l/a.log");
  Collect c;
  Tailer t(opt_, &fs_, &clock_, &c, nullptr);
  t.AddSource(WatchSource{"", {"/l/*.log"}, {}, "", {}, ""});
  ASSERT_TRUE(t.RunOnce().ok());
  EXPECT_EQ(V{"/l/b.log|b"}, c.lines);
  EXPECT_EQ(1, t.error_count());
}

TEST_F(TailerTest, HotFileCannotStarveOthers) {
  opt_.from_head = true;
  opt_.read_chunk = 64;
  std::string big;
  for (int i = 0; i < 100; i++) big += "hot line " + std::to_string(i) + "\n";
  fs_.Create("/l/a.log", big);
  fs_.Create("/l/b.log", "cold\n");
  V got = Pass();
  auto cold = std::find(got.begin(), got.end(), "/l/b.log|cold");
  ASSERT_NE(got.end(), cold);
  EXPECT_LT(cold - got.begin(), 10);  // served in the first turn, not after 100 lines
}

TEST_F(TailerTest, CommitFileResumesFromDeliveredOffset) {
  opt_.from_head = true;
  fs_.Create("/l/a.log", "1\n2\n3\n");
  EXPECT_EQ(3u, Pass().size());
  // lc-ship delivered only the first line.
  ASSERT_TRUE(SaveCommitFile(dir_ + "/commit", {{last_keys_[0], 2}}).ok());
  Collect c;
  Tailer t(opt_, &fs_, &clock_, &c, nullptr);
  ASSERT_TRUE(t.LoadCheckpoint(dir_ + "/ck").ok());
  ASSERT_TRUE(t.LoadCommits(dir_ + "/commit").ok());
  t.AddSource(WatchSource{"", {"/l/*.log"}, {}, "", {}, ""});
  ASSERT_TRUE(t.RunOnce().ok());
  EXPECT_EQ((V{"/l/a.log|2", "/l/a.log|3"}), c.lines);
  unlink((dir_ + "/commit").c_str());
}

TEST_F(TailerTest, EntriesOfFilesGoneForLongArePruned) {
  opt_.from_head = true;
  fs_.Create("/l/a.log", "a\n");
  fs_.Create("/l/b.log", "b\n");
  Pass();
  fs_.Remove("/l/a.log");
  clock_.Advance(3600 * kSeconds);
  fs_.Append("/l/b.log", "b2\n");  // something moves, so the checkpoint is written
  Pass();
  std::string text;
  ASSERT_TRUE(ReadWholeFile(dir_ + "/ck", &text).ok());
  EXPECT_NE(std::string::npos, text.find("/l/a.log"));  // gone an hour: kept
  clock_.Advance(25 * 3600 * kSeconds);
  fs_.Append("/l/b.log", "b3\n");
  Pass();
  ASSERT_TRUE(ReadWholeFile(dir_ + "/ck", &text).ok());
  EXPECT_EQ(std::string::npos, text.find("/l/a.log"));  // gone a day: pruned
  EXPECT_NE(std::string::npos, text.find("/l/b.log"));
}

}  // namespace
}  // namespace lc
