#define PCRE2_CODE_UNIT_WIDTH 8
#include "common/parse/prefix_pattern.h"

#include <pcre2.h>

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lc {
namespace {

// What PCRE2 says (compiled as PcreRegex compiles: no options).
class Pcre {
 public:
  explicit Pcre(const std::string& p) {
    int err = 0;
    PCRE2_SIZE off = 0;
    code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(p.data()), p.size(), 0, &err, &off, nullptr);
    if (code_ != nullptr) md_ = pcre2_match_data_create_from_pattern(code_, nullptr);
  }
  ~Pcre() {
    if (md_) pcre2_match_data_free(md_);
    if (code_) pcre2_code_free(code_);
  }
  bool ok() const { return code_ != nullptr; }
  bool Match(const std::string& s) {
    int rc = pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, 0, md_, nullptr);
    EXPECT_TRUE(rc >= 0 || rc == PCRE2_ERROR_NOMATCH) << rc;
    return rc >= 0;
  }

 private:
  pcre2_code* code_ = nullptr;
  pcre2_match_data* md_ = nullptr;
};

// Every line answered (not kAsk) must be answered as PCRE2 does.
void ExpectAgrees(const std::string& pattern, const std::vector<std::string>& lines, int* asked = nullptr) {
  Pcre pcre(pattern);
  ASSERT_TRUE(pcre.ok()) << pattern;
  auto pp = PrefixPattern::Compile(pattern);
  ASSERT_NE(nullptr, pp) << pattern;
  for (const auto& l : lines) {
    PrefixPattern::Answer a = pp->Match(l);
    if (a == PrefixPattern::kAsk) {
      if (asked) ++*asked;
      continue;
    }
    ASSERT_EQ(pcre.Match(l), a == PrefixPattern::kYes) << "pattern '" << pattern << "' line '" << l << "'";
  }
}

std::vector<std::string> EveryByteAndPair() {
  std::vector<std::string> v{""};
  for (int c = 0; c < 256; c++) {
    v.push_back(std::string(1, static_cast<char>(c)));
    v.push_back(std::string(1, static_cast<char>(c)) + "x");
  }
  return v;
}

TEST(PrefixPatternTest, TheUsualMultilineRulesAreInTheSubset) {
  for (const char* p : {"^\\d{4}-", "^\\[", "^\\s", "^\\S", "^[0-9]{4}-[0-9]{2}-[0-9]{2}", "^(\\s|Caused by:)",
                        "^(?:\\s+at |\\.\\.\\. \\d+ more)", "^[A-Z][a-z] \\d", "^\\d{4}-\\d{2}-\\d{2}[ T]",
                        "^[^\\s]", "^.{3}x", "^\\w+", "^a{2,}", "^a{2,5}?", "^b*", "^", "^(a|)"}) {
    EXPECT_NE(nullptr, PrefixPattern::Compile(p)) << p;
  }
}

TEST(PrefixPatternTest, EverythingElseIsLeftToPcre) {
  for (const char* p : {"\\d{4}-", "(?m)^a", "^(?i)a", "^a+b", "^a*b", "^(a|b)c", "^(a|b)+", "^[A-Z][a-z]+ \\d", "^x?(a|b)",
                        "^a|b", "^a$", "^\\x41", "^\\Qa|b\\E", "^(a(*COMMIT)x|ab)", "^(a|(?i)b|c)",
                        "^[[:alpha:]]", "^\\bx", "^a{,3}", "^\\1", "^(?=a)", "^a{2}?", "^\\p{L}",
                        "^[\\x41]", "^[a-\\d]", "(*UTF)^a", "^a{2", "^]", "^}", "^(a|[b)"}) {
    EXPECT_EQ(nullptr, PrefixPattern::Compile(p)) << p;
  }
}

