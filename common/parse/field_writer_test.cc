#include "common/parse/field_writer.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lc {
namespace {

// The fragment wrapped as an object, parsed strictly.
nlohmann::json Obj(const FieldWriter& w) {
  return nlohmann::json::parse("{\"x\":0" + std::string(w.fragment()) + "}");
}

TEST(FieldWriterTest, StringsAreEscapedAndJsonValuesKeepTheirTypes) {
  FieldWriter w;
  w.AddString("msg", "say \"hi\"\n");
  w.AddJson("n", false, "42", false);
  w.AddJson("o", false, "{\"a\":[1,true]}", false);
  w.AddJson("s", false, "a\\u00e9", true);
  auto j = Obj(w);
  EXPECT_EQ("say \"hi\"\n", j["msg"]);
  EXPECT_EQ(42, j["n"]);
  EXPECT_EQ(true, j["o"]["a"][1]);
  EXPECT_EQ("a\xc3\xa9", j["s"]);
  EXPECT_FALSE(w.lossy());
}

TEST(FieldWriterTest, CollidingNamesGetALeadingUnderscore) {
  FieldWriter::TagList tags{{"env", "prod"}, {"_env", "x"}};
  FieldWriter w;
  w.SetTags(&tags, nullptr);
  for (const char* n : {"time", "body", "host.name", "lc.cursor", "log.file.path", "env", "level"}) {
    w.AddString(n, "v");
  }
  w.AddJson("lc.truncated", false, "true", false);
  w.AddJson("b\\u006fdy", true, "1", false);  // "body", escaped
  EXPECT_EQ(
      ",\"_time\":\"v\",\"_body\":\"v\",\"_host.name\":\"v\",\"_lc.cursor\":\"v\","
      "\"_log.file.path\":\"v\",\"__env\":\"v\",\"level\":\"v\",\"_lc.truncated\":true,\"_body\":1",
      std::string(w.fragment()));
}

// Reserved looks at the tag lists only for a name of a tag's size: a
// second list, a name 64 bytes longer than another (the same bit), and
// tags set anew per line must all still be seen.
TEST(FieldWriterTest, TagNamesOfEverySizeCollideFromEitherList) {
  FieldWriter::TagList a{{"k8s.pod.name", "p"}};
  FieldWriter::TagList b{{"x", "1"}, {std::string(65, 'y'), "2"}};
  FieldWriter w;
  w.SetTags(&a, &b);
  w.AddString("k8s.pod.name", "v");
  w.AddString("x", "v");
  w.AddString(std::string(65, 'y'), "v");
  w.AddString(std::string(1, 'y'), "v");  // 65 % 64 == 1, as "x": not a tag
  w.AddString("z", "v");
  EXPECT_EQ(",\"_k8s.pod.name\":\"v\",\"_x\":\"v\",\"_" + std::string(65, 'y') + "\":\"v\",\"y\":\"v\",\"z\":\"v\"",
            std::string(w.fragment()));
  w.Clear();
  w.SetTags(nullptr, nullptr);  // the next line's file has no tags
  w.AddString("x", "v");
  EXPECT_EQ(",\"x\":\"v\"", std::string(w.fragment()));
}

TEST(FieldWriterTest, InvalidUtf8IsReplacedAndFlaggedLossy) {
  FieldWriter w;
  w.AddString("k", "a\xff");
  EXPECT_TRUE(w.lossy());
  EXPECT_EQ("a\xef\xbf\xbd", Obj(w)["k"]);
  w.Clear();
  EXPECT_FALSE(w.lossy());
  EXPECT_EQ("", std::string(w.fragment()));
}

// AddString copies a value that needs no escaping in one piece and escapes
// from the first byte that does: each kind of such byte, at every position
// of values around the 8- and 16-byte steps of the scan.
TEST(FieldWriterTest, AddStringEscapesFromTheFirstSpecialByteWhereverItIs) {
  struct Special {
    std::string in, out;
    bool lossy;
  };
  const Special specials[] = {
      {"\x01", "\\u0001", false},     {"\n", "\\n", false},          {"\x1f", "\\u001f", false},
      {"\"", "\\\"", false},          {"\\", "\\\\", false},         {"\xc3\xa9", "\xc3\xa9", false},
      {"\xe2\x82\xac", "\xe2\x82\xac", false}, {"\xff", "\xef\xbf\xbd", true}, {"\xc3", "\xef\xbf\xbd", true},
      {std::string(1, '\0'), "\\u0000", false},
  };
  FieldWriter w;
  for (size_t n = 0; n <= 20; n++) {
    std::string plain;
    for (size_t i = 0; i < n; i++) plain.push_back(static_cast<char>(' ' + (i * 7) % 95));  // no '"' or '\\'
    for (char& c : plain) {
      if (c == '"' || c == '\\') c = '~';
    }
    w.Clear();
    w.AddString("k", plain);
    EXPECT_EQ(",\"k\":\"" + plain + "\"", std::string(w.fragment())) << n;
    EXPECT_FALSE(w.lossy());
    for (size_t at = 0; at < n; at++) {
      for (const Special& sp : specials) {
        std::string v = plain.substr(0, at) + sp.in + plain.substr(at + 1);
        w.Clear();
        w.AddString("k", v);
        EXPECT_EQ(",\"k\":\"" + plain.substr(0, at) + sp.out + plain.substr(at + 1) + "\"",
                  std::string(w.fragment()))
            << "length " << n << " at " << at << " byte " << static_cast<int>(sp.in[0]);
        EXPECT_EQ(sp.lossy, w.lossy()) << n << " " << at;
      }
    }
  }
}

TEST(FieldWriterTest, AddStringKeepsTheNameRulesAndTheTimeOnItsFastPath) {
  FieldWriter w;
  w.SetTimeKey("time");
  w.AddString("time", "12:00");             // plain value, colliding name
  w.AddString("k\"\n", "v");                // a name that needs escaping
  w.AddString("lc.x", "a\"b");              // colliding name, value needing escaping
  w.AddString("m", std::string(40, 'x'));   // long plain value
  EXPECT_EQ(",\"_time\":\"12:00\",\"k\\\"\\n\":\"v\",\"_lc.x\":\"a\\\"b\",\"m\":\"" + std::string(40, 'x') + "\"",
            std::string(w.fragment()));
  EXPECT_TRUE(w.time_found());
  EXPECT_EQ("12:00", w.time_value());
  EXPECT_FALSE(w.lossy());
  w.Clear();
  w.AddString("t", "raw \"q\"\n");
  w.SetTimeKey("t");
  w.AddString("t", "raw \"q\"\n");  // remembered unescaped
  EXPECT_EQ("raw \"q\"\n", w.time_value());
  w.AddString("bad", "\xff");
  w.AddString("after", "plain");  // lossy stays set for the record
  EXPECT_TRUE(w.lossy());
  EXPECT_EQ("plain", Obj(w)["after"]);
}

TEST(FieldWriterTest, ANameTheCallerCheckedOnceIsCopiedAsIs) {
  EXPECT_TRUE(FieldWriter::PlainName("http_user_agent"));
  EXPECT_TRUE(FieldWriter::PlainName(""));
  EXPECT_FALSE(FieldWriter::PlainName("a\"b"));
  EXPECT_FALSE(FieldWriter::PlainName("caf\xc3\xa9"));
  FieldWriter w;
  w.AddString("status", "200", FieldWriter::NameIs::kPlain);
  w.AddString("time", "x", FieldWriter::NameIs::kPlain);  // the collision rule still applies
  w.AddString("uri", "/a\"b", FieldWriter::NameIs::kPlain);
  EXPECT_EQ(",\"status\":\"200\",\"_time\":\"x\",\"uri\":\"/a\\\"b\"", std::string(w.fragment()));
}

TEST(FieldWriterTest, TheBufferGrowsKeepingWhatWasWrittenAndIsReusedAfterClear) {
  FieldWriter w;
  std::string want, big(5000, 'x');
  for (int i = 0; i < 40; i++) {  // past the first room, one field at a time
    std::string k = "k" + std::to_string(i), v(i * 7, 'a' + i % 26);
    w.AddString(k, v);
    want += ",\"" + k + "\":\"" + v + "\"";
  }
  w.AddString("big", big + "\n");  // grows by the escaping's worst case
  w.AddJson("n", false, "7", false);
  want += ",\"big\":\"" + big + "\\n\",\"n\":7";
  EXPECT_EQ(want, std::string(w.fragment()));
  w.Clear();
  EXPECT_EQ("", std::string(w.fragment()));
  w.AddString("a", "b");
  EXPECT_EQ(",\"a\":\"b\"", std::string(w.fragment()));
}

TEST(FieldWriterTest, AnErrorReplacesTheFields) {
  FieldWriter w;
  w.AddString("k", "v");
  w.SetError("json: \"bad\"");
  EXPECT_EQ(",\"lc.parse_error\":\"json: \\\"bad\\\"\"", std::string(w.fragment()));
}

}  // namespace
}  // namespace lc

