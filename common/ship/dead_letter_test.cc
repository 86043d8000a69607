#include "common/ship/dead_letter.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lc {

TEST(DeadLetter, AppendsOneJsonLinePerRecordMode0600) {
  char d[] = "/tmp/lc-dead-XXXXXX";
  std::string dir = mkdtemp(d);
  DeadLetter dl(dir + "/dead", "http://h");
  ASSERT_TRUE(dl.Write({{"{\"body\":\"a\\n\"}", "400 bad"}}).ok());
  ASSERT_TRUE(dl.Write({{"not json \"quoted\"", "gave up"}, {"x", "y"}}).ok());
  std::ifstream f(dir + "/dead");
  std::vector<nlohmann::json> lines;
  for (std::string l; std::getline(f, l);) lines.push_back(nlohmann::json::parse(l));
  ASSERT_EQ(3u, lines.size());
  EXPECT_EQ("{\"body\":\"a\\n\"}", lines[0]["record"]);
  EXPECT_EQ("400 bad", lines[0]["reason"]);
  EXPECT_EQ("not json \"quoted\"", lines[1]["record"]);
  struct stat st;
  ASSERT_EQ(0, stat((dir + "/dead").c_str(), &st));
  EXPECT_EQ(0600u, st.st_mode & 0777);
  DeadLetter broken(dir + "/no/such/dir/dead", "x");
  EXPECT_FALSE(broken.Write({{"a", "b"}}).ok());
  system(("rm -rf " + dir).c_str());
}

}  // namespace lc

#include <cerrno>

#include "testing/fake_file_system.h"

namespace lc {

TEST(DeadLetter, AFullDiskIsAnErrorAndLeavesNoHalfLine) {
  FakeFileSystem fs;
  DeadLetter dl("/var/lib/lc/dead", "http://h", &fs);
  ASSERT_TRUE(dl.Write({{"a", "400"}}).ok());
  std::string before = fs.Content("/var/lib/lc/dead");
  fs.FailWrites(ENOSPC);
  Status st = dl.Write({{"b", "400"}, {"c", "400"}});
  EXPECT_TRUE(st.IsIOError());
  EXPECT_NE(std::string::npos, st.message().find("/var/lib/lc/dead")) << st.message();
  EXPECT_EQ(before, fs.Content("/var/lib/lc/dead"));
  fs.FailWrites(0);
  fs.FailSyncs(EIO);
  EXPECT_FALSE(dl.Write({{"b", "400"}}).ok());
  EXPECT_EQ(before, fs.Content("/var/lib/lc/dead"));
  fs.FailSyncs(0);
  ASSERT_TRUE(dl.Write({{"b", "400"}}).ok());
  std::string all = fs.Content("/var/lib/lc/dead");
  EXPECT_EQ(2, std::count(all.begin(), all.end(), '\n'));
  for (size_t i = 0, nl; (nl = all.find('\n', i)) != std::string::npos; i = nl + 1) {
    EXPECT_FALSE(nlohmann::json::parse(all.substr(i, nl - i), nullptr, false).is_discarded());
  }
}

}  // namespace lc
