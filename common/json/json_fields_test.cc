#include "common/json/json_fields.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace lc {

namespace {
struct Seen {
  std::string key, value;
  JsonMember::Type type;
};
bool Walk(std::string_view s, std::vector<Seen>* out) {
  out->clear();
  return ForEachJsonMember(s, [&](const JsonMember& m) {
    out->push_back(Seen{m.KeyText(), m.ValueText(), m.type});
    return true;
  });
}
}  // namespace

TEST(JsonFields, MembersAndTypes) {
  std::vector<Seen> v;
  ASSERT_TRUE(Walk(R"( {"a":"x\ny" , "b" : -1.5e3,"c":true,"d":false,"e":null,)"
                   R"("f":{"g":[1,"}]"]},"h":[{"i":"]"}],"k\u00e9y":"\ud83d\ude00"} )", &v));
  ASSERT_EQ(8u, v.size());
  EXPECT_EQ("a", v[0].key);
  EXPECT_EQ("x\ny", v[0].value);
  EXPECT_EQ(JsonMember::kString, v[0].type);
  EXPECT_EQ("-1.5e3", v[1].value);
  EXPECT_EQ(JsonMember::kNumber, v[1].type);
  EXPECT_EQ(JsonMember::kTrue, v[2].type);
  EXPECT_EQ(JsonMember::kFalse, v[3].type);
  EXPECT_EQ(JsonMember::kNull, v[4].type);
  EXPECT_EQ(R"({"g":[1,"}]"]})", v[5].value);
  EXPECT_EQ(JsonMember::kObject, v[5].type);
  EXPECT_EQ(R"([{"i":"]"}])", v[6].value);
  EXPECT_EQ(JsonMember::kArray, v[6].type);
  EXPECT_EQ("k\xc3\xa9y", v[7].key);
  EXPECT_EQ("\xf0\x9f\x98\x80", v[7].value);
}

TEST(JsonFields, TheStrictWalkGivesTheSameMembersAndRefusesWhatTheGrammarDoes) {
  std::string good = R"( {"a":"x\ny" , "b" : -1.5e3,"c":true,"d":false,"e":null,)"
                     R"("f":{"g":[1,"}]", {"h" : [ ]}]},"h":[{"i":"]"}],"j":0.5} )";
  std::vector<std::pair<std::string, JsonMember::Type>> loose, strict;
  ASSERT_TRUE(ForEachJsonMember(good, [&](const JsonMember& m) {
    loose.emplace_back(std::string(m.value), m.type);
    return true;
  }));
  ASSERT_TRUE(ForEachStrictJsonMember(good, [&](const JsonMember& m) {
    strict.emplace_back(std::string(m.value), m.type);
    return true;
  }));
  EXPECT_EQ(loose, strict);
  ASSERT_EQ(8u, strict.size());
  EXPECT_EQ(R"({"g":[1,"}]", {"h" : [ ]}]})", strict[5].first);
  // Values the loose walk skips over unchecked.
  for (const char* bad : {R"({"a":{"b":}})", R"({"a":[1,]})", R"({"a":01})", R"({"a":1-2})", R"({"a":{"b" 1}})",
                          R"({"a":[tru]})", R"({"a":-})", R"({"a":1.})", R"({"a":[1 2]})", R"({"a":{1:2}})"}) {
    EXPECT_FALSE(ForEachStrictJsonMember(bad, [](const JsonMember&) { return true; })) << bad;
  }
  std::string deep = "{\"d\":" + std::string(300, '[') + std::string(300, ']') + "}";
  EXPECT_TRUE(ForEachJsonMember(deep, [](const JsonMember&) { return true; }));
  EXPECT_FALSE(ForEachStrictJsonMember(deep, [](const JsonMember&) { return true; }));
}

