#include "common/metrics/proc_file.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/fake_file_system.h"

namespace lc {
namespace {

TEST(ProcFileTest, ReadsWholeFileAndSaysNotFound) {
  FakeFileSystem fs;
  fs.Create("/sys/a", std::string(10000, 'x'));
  std::string got;
  ASSERT_TRUE(ReadProcFile(&fs, "/sys/a", &got).ok());
  EXPECT_EQ(got.size(), 10000u);
  EXPECT_TRUE(ReadProcFile(&fs, "/sys/b", &got).IsNotFound());
  fs.Deny("/sys/a");
  EXPECT_TRUE(ReadProcFile(&fs, "/sys/a", &got).IsIOError());
}

TEST(ProcFileTest, ParseCount) {
  int64_t v = -1;
  EXPECT_TRUE(ParseCount("123\n", &v));
  EXPECT_EQ(v, 123);
  EXPECT_FALSE(ParseCount("max\n", &v));
  EXPECT_FALSE(ParseCount("", &v));
  EXPECT_FALSE(ParseCount("-1", &v));
  EXPECT_FALSE(ParseCount("99999999999999999999", &v));
  EXPECT_TRUE(ParseCount("9223372036854771712\n", &v));
  EXPECT_EQ(v, 9223372036854771712);
}

TEST(ProcFileTest, NextLineWithAndWithoutTheLastNewline) {
  for (std::string_view t : {"a 1\n\nb 2\n", "a 1\n\nb 2"}) {
    size_t pos = 0;
    std::string_view line;
    std::vector<std::string> got;
    while (NextLine(t, &pos, &line)) got.emplace_back(line);
    EXPECT_EQ(got, (std::vector<std::string>{"a 1", "", "b 2"})) << t;
  }
  size_t pos = 0;
  std::string_view line;
  EXPECT_FALSE(NextLine("", &pos, &line));
}

TEST(ProcFileTest, FindKeyedCount) {
  int64_t v = 0;
  std::string t = "usage_usec 10\nuser_usec 7\nnr_throttled 3";
  EXPECT_TRUE(FindKeyedCount(t, "user_usec", &v));
  EXPECT_EQ(v, 7);
  EXPECT_TRUE(FindKeyedCount(t, "nr_throttled", &v));
  EXPECT_EQ(v, 3);
  EXPECT_FALSE(FindKeyedCount(t, "usage", &v));
  EXPECT_FALSE(FindKeyedCount(t, "system_usec", &v));
}

}  // namespace
}  // namespace lc
