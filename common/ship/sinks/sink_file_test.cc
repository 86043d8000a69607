#include "testing/fake_clock.h"
#include "common/ship/sinks/sink_file.h"

#include <dirent.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace lc {
namespace {
std::vector<std::string> Files(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (!d) return out;
  while (auto* e = readdir(d)) {
    if (e->d_name[0] != '.') out.push_back(dir + "/" + e->d_name);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}
std::string Slurp(const std::string& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}
}  // namespace

TEST(FileSink, RollsBySizeAndByAge) {
  char d[] = "/tmp/lc-filesink-XXXXXX";
  std::string dir = mkdtemp(d);
  FakeClock clock;
  FileSinkOptions o;
  o.dir = dir + "/out";
  o.max_bytes = 10;
  o.max_age_nanos = 60 * kSeconds;
  FileSink s(o, &clock);
  EXPECT_TRUE(s.Send(BatchOf({"aaaa", "bbbb"})).status.ok());  // 10 bytes: full
  EXPECT_TRUE(s.Send(BatchOf({"cc"})).status.ok());            // a new file
  EXPECT_TRUE(s.Send(BatchOf({"dd"})).status.ok());            // same file (6 bytes)
  clock.Advance(61 * kSeconds);
  EXPECT_TRUE(s.Send(BatchOf({"ee"})).status.ok());  // too old: a new file
  auto files = Files(o.dir);
  ASSERT_EQ(3u, files.size());
  std::string all;
  for (const auto& f : files) all += Slurp(f);
  EXPECT_EQ(Slurp(files[0]), "aaaa\nbbbb\n");
  EXPECT_EQ(Slurp(files[1]), "cc\ndd\n");
  EXPECT_EQ(Slurp(files[2]), "ee\n");
  EXPECT_NE(std::string::npos, files[0].find("/lc-20231114T221320-"));  // FakeClock's start, UTC
  system(("rm -rf " + dir).c_str());
}

TEST(FileSink, AnUnwritableDirectoryIsARetryableFailure) {
  FakeClock clock;
  FileSinkOptions o;
  o.dir = "/proc/version/out";
  FileSink s(o, &clock);
  SendResult r = s.Send(BatchOf({"x"}));
  EXPECT_FALSE(r.status.ok());
  EXPECT_NE(std::string::npos, r.status.message().find("/proc/version"));
}

}  // namespace lc

#include <cerrno>

#include "testing/fake_file_system.h"

namespace lc {

// Issue 13, defect 8: after ENOSPC a torn line, duplicates and empty files.
TEST(FileSink, RegressionAFailedWriteIsCutBackAndTheBatchGoesWholeToTheSameFile) {
  FakeFileSystem fs;
  FakeClock clock;
  FileSinkOptions o;
  o.dir = "/srv/out";
  FileSink s(o, &clock, &fs);
  ASSERT_TRUE(s.Send(BatchOf({"a"})).status.ok());
  std::string first = s.current_path();
  fs.FailWrites(ENOSPC);  // the fake stores half of a failed write, as a short write does
  for (int i = 0; i < 7; i++) {
    SendResult r = s.Send(BatchOf({"bbbbbbbb", "cccccccc"}));
    EXPECT_FALSE(r.status.ok());
    EXPECT_NE(std::string::npos, r.status.message().find(first + ": No space left on device")) << r.status.message();
    EXPECT_EQ("a\n", fs.Content(first));  // no torn line
  }
  fs.FailWrites(0);
  fs.FailSyncs(EIO);
  EXPECT_FALSE(s.Send(BatchOf({"bbbbbbbb", "cccccccc"})).status.ok());
  EXPECT_EQ("a\n", fs.Content(first));
  fs.FailSyncs(0);
  ASSERT_TRUE(s.Send(BatchOf({"bbbbbbbb", "cccccccc"})).status.ok());
  EXPECT_EQ(first, s.current_path());
  EXPECT_EQ("a\nbbbbbbbb\ncccccccc\n", fs.Content(first));  // once, whole
  EXPECT_EQ(std::vector<std::string>{first}, fs.PathsUnder("/srv/out/"));  // no empty files
}

// Issue 13, defect 8: a writer killed mid-write left a torn last line.
TEST(FileSink, RegressionTornLastLinesLeftByADeadWriterAreCutAtStart) {
  FakeFileSystem fs;
  FakeClock clock;
  FileSinkOptions o;
  o.dir = "/srv/out";
  fs.MakeDirectories(o.dir, 0755);
  std::string big(10000, 'x');  // the last newline more than one read block back
  fs.Create("/srv/out/lc-20261201T000000-7-0000.ndjson", "{\"a\":1}\n{\"a\":2}\n{\"a\":");
  fs.Create("/srv/out/lc-20261201T000000-7-0001.ndjson", "{\"a\":1}\n{\"b\":\"" + big);
  fs.Create("/srv/out/lc-20261201T000000-7-0002.ndjson", "{\"a\":");
  fs.Create("/srv/out/lc-20261201T000000-7-0003.ndjson", "{\"whole\":1}\n");
  fs.Create("/srv/out/lc-20261201T000000-7-0004.ndjson.gz", "not repaired");
  fs.Create("/srv/out/other.ndjson", "not ours");
  FileSink s(o, &clock, &fs);
  EXPECT_EQ("{\"a\":1}\n{\"a\":2}\n", fs.Content("/srv/out/lc-20261201T000000-7-0000.ndjson"));
  EXPECT_EQ("{\"a\":1}\n", fs.Content("/srv/out/lc-20261201T000000-7-0001.ndjson"));
  EXPECT_EQ("", fs.Content("/srv/out/lc-20261201T000000-7-0002.ndjson"));
  EXPECT_EQ("{\"whole\":1}\n", fs.Content("/srv/out/lc-20261201T000000-7-0003.ndjson"));
  EXPECT_EQ("not repaired", fs.Content("/srv/out/lc-20261201T000000-7-0004.ndjson.gz"));
  EXPECT_EQ("not ours", fs.Content("/srv/out/other.ndjson"));
  ASSERT_TRUE(s.Send(BatchOf({"{}"})).status.ok());
  EXPECT_EQ("{}\n", fs.Content(s.current_path()));
}

}  // namespace lc
