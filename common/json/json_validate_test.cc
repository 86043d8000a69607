#include "common/json/json_validate.h"

#include <string>

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(JsonValidateTest, AcceptsWholeObjects) {
  for (const char* ok : {
           "{}", " { } ", "{\"a\":1}", "{\"a\":[1,2.5,-0.5e+3,true,false,null,{},[]]}",
           "{\"time\":\"2026-11-25T05:40:45Z\",\"body\":\"x \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\","
           "\"lc.cursor\":\"k:7\"}",
           "{\"long\":\"0123456789abcdef0123456789abcdef0123456789\\u001f0123456789abcdef\"}",
           "{\"utf8\":\"\xc3\xa9\xe2\x82\xac and more than sixteen bytes\"}", "{\"n\":0}", "{\"n\":-0.0E-0}",
       }) {
    EXPECT_TRUE(IsJsonObject(ok)) << ok;
  }
}

TEST(JsonValidateTest, RefusesWhatIsNotExactlyOneObject) {
  for (const char* bad : {
           "", "   ", "[]", "\"s\"", "1", "hello \"lc.cursor\":\"k1:77\"}",
           "{\"body\":\"cut here", "{\"body\":\"x\",\"lc.cursor\":\"k:7\"",    // truncated
           "{\"time\":\"x\",\"bo{\"time\":\"y\",\"body\":\"z\",\"lc.cursor\":\"k:7\"}",  // torn and glued
           "{\"a\":1}{\"b\":2}", "{\"a\":1} x", "{\"a\":1,}", "{,}", "{\"a\"1}", "{\"a\":}", "{a:1}",
           "{'a':1}", "{\"a\":01}", "{\"a\":+1}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":NaN}",
           "{\"a\":tru}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"\\u12\"}", "{\"a\":[1,]}",
           "{\"a\":\"raw \x1f control\"}", "{\"a\":\"raw\ttab in a string longer than sixteen\"}",
           "{\"a\":\"unterminated and longer than sixteen bytes",
       }) {
    EXPECT_FALSE(IsJsonObject(bad)) << bad;
  }
}

TEST(JsonValidateTest, RefusesNestingBeyondTheLimitWithoutCrashing) {
  std::string deep(100000, '[');
  EXPECT_FALSE(IsJsonObject("{\"a\":" + deep));
  std::string ok = "{\"a\":" + std::string(kMaxJsonDepth - 1, '[') + std::string(kMaxJsonDepth - 1, ']') + "}";
  EXPECT_TRUE(IsJsonObject(ok));
}

}  // namespace
}  // namespace lc
