#include "common/tail/followed_file.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/base/compress.h"
#include "testing/fake_clock.h"
#include "testing/fake_file_system.h"

namespace lc {
namespace {

class Collect : public LineHandler {
 public:
  void Line(TailedFile* f, const char* p, size_t n, int64_t end, bool truncated, int64_t read_time) override {
    lines.push_back(std::string(p, n));
  }
  std::vector<std::string> lines;
};

std::string Gzip(const std::string& text) {
  std::string out;
  EXPECT_TRUE(CompressBody("gzip", text, &out).ok());
  return out;
}

class FollowedFileTest : public ::testing::Test {
 protected:
  // Follows `path` from 0, as discovery would have found it.
  std::unique_ptr<FollowedFile> Follow(const std::string& path) {
    std::unique_ptr<File> f;
    FileInfo info;
    EXPECT_TRUE(fs_.Open(path, "", "", &f).ok());
    EXPECT_TRUE(f->Stat(&info).ok());
    StartPosition pos;
    return FollowedFile::New(&ctx_, FoundAt{src_, path, "/l"}, info, std::move(f), pos, 0, 0);
  }
  // Reads until EOF or an error; the lines read since the last call.
  std::vector<std::string> Drain(FollowedFile* t) {
    Status error;
    while (t->ReadChunk(&error) == FollowedFile::Read::kBytes) {
    }
    std::vector<std::string> got = std::move(sink_.lines);
    sink_.lines.clear();
    return got;
  }
  // logrotate's copytruncate of /l/x.log into `copy` (gzip'd if it is a .gz).
  void CopyTruncate(const std::string& copy) {
    std::string content = fs_.Content("/l/x.log");
    fs_.Create(copy, copy.size() > 3 && copy.compare(copy.size() - 3, 3, ".gz") == 0 ? Gzip(content) : content);
    fs_.Truncate("/l/x.log", 0);
  }
  // gzip(1) of `path`: path.gz written whole, then path removed.
  void Compress(const std::string& path) {
    fs_.Create(path + ".gz", Gzip(fs_.Content(path)));
    fs_.Remove(path);
  }
  using V = std::vector<std::string>;
  FakeFileSystem fs_;
  FakeClock clock_;
  Collect sink_;
  std::shared_ptr<WatchSource> src_ = std::make_shared<WatchSource>();
  FollowContext ctx_{&fs_, &clock_, &sink_, 1 << 20, std::vector<char>(64), [] {}, {}, 0};
};

// Defect 2 of issue 13: copytruncate with compress (no delaycompress) while
// lc-tail lagged: the copy was x.log.1.gz by the time it looked.
TEST_F(FollowedFileTest, TheTailOfACopyCompressedAlreadyIsReadFromTheGz) {
  fs_.Create("/l/x.log", "line 1\nline 2\n");
  auto t = Follow("/l/x.log");
  EXPECT_EQ((V{"line 1", "line 2"}), Drain(t.get()));
  fs_.Append("/l/x.log", "line 3\nline 4\n");
  fs_.Create("/l/x.log.1.gz", Gzip(fs_.Content("/l/x.log")));
  fs_.Truncate("/l/x.log", 0);
  fs_.Append("/l/x.log", "line 5\n");
  EXPECT_EQ((V{"line 3", "line 4", "line 5"}), Drain(t.get()));
}

TEST_F(FollowedFileTest, TheTailOfAnUncompressedCopy) {
  fs_.Create("/l/x.log", "line 1\n");
  auto t = Follow("/l/x.log");
  Drain(t.get());
  fs_.Append("/l/x.log", "line 2\n");
  fs_.Create("/l/x.log.1", Gzip("an older generation, compressed by mistake"));
  fs_.SetMtime("/l/x.log.1", clock_.NowNanos() - 3600 * kSeconds);  // a mix of schemes is ordered by mtime
  fs_.Create("/l/x.log-20261201", fs_.Content("/l/x.log"));
  fs_.SetMtime("/l/x.log-20261201", clock_.NowNanos());
  fs_.Truncate("/l/x.log", 0);
  EXPECT_EQ((V{"line 2"}), Drain(t.get()));
}

// The planted bug "signature re-check dropped": truncated and refilled past
// our offset before we looked, the file is longer, not shorter; only its
// first bytes tell.
TEST_F(FollowedFileTest, TruncatedAndRefilledPastTheOffsetIsNoticedByItsFirstBytes) {
  fs_.Create("/l/x.log", "old 01\nold 02\n");
  auto t = Follow("/l/x.log");
  EXPECT_EQ((V{"old 01", "old 02"}), Drain(t.get()));
  fs_.Truncate("/l/x.log", 0);
  fs_.Append("/l/x.log", "new 01\nnew 02\nnew 03\n");
  clock_.Advance(kSeconds);
  EXPECT_EQ((V{"new 01", "new 02", "new 03"}), Drain(t.get()));
}

// What re-reading the last bytes cannot tell: the new content ends, at our
// offset, with the same bytes as the old (a writer that repeats itself,
// longer than the re-read window).  Only the first bytes differ.
TEST_F(FollowedFileTest, RefilledWithTheSameBytesBeforeTheOffsetIsNoticedByItsFirstBytes) {
  const std::string same = "heartbeat ok\nheartbeat ok\nheartbeat ok\nheartbeat ok\n";  // > the re-read window
  fs_.Create("/l/x.log", "old start\n" + same);
  auto t = Follow("/l/x.log");
  EXPECT_EQ(5u, Drain(t.get()).size());
  fs_.Truncate("/l/x.log", 0);
  fs_.Append("/l/x.log", "new start\n" + same + "new 06\n");
  clock_.Advance(kSeconds);
  EXPECT_EQ((V{"new start", "heartbeat ok", "heartbeat ok", "heartbeat ok", "heartbeat ok", "new 06"}),
            Drain(t.get()));
}

// After a first check has seen the first bytes match, later checks compare
// a quicker hash of them: it must notice a change as the signature would.
TEST_F(FollowedFileTest, RefilledAfterSeveralChecksIsStillNoticedByItsFirstBytes) {
  std::string same;
  for (int i = 0; i < 30; i++) same += "heartbeat ok\n";  // > the re-read window
  fs_.Create("/l/x.log", "old start\n" + same);
  auto t = Follow("/l/x.log");
  EXPECT_EQ(31u, Drain(t.get()).size());
  for (int i = 0; i < 3; i++) {  // checks that pass: the first verifies by the signature
    fs_.Append("/l/x.log", "heartbeat ok\n");
    clock_.Advance(kSeconds);
    EXPECT_EQ((V{"heartbeat ok"}), Drain(t.get()));
  }
  // The same bytes up to our offset but the first ones.
  fs_.Truncate("/l/x.log", 0);
  fs_.Append("/l/x.log", "new start\n" + same + same.substr(0, 39) + "new 06\n");
  clock_.Advance(kSeconds);
  V got = Drain(t.get());
  ASSERT_EQ(35u, got.size());
  EXPECT_EQ("new start", got.front());
  EXPECT_EQ("new 06", got.back());
}

// The soak's losses (issue 13): under a writer faster than the read delay,
// copytruncate truncated the file and the writer refilled it past our
// offset between two reads, well within the 1 s signature check.  The
// bytes just before the offset, read again, are someone else's.
TEST_F(FollowedFileTest, RegressionRefilledPastTheOffsetBetweenTwoReadsIsNoticedAtOnce) {
  fs_.Create("/l/x.log", "old 01\nold 02\n");
  auto t = Follow("/l/x.log");
  EXPECT_EQ((V{"old 01", "old 02"}), Drain(t.get()));
  fs_.Append("/l/x.log", "old 03\n");
  fs_.Create("/l/x.log.1", fs_.Content("/l/x.log"));
  fs_.Truncate("/l/x.log", 0);
  fs_.Append("/l/x.log", "new 01\nnew 02\nnew 03\n");  // the same length as the old
  EXPECT_EQ((V{"old 03", "new 01", "new 02", "new 03"}), Drain(t.get()));
}

// Same, between discovery (which keyed the file by its first bytes) and
// the first read: what was keyed is in the copy, read whole, then the new
// content under the next key.
TEST_F(FollowedFileTest, RegressionRewrittenBetweenKeyingAndTheFirstReadReadsTheCopyFirst) {
  fs_.Create("/l/x.log", "old 01\nold 02\n");
  auto t = Follow("/l/x.log");
  std::string old_key = t->view()->key;
  fs_.Create("/l/x.log.1", fs_.Content("/l/x.log"));
  fs_.Truncate("/l/x.log", 0);
  fs_.Append("/l/x.log", "new 01\nnew 02\n");
  EXPECT_EQ((V{"old 01", "old 02", "new 01", "new 02"}), Drain(t.get()));
  EXPECT_NE(old_key, t->view()->key);
}

// Found by bench/soak.sh: copied and truncated twice between two reads
// (a reader held back, rotations every 100 ms): the tail of what we read
// from its copy, then the next copy whole, then the file.
TEST_F(FollowedFileTest, RegressionCopiedAndTruncatedTwiceBetweenTwoReadsReadsBothCopies) {
  fs_.Create("/l/x.log", "a 1\n");
  auto t = Follow("/l/x.log");
  EXPECT_EQ((V{"a 1"}), Drain(t.get()));
  fs_.Append("/l/x.log", "a 2\n");
  fs_.Create("/l/x.log.1", fs_.Content("/l/x.log"));
  fs_.Truncate("/l/x.log", 0);
  fs_.Append("/l/x.log", "b 1\nb 2\n");
  fs_.Rename("/l/x.log.1", "/l/x.log.2");
  fs_.Create("/l/x.log.1.gz", Gzip(fs_.Content("/l/x.log")));
  fs_.Truncate("/l/x.log", 0);
  fs_.Append("/l/x.log", "c 1\n");
  fs_.Create("/l/x.log.3", "z older\n");
  std::string first_key = t->view()->key;
  EXPECT_EQ((V{"a 2", "b 1", "b 2", "c 1"}), Drain(t.get()));
  EXPECT_NE(first_key, t->view()->key);
}

// Found by bench/soak.sh: logrotate's compress (no delaycompress) finished
// the copy's .gz and removed the copy between lc-tail's listing of the
// directory and its open of "x.log.1": the tail is read from the .gz.
TEST_F(FollowedFileTest, RegressionACopyCompressedBetweenTheListingAndTheOpenIsReadFromTheGz) {
  fs_.Create("/l/x.log", "a 1\n");
  auto t = Follow("/l/x.log");
  EXPECT_EQ((V{"a 1"}), Drain(t.get()));
  fs_.Append("/l/x.log", "a 2\na 3\n");
  CopyTruncate("/l/x.log.1");
  fs_.Append("/l/x.log", "b 1\n");
  fs_.BeforeNextOpen("/l/x.log.1", [this] { Compress("/l/x.log.1"); });
  EXPECT_EQ((V{"a 2", "a 3", "b 1"}), Drain(t.get()));
}

// The same between the listing and the look at each name (its lstat).
TEST_F(FollowedFileTest, ACopyCompressedBetweenTheListingAndItsStatIsReadFromTheGz) {
  fs_.Create("/l/x.log", "a 1\n");
  auto t = Follow("/l/x.log");
  EXPECT_EQ((V{"a 1"}), Drain(t.get()));
  fs_.Append("/l/x.log", "a 2\n");
  CopyTruncate("/l/x.log.1");
  fs_.Append("/l/x.log", "b 1\n");
  fs_.AfterNextList("/l", [this] { Compress("/l/x.log.1"); });
  EXPECT_EQ((V{"a 2", "b 1"}), Drain(t.get()));
}

// A later copy caught while gzip is at it lies beside its .gz (both whole
// here: gzip has not removed it yet): one content, read once.
TEST_F(FollowedFileTest, ALaterCopyBesideItsGzIsReadOnce) {
  fs_.Create("/l/x.log", "a 1\n");
  auto t = Follow("/l/x.log");
  EXPECT_EQ((V{"a 1"}), Drain(t.get()));
  fs_.Append("/l/x.log", "a 2\n");
  CopyTruncate("/l/x.log.2.gz");
  fs_.Append("/l/x.log", "b 1\n");
  fs_.Create("/l/x.log.1", fs_.Content("/l/x.log"));
  CopyTruncate("/l/x.log.1.gz");
  fs_.Append("/l/x.log", "c 1\n");
  EXPECT_EQ((V{"a 2", "b 1", "c 1"}), Drain(t.get()));
}

// copytruncate of the file while it was empty left an empty copy between
// two that hold lines: it begins like any content, and is not taken for
// the current one (which would hide the copy made after it).
TEST_F(FollowedFileTest, AnEmptyCopyDoesNotHideALaterCopy) {
  fs_.Create("/l/x.log", "a 1\n");
  auto t = Follow("/l/x.log");
  EXPECT_EQ((V{"a 1"}), Drain(t.get()));
  fs_.Append("/l/x.log", "a 2\n");
  CopyTruncate("/l/x.log.3");
  fs_.Create("/l/x.log.2", "");
  fs_.Append("/l/x.log", "b 1\n");
  CopyTruncate("/l/x.log.1");
  fs_.Append("/l/x.log", "c 1\n");
  EXPECT_EQ((V{"a 2", "b 1", "c 1"}), Drain(t.get()));
}

// The copy of our current content (logrotate copying it as we look) is
// not one to read: the file itself is.
TEST_F(FollowedFileTest, ACopyOfTheCurrentContentIsNotReadAsALaterCopy) {
  fs_.Create("/l/x.log", "a 1\n");
  auto t = Follow("/l/x.log");
  EXPECT_EQ((V{"a 1"}), Drain(t.get()));
  fs_.Append("/l/x.log", "a 2\n");
  fs_.Create("/l/x.log.2", fs_.Content("/l/x.log"));
  fs_.Truncate("/l/x.log", 0);
  fs_.Append("/l/x.log", "b 1\nb 2\n");
  fs_.Create("/l/x.log.1", "b 1\n");  // a copy under way
  EXPECT_EQ((V{"a 2", "b 1", "b 2"}), Drain(t.get()));
}

// A young file's signature is lengthened at each checkpoint while it is
// shorter than 1 KiB; truncated and refilled unnoticed, the new bytes
// must not become the old content's signature (its copy would no longer
// be found by it).
TEST_F(FollowedFileTest, ASignatureIsNotLengthenedFromAnotherContent) {
  fs_.Create("/l/x.log", "a 1\n");
  auto t = Follow("/l/x.log");
  EXPECT_EQ((V{"a 1"}), Drain(t.get()));
  CheckpointEntry before;
  ASSERT_TRUE(t->Entry(0, &before));
  fs_.Truncate("/l/x.log", 0);
  fs_.Append("/l/x.log", "b 1\nb 2\n");
  t->PollSize();
  CheckpointEntry after;
  ASSERT_TRUE(t->Entry(0, &after));
  EXPECT_TRUE(after.id.sig == before.id.sig);
  fs_.Truncate("/l/x.log", 0);
  fs_.Append("/l/x.log", "a 1\na 2\n");  // the same content, grown: lengthened
  t->PollSize();
  ASSERT_TRUE(t->Entry(0, &after));
  EXPECT_EQ(8u, after.id.sig.len);
}

// Found by bench/soak.sh: a file keyed while its writer's first write was
// under way has a signature of a few bytes ("0000" of a numbered line) that
// every generation begins with.  The copy of what was read is the one that
// holds the bytes read last where they were read, not the newest.
TEST_F(FollowedFileTest, RegressionAShortSignatureTakesTheCopyThatHoldsTheBytesReadLast) {
  fs_.Create("/l/x.log", "0");
  auto t = Follow("/l/x.log");
  fs_.Append("/l/x.log", "1 a\n02 a\n");
  EXPECT_EQ((V{"01 a", "02 a"}), Drain(t.get()));
  fs_.Append("/l/x.log", "03 a\n");
  fs_.Create("/l/x.log.2", fs_.Content("/l/x.log"));
  fs_.Truncate("/l/x.log", 0);
  fs_.Append("/l/x.log", "01 b\n02 b\n03 b\n04 b\n");
  fs_.Create("/l/x.log.1", fs_.Content("/l/x.log"));  // the next copy, under way
  EXPECT_EQ((V{"03 a", "01 b", "02 b", "03 b", "04 b"}), Drain(t.get()));
}

// Defect 3 of issue 13: closed for idleness (--close-idle), then rotated
// (create) while lc-tail was blocked: found beside its old path.
TEST_F(FollowedFileTest, ClosedWhileIdleAndRotatedIsFoundBesideItsOldPath) {
  fs_.Create("/l/x.log", "a\n");
  auto t = Follow("/l/x.log");
  Drain(t.get());
  t->Close();
  fs_.Append("/l/x.log", "b\nc\n");
  fs_.Rename("/l/x.log", "/l/x.log.1");
  fs_.Create("/l/x.log", "d\n");
  EXPECT_EQ((V{"b", "c"}), Drain(t.get()));
  EXPECT_TRUE(t->rotated());
}

TEST_F(FollowedFileTest, ClosedWhileIdleRotatedAndCompressedIsReadFromTheGz) {
  fs_.Create("/l/x.log", "a\n");
  auto t = Follow("/l/x.log");
  Drain(t.get());
  t->Close();
  fs_.Append("/l/x.log", "b\n");
  fs_.Create("/l/x.log.1.gz", Gzip(fs_.Content("/l/x.log")));
  fs_.Remove("/l/x.log");
  fs_.Create("/l/x.log", "d\n");
  EXPECT_EQ((V{"b"}), Drain(t.get()));
}

TEST_F(FollowedFileTest, ClosedWhileIdleAndDeletedIsLetGo) {
  fs_.Create("/l/x.log", "a\n");
  auto t = Follow("/l/x.log");
  Drain(t.get());
  t->Close();
  fs_.Remove("/l/x.log");
  fs_.Create("/l/x.log", "another\n");
  Status error;
  EXPECT_EQ(FollowedFile::Read::kError, t->ReadChunk(&error));
  EXPECT_TRUE(t->rotated());
}

// Found by bench/soak.sh: a file keyed while empty shared the key of the
// empty signature with every other content of its inode (copytruncate keeps
// the inode), so one content's commits skipped another's lines.
TEST_F(FollowedFileTest, AnEmptyFileIsKeyedByItsFirstBytesWhenTheyCome) {
  fs_.Create("/l/x.log", "");
  auto t = Follow("/l/x.log");
  EXPECT_EQ("", t->view()->key);
  CheckpointEntry e;
  EXPECT_FALSE(t->Entry(0, &e));
  fs_.Append("/l/x.log", "first\n");
  EXPECT_EQ((V{"first"}), Drain(t.get()));
  std::string key = t->view()->key;
  fs_.Create("/l/y.log", "", fs_.InodeOf("/l/x.log") + 1);
  fs_.Append("/l/y.log", "other\n");
  auto u = Follow("/l/y.log");
  EXPECT_NE("", key);
  EXPECT_NE(key.substr(key.rfind(':')), u->view()->key.substr(u->view()->key.rfind(':')));
}

// Found by bench/soak.sh (kills and create rotations every 100-200 ms): a
// file found empty, written while it waited behind the file its path held
// before, then rotated away, had no checkpoint entry; at the restart its
// generation lay older than a later file the checkpoint knew, and was taken
// for one read before.  It is in the checkpoint at 0, under the key its
// first bytes give (the one it gets when read, if they have not grown).
TEST_F(FollowedFileTest, RegressionAFileFoundEmptyAndWrittenWhileItWaitsIsInTheCheckpoint) {
  fs_.Create("/l/x.log.1", "old\n");
  auto before = Follow("/l/x.log.1");
  fs_.Create("/l/x.log", "");
  auto t = Follow("/l/x.log");
  t->set_predecessor(before.get());
  CheckpointEntry e;
  EXPECT_FALSE(t->Entry(0, &e));  // empty: nothing to lose yet
  fs_.Append("/l/x.log", "new 1\n");
  ASSERT_TRUE(t->Entry(0, &e));
  EXPECT_EQ(0, e.offset);
  EXPECT_EQ(0, e.start);
  EXPECT_EQ("/l/x.log", e.path);
  EXPECT_EQ(6u, e.id.sig.len);
  t->set_predecessor(nullptr);
  EXPECT_EQ((V{"new 1"}), Drain(t.get()));
  EXPECT_EQ(t->view()->key, e.key);
}

// Defect 10 of issue 13: a sparse file's hole became records of NULs.
TEST_F(FollowedFileTest, AHolesNulsAreSkippedAndCounted) {
  fs_.Create("/l/x.log", "a\n");
  auto t = Follow("/l/x.log");
  Drain(t.get());
  // After a copytruncate, a writer without O_APPEND goes on at its offset.
  fs_.Truncate("/l/x.log", 0);
  fs_.Append("/l/x.log", std::string(1000, '\0') + std::string("b\nc \0 inside\n", 13) + std::string(600, '\0') + "d\n" + std::string(4, '\0') + "\n");
  clock_.Advance(kSeconds);
  // A short run of NULs is a line of its own (lc-stdout keeps it, flagged).
  EXPECT_EQ((V{"b", std::string("c \0 inside", 10), "d", std::string(4, '\0')}), Drain(t.get()));
  EXPECT_EQ(1600, t->TakeNulsSkipped());
  EXPECT_EQ(0, t->TakeNulsSkipped());
}

}  // namespace
}  // namespace lc
