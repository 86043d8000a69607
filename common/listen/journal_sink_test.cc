#include "common/listen/journal_sink.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "common/base/atomic_file.h"
#include "common/stream/commit_file.h"
#include "testing/fake_clock.h"

namespace lc {
namespace {

std::string Drain(int fd) {
  std::string s;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<size_t>(n));
  return s;
}

// Records reach stdout with cursors; a restart resumes from the commit.
TEST(JournalSinkTest, CursorsAndResumeFromTheCommit) {
  char d[] = "/tmp/lc-jsink.XXXXXX";
  ASSERT_NE(nullptr, mkdtemp(d));
  std::string dir = std::string(d) + "/j", commit = std::string(d) + "/commit";
  FakeClock clock;
  std::string first;
  {
    int p[2];
    ASSERT_EQ(0, pipe(p));
    OutputWriter out(p[1]);
    std::unique_ptr<JournalSink> sink;
    ASSERT_TRUE(JournalSink::Open(dir, 1 << 20, commit, &out, &clock, &sink).ok());
    sink->Append("{\"body\":\"a\"}\n{\"body\":\"b\"}\n");
    ASSERT_TRUE(sink->Commit().ok());
    EXPECT_FALSE(sink->full());
    ASSERT_TRUE(sink->Finish().ok());
    close(p[1]);
    first = Drain(p[0]);
    close(p[0]);
  }
  std::string key = "lc-listen:" + dir;
  EXPECT_EQ("{\"body\":\"a\",\"lc.cursor\":\"" + key + ":13\"}\n{\"body\":\"b\",\"lc.cursor\":\"" + key + ":26\"}\n",
            first);
  // lc-ship delivered the first record only.
  ASSERT_TRUE(SaveCommitFile(commit, CursorMap{{key, 13}}).ok());
  int p[2];
  ASSERT_EQ(0, pipe(p));
  OutputWriter out(p[1]);
  std::unique_ptr<JournalSink> sink;
  ASSERT_TRUE(JournalSink::Open(dir, 1 << 20, commit, &out, &clock, &sink).ok());
  sink->Append("{\"body\":\"c\"}\n");
  ASSERT_TRUE(sink->Commit().ok());
  ASSERT_TRUE(sink->Finish().ok());
  close(p[1]);
  EXPECT_EQ("{\"body\":\"b\",\"lc.cursor\":\"" + key + ":26\"}\n{\"body\":\"c\",\"lc.cursor\":\"" + key + ":39\"}\n",
            Drain(p[0]));
  close(p[0]);
  sink.reset();
  (void)!system(("rm -rf " + std::string(d)).c_str());
}

TEST(JournalSinkTest, ABadCommitFileIsRefused) {
  char d[] = "/tmp/lc-jsink.XXXXXX";
  ASSERT_NE(nullptr, mkdtemp(d));
  std::string commit = std::string(d) + "/commit";
  ASSERT_TRUE(WriteFileAtomically(commit, "{\"version\":7}\n").ok());
  OutputWriter out(1);
  FakeClock clock;
  std::unique_ptr<JournalSink> sink;
  Status s = JournalSink::Open(std::string(d) + "/j", 1 << 20, commit, &out, &clock, &sink);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.message();
  (void)!system(("rm -rf " + std::string(d)).c_str());
}

}  // namespace
}  // namespace lc
