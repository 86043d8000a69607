#include "common/parse/pcre_regex.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(PcreRegexTest, NamedGroupsInOrderAndUnsetGroups) {
  std::unique_ptr<PcreRegex> re;
  ASSERT_TRUE(PcreRegex::Compile("--regex", "(?<b>\\d+) (?<a>x)?(?<c>\\w+)", &re).ok());
  ASSERT_EQ(3u, re->names().size());
  EXPECT_EQ("b", re->names()[0].first);
  std::string s = "12 yz", why;
  ASSERT_EQ(PcreRegex::kMatch, re->Match(s, &why));
  EXPECT_EQ("12", re->Group(s, re->names()[0].second));
  EXPECT_EQ(nullptr, re->Group(s, re->names()[1].second).data());
  EXPECT_EQ("yz", re->Group(s, re->names()[2].second));
  EXPECT_EQ(PcreRegex::kNoMatch, re->Match("ab", &why));
}

TEST(PcreRegexTest, ABadPatternNamesTheFlagThePatternAndTheOffset) {
  std::unique_ptr<PcreRegex> re;
  Status s = PcreRegex::Compile("--regex", "ab(?<x>c", &re);
  ASSERT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(std::string::npos, s.message().find("--regex: regex 'ab(?<x>c' does not compile at offset 8"))
      << s.message();
}

TEST(PcreRegexTest, CatastrophicBacktrackingIsAnErrorNotAHang) {
  std::unique_ptr<PcreRegex> re;
  ASSERT_TRUE(PcreRegex::Compile("--regex", "^(a+)+$", &re).ok());
  std::string s(40, 'a');
  s += 'b';
  std::string why;
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(PcreRegex::kError, re->Match(s, &why));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(20));  // a hang guard, not a speed: the match limit is the contract
  EXPECT_NE(std::string::npos, why.find("match limit")) << why;
}

TEST(PcreRegexTest, InvalidUtf8AndLongLinesAreMatchedAsBytes) {
  std::unique_ptr<PcreRegex> re;
  ASSERT_TRUE(PcreRegex::Compile("--regex", "^(?<a>.*)\\xff(?<b>.*)$", &re).ok());
  std::string s = std::string(1 << 20, 'x') + "\xff" + "tail";
  ASSERT_EQ(PcreRegex::kMatch, re->Match(s, nullptr));
  EXPECT_EQ(size_t{1} << 20, re->Group(s, 1).size());
  EXPECT_EQ("tail", re->Group(s, 2));
}

}  // namespace
}  // namespace lc