TEST(JsonFields, TheStrictWalkRefusesInvalidUtf8InEveryStringAtEveryPlace) {
  auto strict = [](const std::string& t) { return ForEachStrictJsonMember(t, [](const JsonMember&) { return true; }); };
  auto loose = [](const std::string& t) { return ForEachJsonMember(t, [](const JsonMember&) { return true; }); };
  // At every offset (16-byte steps, words of 8, the bytewise tail), in a
  // key, a value and a nested string.
  for (size_t at = 0; at < 40; at++) {
    std::string pad(at, 'a');
    for (const char* bytes : {"\xc3\x28", "\xed\xa0\x80", "\xc0\xaf", "\xe2\x82", "\xff"}) {
      for (const std::string& t : {"{\"" + pad + bytes + "\":1}", "{\"k\":\"" + pad + bytes + "\"}",
                                   "{\"k\":[{\"n\":\"" + pad + bytes + "\"}]}"}) {
        EXPECT_TRUE(loose(t)) << t;
        EXPECT_FALSE(strict(t)) << t;
      }
    }
    for (const char* bytes : {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"}) {
      std::string t = "{\"k" + pad + bytes + "\":\"" + pad + bytes + pad + "\\n\",\"o\":{\"" + bytes + "\":1}}";
      EXPECT_TRUE(strict(t)) << t;
    }
  }
}

TEST(JsonFields, RawSpansAreStillEscaped) {
  bool seen = false;
  ASSERT_TRUE(ForEachJsonMember(R"({"b\"k":"q\"uote"})", [&](const JsonMember& m) {
    EXPECT_EQ(R"(b\"k)", m.key);
    EXPECT_TRUE(m.key_escaped);
    EXPECT_TRUE(m.KeyIs("b\"k"));
    EXPECT_EQ(R"(q\"uote)", m.value);
    seen = true;
    return true;
  }));
  EXPECT_TRUE(seen);
}

TEST(JsonFields, NotAnObject) {
  std::vector<Seen> v;
  for (const char* bad : {"", "[]", "plain text", "{", R"({"a")", R"({"a":})", R"({"a":1,})",
                          R"({"a":1} x)", "{\"a\":\"raw\ttab\"}", R"({"a":"\x"})", R"({"a":tru})",
                          R"({"a":"unterminated})", R"({"a":{"b":1})", R"({a:1})", R"({"a":-})",
                          R"({"a":"\u12"})"}) {
    EXPECT_FALSE(Walk(bad, &v)) << bad;
  }
  EXPECT_TRUE(Walk("{}", &v));
  EXPECT_TRUE(v.empty());
  EXPECT_TRUE(Walk(" { } ", &v));
}

TEST(JsonFields, StopsEarly) {
  int n = 0;
  EXPECT_TRUE(ForEachJsonMember(R"({"a":1,"b":2,"c":3})", [&](const JsonMember& m) {
    ++n;
    return !m.KeyIs("b");
  }));
  EXPECT_EQ(2, n);
}

// Every string member decodes as nlohmann decodes it.
TEST(JsonFields, ArrayElements) {
  std::vector<std::string> seen;
  auto collect = [&](const JsonMember& m) {
    EXPECT_TRUE(m.key.empty());
    seen.push_back(std::to_string(m.type) + ":" + std::string(m.value));
    return true;
  };
  ASSERT_TRUE(ForEachJsonElement(R"( [ "a\"b" , 1.5,{"k":[1,2]}, [], null ,true] )", collect));
  EXPECT_EQ((std::vector<std::string>{"0:a\\\"b", "1:1.5", "5:{\"k\":[1,2]}", "6:[]", "4:null", "2:true"}), seen);
  seen.clear();
  EXPECT_TRUE(ForEachJsonElement("[]", collect));
  EXPECT_TRUE(seen.empty());
  for (const char* bad : {"", "[", "[1", "[1,]", "[1 2]", "[1]x", "{}", "[\"a]"}) {
    EXPECT_FALSE(ForEachJsonElement(bad, [](const JsonMember&) { return true; })) << bad;
  }
}

TEST(JsonFields, AgreesWithADomParser) {
  const char* lines[] = {
      R"({"time":"2026-11-25T05:40:45.295588061Z","body":"GET /healthz 200","lc.cursor":"803:1a:9f:120"})",
      R"({"body":"tab\there \\ back \/ slash \"q\" \u0001 \u2028 \ud834\udd1e","n":12345678901234})",
      R"({"nested":{"a":{"b":[1,2,{"c":"d"}]}},"after":"x"})",
      R"({"empty":"","sp ace":" ","uni":"日本語"})",
  };
  for (const char* line : lines) {
    nlohmann::json j = nlohmann::json::parse(line);
    std::vector<Seen> v;
    ASSERT_TRUE(Walk(line, &v)) << line;
    ASSERT_EQ(j.size(), v.size());
    for (const Seen& s : v) {
      ASSERT_TRUE(j.contains(s.key)) << s.key;
      if (s.type == JsonMember::kString) {
        EXPECT_EQ(j[s.key].get<std::string>(), s.value);
      } else {
        EXPECT_EQ(j[s.key], nlohmann::json::parse(s.value));
      }
    }
  }
}

}  // namespace lc
