#define PCRE2_CODE_UNIT_WIDTH 8
#include "common/parse/pcre_regex.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <pcre2.h>

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

// Match answers some lines without calling PCRE2 (shorter than any match;
// for an anchored pattern, a first byte no match begins with): it must say
// what PCRE2 says with every start-up shortcut of its own turned off.
TEST(PcreRegexTest, LinesAnsweredWithoutPcreAgreeWithPcre) {
  const char* patterns[] = {"^\\d{4}-", "^(\\s|Caused by:|[a-zA-Z.]+Exception)", "^\\s", "^[^\\s]", "^(?i)error",
                            "^(?:ab|cd)+x", "^\\[", "^\\s*", "^(?=x)", "^(?<=a)b", "^a\\Kb", "(*UTF)^é",
                            "^(*COMMIT)ab|^ac", "^$", "^x?", "\\d{4}-", "(?m)^b", "^(a|)b", "\\Aq", "^.{3}"};
  const char* lines[] = {"", "2026-12-02 x", "\tat x", " at", "Caused by: e", "java.lang.E: x", "java.lang.IllegalStateException: x", "ERROR x",
                         "error", "abcdx", "abx", "[x]", "x", "b", "ab", "ac", "é!", "\xe9", "a\nb", "q", "12",
                         "123", "\x80", "#", "x 2026-1"};
  for (const char* p : patterns) {
    std::unique_ptr<PcreRegex> re;
    ASSERT_TRUE(PcreRegex::Compile("--regex", p, &re).ok()) << p;
    int err = 0;
    PCRE2_SIZE off = 0;
    pcre2_code* plain = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(p), PCRE2_ZERO_TERMINATED,
                                      PCRE2_NO_START_OPTIMIZE, &err, &off, nullptr);
    ASSERT_NE(nullptr, plain) << p;
    pcre2_match_data* md = pcre2_match_data_create_from_pattern(plain, nullptr);
    for (const char* l : lines) {
      std::string_view s(l);
      int rc = pcre2_match(plain, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, 0, md, nullptr);
      bool want = rc >= 0;
      ASSERT_TRUE(rc >= 0 || rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_BADUTFOFFSET || rc < 0) << rc;
      if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) continue;  // (*UTF) and invalid UTF-8: PCRE2's own error
      EXPECT_EQ(want, re->Match(s, nullptr) == PcreRegex::kMatch) << "pattern " << p << " line '" << l << "'";
      // Test: the same answer, through PrefixPattern where it can give it.
      EXPECT_EQ(want, re->Test(s, nullptr) == PcreRegex::kMatch) << "Test: pattern " << p << " line '" << l << "'";
    }
    pcre2_match_data_free(md);
    pcre2_code_free(plain);
  }
}

}  // namespace lc
