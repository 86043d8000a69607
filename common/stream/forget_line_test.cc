#include "common/stream/forget_line.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(ForgetLine, EncodesAndParsesBack) {
  for (std::string key : {"803:1a2b:9f00c4d2", "803:1a2b:9f00c4d2/stdout", "lc-listen:/var/a \"b\"\\c", "k"}) {
    std::string line;
    AppendForgetLine(key, &line);
    ASSERT_EQ('\n', line.back());
    line.pop_back();
    std::string got;
    ASSERT_TRUE(ParseForgetLine(line, &got)) << line;
    EXPECT_EQ(key, got);
  }
  std::string line;
  AppendForgetLine("803:1a2b:9f00c4d2", &line);
  EXPECT_EQ("{\"lc.forget\":\"803:1a2b:9f00c4d2\"}\n", line);
}

TEST(ForgetLine, AnythingElseIsNotOne) {
  std::string key = "unchanged";
  for (const char* line : {
           "",
           "{}",
           "{\"lc.forget\":\"\"",                        // no closing brace
           "{\"lc.forget\":\"k\"",                       // no closing brace
           "{\"lc.forget\":\"k\"} ",                     // something after it
           "{\"lc.forget\":\"k\",\"body\":\"x\"}",       // another member
           "{\"lc.forget\": \"k\"}",                     // not the one spelling
           "{\"lc.forget\":\"k\\q\"}",                   // a bad escape
           "{\"lc.forget\":\"k",                         // unterminated
           "{\"time\":\"2026-11-25T05:40:45Z\",\"body\":\"{\\\"lc.forget\\\":\\\"k\\\"}\"}",
       }) {
    EXPECT_FALSE(ParseForgetLine(line, &key)) << line;
  }
}

}  // namespace
}  // namespace lc