// The classes are PCRE2's own: every byte, in and out of a class and its
// complement, bracketed or not.
TEST(PrefixPatternTest, ClassesAgreeWithPcreOnEveryByte) {
  auto lines = EveryByteAndPair();
  for (const char* p : {"^\\d", "^\\D", "^\\s", "^\\S", "^\\w", "^\\W", "^.", "^[\\d]", "^[^\\d]", "^[\\D]",
                        "^[\\s\\w]", "^[^\\s\\w]", "^[a-fK-M]", "^[^a-f]", "^[]a]", "^[^]a]", "^[a-]", "^[-a]",
                        "^[\\]\\-\\\\]", "^[\\t\\n\\r\\f]", "^[.$|(+?{*]", "^\\t", "^\\n", "^\\r", "^\\f", "^\\.",
                        "^\\-", "^\\\\", "^\\$", "^[\x80-\xff]", "^\xe9", "^ ", "^#", "^[^\\W]", "^[\\W\\d]"}) {
    ExpectAgrees(p, lines);
  }
}

TEST(PrefixPatternTest, GroupsAnswerOnlyForTheirKnownAlternatives) {
  std::vector<std::string> lines{"", "\tat x", " x", "Caused by: e", "java.lang.IllegalStateException: x",
                                 "2026-12-02 x", "Exception", "a1", "ab", "abc", "a", "b", "c"};
  int asked = 0;
  ExpectAgrees("^(\\s|Caused by:|[a-zA-Z.]+Exception)", lines, &asked);
  EXPECT_GT(asked, 0);  // the third alternative is PCRE2's to answer
  asked = 0;
  ExpectAgrees("^(?:a|b|)", lines, &asked);
  ExpectAgrees("^(a\\d|ab)", lines, &asked);
  ExpectAgrees("^x(a|b)", lines, &asked);
  ExpectAgrees("^(a|b[c)])", lines, &asked);
  EXPECT_EQ(0, asked);
  auto pp = PrefixPattern::Compile("^(\\s|[a-z]+\\d)");
  ASSERT_NE(nullptr, pp);
  EXPECT_EQ(PrefixPattern::kYes, pp->Match(" x"));
  EXPECT_EQ(PrefixPattern::kAsk, pp->Match("ab1"));
}

// Random patterns from the subset's grammar (and a little outside it),
// on random lines over the bytes they speak of: whatever compiles here
// answers as PCRE2 does.
TEST(PrefixPatternTest, RandomPatternsAgreeWithPcre) {
  std::mt19937 rng(20261203);
  const std::vector<std::string> atoms{"a", "b", "-", " ", "\\d", "\\D", "\\s", "\\S", "\\w", "\\W", ".", "\\.",
                                       "[ab]", "[^a]", "[a-c]", "[\\d\\s]", "[^\\w]", "[]b]", "[a-]", "\\t", "\xff"};
  const std::vector<std::string> quants{"", "", "", "{2}", "{0}", "?", "*", "+", "{1,}", "{1,2}", "+?", "*+"};
  const std::string alphabet = "ab- 1_\t\n.]\x0b\xff\x80";
  auto seq = [&](int max_atoms) {
    std::string s;
    int n = rng() % (max_atoms + 1);
    for (int i = 0; i < n; i++) s += atoms[rng() % atoms.size()] + quants[rng() % quants.size()];
    return s;
  };
  int compiled = 0, answered = 0;
  for (int round = 0; round < 3000; round++) {
    std::string p = "^" + seq(3);
    if (rng() % 2) {
      p += rng() % 2 ? "(" : "(?:";
      int alts = 1 + rng() % 3;
      for (int i = 0; i < alts; i++) p += (i ? "|" : "") + seq(2);
      p += ")";
    }
    Pcre pcre(p);
    auto pp = PrefixPattern::Compile(p);
    if (!pcre.ok() || pp == nullptr) continue;
    compiled++;
    for (int k = 0; k < 60; k++) {
      std::string line;
      int len = rng() % 7;
      for (int i = 0; i < len; i++) line += alphabet[rng() % alphabet.size()];
      PrefixPattern::Answer a = pp->Match(line);
      if (a == PrefixPattern::kAsk) continue;
      answered++;
      ASSERT_EQ(pcre.Match(line), a == PrefixPattern::kYes) << "pattern '" << p << "' line '" << line << "'";
    }
  }
  EXPECT_GT(compiled, 500);
  EXPECT_GT(answered, 30000);
}

}  // namespace
}  // namespace lc