namespace lc {
namespace {

TEST(FieldWriterTest, TheTimeKeysValueIsRememberedWhateverTheAdd) {
  FieldWriter w;
  w.AddString("ts", "not remembered: no time key");
  EXPECT_FALSE(w.time_found());
  w.SetTimeKey("ts");
  w.Clear();
  w.AddString("a", "x");
  EXPECT_FALSE(w.time_found());
  w.AddString("ts", "2023-11-15");
  EXPECT_TRUE(w.time_found());
  EXPECT_EQ("2023-11-15", w.time_value());
  w.Clear();
  EXPECT_FALSE(w.time_found());
  w.AddJson("ts", false, "1700000000", false);
  EXPECT_EQ("1700000000", w.time_value());
  w.Clear();
  w.AddJson("ts", false, "2023\\u002d11", true);  // escaped: unescaped
  EXPECT_EQ("2023-11", w.time_value());
  w.Clear();
  w.AddJson("t\\u0073", true, "x", true);  // an escaped name
  EXPECT_EQ("x", w.time_value());
  w.SetTimeKey("time");  // a colliding name: its name as parsed
  w.Clear();
  w.AddJson("time", false, "y", true);
  EXPECT_EQ("y", w.time_value());
  w.AddTimeError("bad \"t\"");
  auto j = Obj(w);
  EXPECT_EQ("y", j["_time"]);
  EXPECT_EQ("bad \"t\"", j["lc.time_error"]);
}

}  // namespace
}  // namespace lc
