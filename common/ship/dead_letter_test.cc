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
