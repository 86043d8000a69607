// The Tailer's checkpoint (tailer_checkpoint.cc): resuming from lc-ship's
// commit file, content let go kept until committed, entries of files long
// gone pruned, and lc-ship told to forget the keys that left.
#include <fcntl.h>
#include <unistd.h>

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "common/base/atomic_file.h"
#include "common/base/output_writer.h"
#include "common/stream/commit_file.h"
#include "testing/tailer_fixture.h"

namespace lc {
namespace {

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
  t.AddSource(WatchSource{"", {"/l/*.log"}, {}, "", {}, "", 0, false, "", ""});
  ASSERT_TRUE(t.RunOnce().ok());
  EXPECT_EQ((V{"/l/a.log|2", "/l/a.log|3"}), c.lines);
  unlink((dir_ + "/commit").c_str());
}

// The soak's last losses (issue 13): content read and let go -- a
// copytruncate copy's tail read after the truncation, or a drained rotated
// file -- left the checkpoint at once, before lc-ship committed it.  A kill
// then lost it: the restart no longer knew the copy held undelivered lines.
// Such an entry stays in the checkpoint until the commit file passes it.
TEST_F(TailerTest, RegressionContentLetGoStaysInTheCheckpointUntilCommitted) {
  opt_.from_head = true;
  std::map<std::string, int64_t> ends;  // key -> end of its last line read
  auto pass = [&] {  // a process's life: --once, with the commit file lc-ship left
    Collect c;
    Tailer t(opt_, &fs_, &clock_, &c, nullptr);
    EXPECT_TRUE(t.LoadCheckpoint(dir_ + "/ck").ok());
    EXPECT_TRUE(t.LoadCommits(dir_ + "/commit").ok());
    t.AddSource(WatchSource{"", {"/l/*.log"}, {}, "", {}, "", 0, false, "", ""});
    EXPECT_TRUE(t.RunOnce().ok());
    for (size_t i = 0; i < c.keys.size(); i++) ends[c.keys[i]] = c.ends[i];
    return c.lines;
  };
  fs_.Create("/l/a.log", "old 1\nold 2\n");
  EXPECT_EQ((V{"/l/a.log|old 1", "/l/a.log|old 2"}), pass());
  fs_.Append("/l/a.log", "old 3\n");
  fs_.Create("/l/a.log.1", fs_.Content("/l/a.log"));  // copytruncate
  fs_.Truncate("/l/a.log", 0);
  fs_.Append("/l/a.log", "new 1\n");
  const V both{"/l/a.log.1|old 1", "/l/a.log.1|old 2", "/l/a.log.1|old 3", "/l/a.log|new 1"};
  EXPECT_EQ(both, pass());
  // Killed before lc-ship committed anything: the copy is read again.
  EXPECT_EQ(both, pass());
  // Committed: the copy's entry leaves the checkpoint, nothing is read again.
  ASSERT_TRUE(SaveCommitFile(dir_ + "/commit", CursorMap(ends.begin(), ends.end())).ok());
  EXPECT_EQ(V{}, pass());
  std::string ck;
  ASSERT_TRUE(ReadWholeFile(dir_ + "/ck", &ck).ok());
  size_t keys = 0;
  for (size_t at = 0; (at = ck.find("\"key\"", at)) != std::string::npos; at++) keys++;
  EXPECT_EQ(1u, keys) << ck;
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

// A process's life, --once over /l/*.log with --commit `commit` (which
// may not exist yet), with `handler`: what it wrote on stdout.
class TailerStdoutTest : public TailerTest {
 protected:
  std::string Once(Collect* handler, const std::string& commit) {
    std::string out_path = dir_ + "/out";
    int fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    EXPECT_GE(fd, 0);
    OutputWriter out(fd);
    Tailer t(opt_, &fs_, &clock_, handler, &out);
    EXPECT_TRUE(t.LoadCheckpoint(dir_ + "/ck").ok());
    EXPECT_TRUE(t.LoadCommits(commit).ok());
    t.AddSource(WatchSource{"", {"/l/*.log"}, {}, "", {}, "", 0, false, "", ""});
    EXPECT_TRUE(t.RunOnce().ok());
    EXPECT_TRUE(out.Flush().ok());
    close(fd);
    std::string text;
    EXPECT_TRUE(ReadWholeFile(out_path, &text).ok());
    unlink(out_path.c_str());
    return text;
  }
};

// The commit file kept every source ever seen: each rotation added a key
// that lc-ship wrote again every second, for ever.  A key that leaves the
// checkpoint is now said on stdout as a forget line, after the checkpoint
// that no longer holds it is written; never a key still in it.
TEST_F(TailerStdoutTest, AKeyLeavingTheCheckpointIsForgottenOnStdoutAfterTheSave) {
  opt_.from_head = true;
  std::map<std::string, int64_t> ends;
  std::map<std::string, std::string> key_of;  // path -> key of its last line read
  auto pass = [&] {
    Collect c;
    std::string text = Once(&c, dir_ + "/commit");
    for (size_t i = 0; i < c.keys.size(); i++) {
      ends[c.keys[i]] = c.ends[i];
      key_of[c.lines[i].substr(0, c.lines[i].find('|'))] = c.keys[i];
    }
    return text;
  };
  fs_.Create("/l/a.log", "old 1\n");
  fs_.Create("/l/b.log", "b 1\n");
  EXPECT_EQ("", pass());
  const std::string a_key = key_of.at("/l/a.log"), b_key = key_of.at("/l/b.log");
  fs_.Rename("/l/a.log", "/l/a.log.1");  // rotated: read out, let go, waits for its commit
  fs_.Create("/l/a.log", "new 1\n");
  EXPECT_EQ("", pass());
  std::string ck;
  ASSERT_TRUE(ReadWholeFile(dir_ + "/ck", &ck).ok());
  ASSERT_NE(std::string::npos, ck.find(a_key)) << ck;
  // Committed to its end: its entry leaves, and its key is forgotten.
  ASSERT_TRUE(SaveCommitFile(dir_ + "/commit", CursorMap(ends.begin(), ends.end())).ok());
  EXPECT_EQ("{\"lc.forget\":\"" + a_key + "\"}\n", pass());
  ASSERT_TRUE(ReadWholeFile(dir_ + "/ck", &ck).ok());
  EXPECT_EQ(std::string::npos, ck.find(a_key)) << ck;
  EXPECT_EQ("", pass());  // said once
  // Gone for a day: pruned, and forgotten.
  fs_.Remove("/l/b.log");
  EXPECT_EQ("", pass());
  clock_.Advance(25 * 3600 * kSeconds);
  EXPECT_EQ("{\"lc.forget\":\"" + b_key + "\"}\n", pass());
  unlink((dir_ + "/commit").c_str());
}

// lc-stdout commits each stream of a log apart: each is forgotten.
TEST_F(TailerStdoutTest, EveryCursorStreamOfAKeyIsForgotten) {
  struct TwoStreams : Collect {
    const std::vector<std::string>& CursorStreams() const override {
      static const std::vector<std::string> s{"/stdout", "/stderr"};
      return s;
    }
  };
  opt_.from_head = true;
  std::string key;
  auto pass = [&] {
    TwoStreams c;
    std::string text = Once(&c, dir_ + "/no-commit-yet");
    if (!c.keys.empty()) key = c.keys[0];
    return text;
  };
  fs_.Create("/l/a.log", "1\n");
  EXPECT_EQ("", pass());
  fs_.Remove("/l/a.log");
  EXPECT_EQ("", pass());
  clock_.Advance(25 * 3600 * kSeconds);
  EXPECT_EQ("{\"lc.forget\":\"" + key + "/stdout\"}\n{\"lc.forget\":\"" + key + "/stderr\"}\n", pass());
}

}  // namespace
}  // namespace lc
