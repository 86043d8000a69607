#include "testing/fake_clock.h"
#include "common/tail/tailer.h"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <functional>
#include <set>
#include <map>

#include <algorithm>

#include <gtest/gtest.h>

#include "common/base/atomic_file.h"
#include "common/tail/record_writer.h"
#include "testing/test_ndjson.h"
#include "testing/fake_file_system.h"
#include "testing/tailer_fixture.h"
#include "common/base/compress.h"

namespace lc {
namespace {

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
  // Last written before the checkpoint knew a.log (older generations, read
  // then): neither is taken for the saved file nor read as a newer one.
  fs_.SetMtime("/l/a.log.1.gz", clock_.NowNanos() - 3 * 3600 * kSeconds);
  fs_.SetMtime("/l/a.log.2.gz", clock_.NowNanos() - 3 * 3600 * kSeconds);
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

class Said : public Reporter {
 public:
  Said() : Reporter("lc-tail") {}
  void Report(const std::string& m) override { got.push_back(m); }
  std::vector<std::string> got;
};

// Defect 4 of issue 13, at the unit level (tests/lc-tail.bats runs it under a
// real RLIMIT_NOFILE): descriptors run out with six files to follow and room
// for three.  The least recently active are closed and reopened by their
// identity: every line once, one key per file, and it is said once.
TEST_F(TailerTest, OutOfDescriptorsClosesTheLeastActiveAndReopensThemByIdentity) {
  opt_.from_head = true;
  fs_.LimitOpenFiles(3);
  const int kFiles = 6;
  for (int i = 0; i < kFiles; i++) fs_.Create("/l/f" + std::to_string(i) + ".log", "a" + std::to_string(i) + "\n");
  Collect c;
  Said said;
  Tailer t(opt_, &fs_, &clock_, &c, nullptr, &said);
  ASSERT_TRUE(t.LoadCheckpoint(dir_ + "/ck").ok());
  t.AddSource(WatchSource{"", {"/l/*.log"}, {}, "", {}, "", 0, false, "", ""});
  ASSERT_TRUE(t.RunOnce().ok());
  for (int i = 0; i < kFiles; i++) fs_.Append("/l/f" + std::to_string(i) + ".log", "b" + std::to_string(i) + "\n");
  ASSERT_TRUE(t.RunOnce().ok());
  EXPECT_LE(fs_.open_files(), 3);
  V want, got = c.lines;
  std::map<std::string, std::set<std::string>> keys;  // path -> its keys
  for (int i = 0; i < kFiles; i++) {
    std::string p = "/l/f" + std::to_string(i) + ".log";
    want.push_back(p + "|a" + std::to_string(i));
    want.push_back(p + "|b" + std::to_string(i));
  }
  for (size_t i = 0; i < c.lines.size(); i++) keys[c.lines[i].substr(0, c.lines[i].find('|'))].insert(c.keys[i]);
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(want, got);
  for (const auto& [path, k] : keys) EXPECT_EQ(1u, k.size()) << path;
  ASSERT_EQ(1u, said.got.size());
  EXPECT_NE(std::string::npos, said.got[0].find("Too many open files")) << said.got[0];
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
  t.AddSource(WatchSource{"", {"/l/*.log"}, {}, "", {}, "", 0, false, "", ""});
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

// Follow, driven without sleeping: the watch-stream descriptor that Follow
// polls beside the signal and inotify descriptors is a pipe the test
// writes to, and each wake-up runs the next step of the test, which looks
// at what came out, changes the files, moves the fake clock and wakes
// Follow again.  The records go through a real RecordWriter into a pipe;
// closing its reader ends Follow, as a closed stdout does.
// The harness of the Follow tests, driven without sleeping: the tailer
// writes its records into a pipe that Take reads without blocking, and Run
// calls Follow with one step per wake-up, each step waking the next.
class FollowHarness {
 public:
  FollowHarness() {
    signal(SIGPIPE, SIG_IGN);  // as InstallSignalHandlers does: EPIPE, not death
    EXPECT_EQ(0, pipe2(wake_, O_NONBLOCK | O_CLOEXEC));
    EXPECT_EQ(0, pipe2(records_, O_CLOEXEC));
    EXPECT_EQ(0, fcntl(records_[0], F_SETFL, O_NONBLOCK));
  }
  ~FollowHarness() {
    for (int fd : {wake_[0], wake_[1], records_[0], records_[1]}) {
      if (fd >= 0) close(fd);
    }
  }
  int records_fd() const { return records_[1]; }  // for the tailer's OutputWriter

  // The records written since the last call: "<body>," each, or
  // "<path>|<body>," with `paths`.
  std::string Take(bool paths = false) {
    char buf[4096];
    ssize_t n;
    std::string text, r;
    while ((n = read(records_[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
    for (const auto& j : ParseNdjson(text)) {
      if (paths) r += j["log.file.path"].get<std::string>() + "|";
      r += j["body"].get<std::string>() + ",";
    }
    return r;
  }
  // The reader goes away: the tailer's next record meets EPIPE and Follow
  // ends.
  void CloseReader() {
    close(records_[0]);
    records_[0] = -1;
  }
  // Follows until Follow ends; every step ran.
  void Run(Tailer* t, const std::vector<std::function<void()>>& steps) {
    size_t step = 0;
    ASSERT_EQ(1, write(wake_[1], "x", 1));
    Status s = t->Follow(wake_[0], [&] {
      char c;
      while (read(wake_[0], &c, 1) > 0) {
      }
      if (step < steps.size()) {
        steps[step++]();
        EXPECT_EQ(1, write(wake_[1], "x", 1));
      }
      return true;
    });
    EXPECT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(steps.size(), step);
  }

 private:
  int wake_[2] = {-1, -1}, records_[2] = {-1, -1};
};

TEST_F(TailerTest, FollowReadsAppendsRotationsAndHeldLinesAsTimePasses) {
  opt_.from_head = true;
  opt_.poll_ns = 1 * kSeconds;
  FollowHarness h;
  OutputWriter out(h.records_fd());
  RecordWriter writer(&out, "node-7", {});
  Tailer t(opt_, &fs_, &clock_, &writer, &out);
  ASSERT_TRUE(t.LoadCheckpoint(dir_ + "/ck").ok());
  t.AddSource(WatchSource{"", {"/l/*.log"}, {}, "", {}, "", 0, false, "", ""});
  fs_.Create("/l/a.log", "1\n");
  auto take = [&] { return h.Take(/*paths=*/true); };  // "<path>|<body>," since the last step
  std::vector<std::function<void()>> steps = {
      [&] {
        EXPECT_EQ("/l/a.log|1,", take());
        fs_.Append("/l/a.log", "2\n");
      },
      [&] {
        EXPECT_EQ("/l/a.log|2,", take());
        // Rotation: the writer goes on writing into the renamed file a while.
        fs_.Rename("/l/a.log", "/l/a.log.1");
        fs_.Create("/l/a.log", "3\n", 5);  // a lower inode: comes first in the map
        fs_.Append("/l/a.log.1", "late\n");
      },
      [&] {
        EXPECT_EQ("/l/a.log|late,/l/a.log|3,", take());  // old file first, under its old path
        clock_.Advance(6 * kSeconds);                   // past --rotate-wait: let go
        fs_.Append("/l/a.log", "half");
      },
      [&] {
        EXPECT_EQ("", take());  // a partial line is held...
        fs_.Append("/l/a.log.1", "too late\n");
        clock_.Advance(6 * kSeconds);  // ...until --flush-partial has passed
      },
      [&] {
        EXPECT_EQ("/l/a.log|half,", take());
        // The checkpoint was saved on the way (--checkpoint-interval).
        std::string ck;
        EXPECT_TRUE(ReadWholeFile(dir_ + "/ck", &ck).ok());
        EXPECT_NE(std::string::npos, ck.find("\"/l/a.log\""));
        // The reader goes away: the next record meets EPIPE and Follow ends.
        h.CloseReader();
        fs_.Append("/l/a.log", "\nlast\n");
      },
  };
  h.Run(&t, steps);
  EXPECT_TRUE(out.closed());
}

// CI caught it in lc-stdout.bats (kubelet-style rotation under conmon): a
// log renamed away was found gone at one look, and its new file at the
// path a look later; the new file had no predecessor, so its lines came
// before the last ones its writer had added to the renamed file.
TEST_F(TailerTest, RegressionAFileAppearingAfterItsPathWasFoundGoneIsReadAfterTheOldFilesLastBytes) {
  opt_.from_head = true;
  opt_.poll_ns = 1 * kSeconds;
  FollowHarness h;
  OutputWriter out(h.records_fd());
  RecordWriter writer(&out, "node-7", {});
  Tailer t(opt_, &fs_, &clock_, &writer, &out);
  ASSERT_TRUE(t.LoadCheckpoint(dir_ + "/ck").ok());
  t.AddSource(WatchSource{"", {"/l/*.log"}, {}, "", {}, "", 0, false, "", ""});
  fs_.Create("/l/0.log", "a 1\n", 50);
  auto take = [&] { return h.Take(); };
  std::vector<std::function<void()>> steps = {
      [&] {
        EXPECT_EQ("a 1,", take());
        fs_.Rename("/l/0.log", "/l/0.log.20261125-054045");  // out of the glob
        clock_.Advance(2 * kSeconds);                        // a look finds the path gone
      },
      [&] {
        EXPECT_EQ("", take());
        fs_.Append("/l/0.log.20261125-054045", "a 2\n");  // the writer goes on a while
        fs_.Create("/l/0.log", "b 1\n", 5);                 // a lower inode: first in the map
        clock_.Advance(2 * kSeconds);
      },
      [&] {
        EXPECT_EQ("a 2,b 1,", take());
        h.CloseReader();
        fs_.Append("/l/0.log", "last\n");
        clock_.Advance(2 * kSeconds);
      },
  };
  h.Run(&t, steps);
}

// Counts what the tailer does to the files it opened: the cost of
// following is syscalls per wake-up, so the test counts them.
class CountingFs : public FakeFileSystem {
 public:
  struct Counts {
    int stats = 0;
    int reads = 0;
  };
  Status Open(const std::string& path, const std::string& root, const std::string& beneath,
              std::unique_ptr<File>* file) override {
    Status s = FakeFileSystem::Open(path, root, beneath, file);
    if (s.ok()) file->reset(new Counted(std::move(*file), &counts));
    return s;
  }
  Counts counts;

 private:
  class Counted : public File {
   public:
    Counted(std::unique_ptr<File> f, Counts* c) : f_(std::move(f)), c_(c) {}
    Status Stat(FileInfo* info) override {
      c_->stats++;
      return f_->Stat(info);
    }
    Status ReadAt(int64_t offset, char* buf, size_t n, size_t* got) override {
      c_->reads++;
      return f_->ReadAt(offset, buf, n, got);
    }

   private:
    std::unique_ptr<File> f_;
    Counts* c_;
  };
};

// The latency budget (--read-delay): a noticed write is read read_delay
// later, with every write that came meanwhile, in one read and one stat
// (issue 12: each wake-up stat'ed each hot file twice and read a small
// piece).  Driven as the test above, without sleeping.
TEST_F(TailerTest, FollowReadsANoticedChangeOnceAfterTheReadDelay) {
  opt_.read_delay_ns = 100 * kMillis;
  FollowHarness h;
  CountingFs fs;
  // Longer than a signature: no save lengthens it on the way.
  fs.Create("/l/a.log", std::string(2000, 'x') + "\n");
  OutputWriter out(h.records_fd());
  RecordWriter writer(&out, "node-7", {});
  Tailer t(opt_, &fs, &clock_, &writer, &out);
  t.AddSource(WatchSource{"", {"/l/*.log"}, {}, "", {}, "", 0, false, "", ""});
  auto take = [&] { return h.Take(); };
  CountingFs::Counts before;
  std::vector<std::function<void()>> steps = {
      [&] {
        EXPECT_EQ("", take());  // present at start: from its end
        fs.Append("/l/a.log", "1\n");
      },
      [&] {
        EXPECT_EQ("", take());  // noticed (by the poll the wake-up runs), not read yet
        fs.Append("/l/a.log", "2\n");
        clock_.Advance(60 * kMillis);
      },
      [&] {
        EXPECT_EQ("", take());  // 60 ms of 100
        fs.Append("/l/a.log", "3\n");
        clock_.Advance(40 * kMillis);
        before = fs.counts;
      },
      [&] {
        EXPECT_EQ("1,2,3,", take());  // all three, in one read
        // One short read and no stat: the every-200-ms look at its first
        // bytes (a stat and a pread) was at the start, 100 ms ago.  It
        // was a stat, a read, and a stat to find the end, per wake-up.
        EXPECT_EQ(0, fs.counts.stats - before.stats);
        EXPECT_EQ(1, fs.counts.reads - before.reads);
        // The reader goes away: the next read's records meet EPIPE.
        h.CloseReader();
        fs.Append("/l/a.log", "4\n");
      },
      [&] { clock_.Advance(100 * kMillis); },
  };
  h.Run(&t, steps);
  EXPECT_TRUE(out.closed());
}

}  // namespace
}  // namespace lc
