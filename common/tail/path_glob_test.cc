#include "common/tail/path_glob.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "testing/fake_file_system.h"

namespace lc {

TEST(PathGlob, StarAndDoubleStar) {
  FakeFileSystem fs;
  fs.Create("/l/a.log", "");
  fs.Create("/l/b.txt", "");
  fs.Create("/l/.hidden.log", "");
  fs.Create("/l/x/c.log", "");
  fs.Create("/l/x/y/d.log", "");
  std::vector<PathGlob::Match> found;
  std::vector<std::string> files, dirs;
  PathGlob("/l/*.log").Expand(&fs, &found, &dirs);
  for (auto& m : found) files.push_back(m.path);
  EXPECT_EQ(std::vector<std::string>{"/l/a.log"}, files);
  files.clear();
  found.clear();
  PathGlob("/l/**/*.log").Expand(&fs, &found, &dirs);
  for (auto& m : found) files.push_back(m.path);
  std::sort(files.begin(), files.end());
  EXPECT_EQ((std::vector<std::string>{"/l/a.log", "/l/x/c.log", "/l/x/y/d.log"}), files);
  EXPECT_NE(dirs.end(), std::find(dirs.begin(), dirs.end(), "/l/x/y"));
}

TEST(PathGlob, MissingLiteralDirIsWatchedFromItsParent) {
  FakeFileSystem fs;
  fs.Create("/l/a.log", "");
  std::vector<PathGlob::Match> found;
  std::vector<std::string> files, dirs;
  PathGlob("/l/later/*.log").Expand(&fs, &found, &dirs);
  EXPECT_TRUE(found.empty());
  EXPECT_NE(dirs.end(), std::find(dirs.begin(), dirs.end(), "/l"));
}

// Regression: every ancestor up to / was watched for every change, so a
// compiler writing in /tmp made a tailer of /tmp/q/p/idle/*.log rediscover
// all its files.  Each directory says which component was looked for in it.
TEST(PathGlob, SaysWhichComponentEachDirectoryWasSearchedFor) {
  FakeFileSystem fs;
  fs.Create("/tmp/q/p/idle/a.log", "");
  fs.Create("/tmp/q/x/b.log", "");
  std::vector<PathGlob::Match> found;
  std::vector<PathGlob::Searched> dirs;
  PathGlob("/tmp/q/*/idle/*.log").Expand(&fs, &found, &dirs);
  ASSERT_EQ(1u, found.size());
  std::vector<std::string> got;
  for (const auto& d : dirs) got.push_back(d.dir + "|" + d.component + (d.last ? "|last" : ""));
  std::sort(got.begin(), got.end());
  EXPECT_EQ((std::vector<std::string>{"/tmp/q/p/idle|*.log|last", "/tmp/q/p|idle", "/tmp/q/x|idle",
                                      "/tmp/q|*", "/tmp|q", "/|tmp"}),
            got);
  dirs.clear();
  PathGlob("/l/**/*.log").Expand(&fs, &found, &dirs);
  got.clear();
  for (const auto& d : dirs) got.push_back(d.dir + "|" + d.component + (d.last ? "|last" : ""));
  EXPECT_EQ((std::vector<std::string>{"/|l"}), got);  // /l is missing: its parent says which name
}

TEST(PathGlob, MatchesForExcludes) {
  EXPECT_TRUE(PathGlob("*.gz").Matches("/var/log/a.log.1.gz"));
  EXPECT_FALSE(PathGlob("*.gz").Matches("/var/log/a.log"));
  EXPECT_TRUE(PathGlob("/var/**/debug/*").Matches("/var/log/app/debug/x.log"));
  EXPECT_FALSE(PathGlob("/var/**/debug/*").Matches("/var/log/app/x.log"));
}

}  // namespace lc
