#include "common/parse/shape_config.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(ShapeConfig, NothingAskedIsNoShaper) {
  std::unique_ptr<RecordShaper> s;
  ASSERT_TRUE(MakeShaperFromConfig("", "", &s).ok());
  EXPECT_EQ(nullptr, s);
  ASSERT_TRUE(MakeShaperFromConfig(R"({"type":"none"})", "", &s).ok());
  EXPECT_EQ(nullptr, s);
}

TEST(ShapeConfig, EachParserAndMultilineFromTheirMembers) {
  std::unique_ptr<RecordShaper> s;
  ASSERT_TRUE(MakeShaperFromConfig(R"({"type":"json","keep_body":true})", "", &s).ok());
  ASSERT_NE(nullptr, s);
  EXPECT_TRUE(s->parsing());
  EXPECT_FALSE(s->joining());
  ASSERT_TRUE(MakeShaperFromConfig(R"({"type":"regex","regex":"^(?<level>\\w+) (?<msg>.*)$"})",
                                   R"({"start":"^\\S","timeout":"1s","max_lines":50})", &s).ok());
  EXPECT_TRUE(s->parsing());
  EXPECT_TRUE(s->joining());
  ASSERT_TRUE(MakeShaperFromConfig(R"({"type":"delimiter","delimiter":";","fields":["a","b"]})", "", &s).ok());
  ASSERT_TRUE(MakeShaperFromConfig(R"({"type":"nginx","nginx_format":"$remote_addr [$time_local] $request_time"})", "", &s).ok());
  EXPECT_TRUE(s->parsing());
  ASSERT_TRUE(MakeShaperFromConfig(R"({"type":"nginx"})", "", &s).ok());  // combined
  ASSERT_TRUE(MakeShaperFromConfig(R"({"type":"apache","apache_format":"common"})", "", &s).ok());
  ASSERT_TRUE(MakeShaperFromConfig("", R"({"continue":"^\\s"})", &s).ok());
  EXPECT_FALSE(s->parsing());
  EXPECT_TRUE(s->joining());
}

TEST(ShapeConfig, TimeMembersAreTheTimeFlags) {
  ShapeFlags f;
  ASSERT_TRUE(ShapeFlagsFromConfig(R"({"type":"json","time_key":"ts","time_format":"epoch_ms","time_zone":"Asia/Shanghai"})",
                                   "", &f).ok());
  EXPECT_EQ("ts", f.time_key);
  EXPECT_EQ("epoch_ms", f.time_format);
  EXPECT_EQ("Asia/Shanghai", f.time_zone);
  std::vector<std::string> want = {"--parser=json", "--time-key=ts", "--time-format=epoch_ms", "--time-zone=Asia/Shanghai"};
  EXPECT_EQ(want, ShapeFlagArgs(f));
  std::unique_ptr<RecordShaper> s;
  ASSERT_TRUE(MakeShaperFromConfig(R"({"type":"json","time_key":"ts"})", "", &s).ok());
  EXPECT_TRUE(s->timing());
}

TEST(ShapeConfig, ErrorsNameTheMemberNotAFlag) {
  std::unique_ptr<RecordShaper> s;
  struct Case {
    const char* parser;
    const char* multiline;
    const char* want;
  };
  for (const Case& c : std::initializer_list<Case>{
           {R"({"type":"regex"})", "", "parser.type regex needs parser.regex PATTERN"},
           {R"({"type":"regex","regex":"(?<a>"})", "", "parser.regex: "},
           {R"({"type":"yaml"})", "", "parser.type: unknown mode 'yaml'"},
           {R"({"regex":"x"})", "", "parser.type: missing"},
           {R"({"type":"json","colour":"red"})", "", "parser.colour: not a field of parser"},
           {R"({"type":7})", "", "parser.type: not a string"},
           {R"({"type":"delimiter","fields":"a,b"})", "", "parser.fields: not an array of strings"},
           {R"({"type":"delimiter","delimiter":";;","fields":["a"]})", "", "parser.delimiter: ';;' is not one character"},
           {R"(["json"])", "", "parser: not a JSON object"},
           {R"({"type":"nginx","nginx_format":"$nope"})", "",
            "parser.nginx_format: format '$nope' does not compile at offset 0: unknown variable $nope"},
           {R"({"type":"nginx","nginx_format":5})", "", "parser.nginx_format: not a string"},
           {R"({"type":"apache","apache_format":"%h%u"})", "", "parser.apache_format: format '%h%u' does not compile at offset 2"},
           {"", R"({"start":"(","timeout":"1s"})", "multiline.start: "},
           {"", R"({"start":"a","continue":"b"})", "multiline.start and multiline.continue exclude each other"},
           {"", R"({"start":"a","timeout":"soon"})", "multiline.timeout: "},
           {"", R"({"start":"a","max_lines":0})", "multiline.max_lines: not a whole number"},
           {"", R"({"timeout":"1s"})", "multiline: needs \"start\" or \"continue\""},
           {R"({"type":"json","time_key":"ts","time_format":"%Y-%Q"})", "",
            "parser.time_format: '%Y-%Q': at offset 3: unknown conversion %Q"},
           {R"({"type":"json","time_key":"ts","time_zone":"Mars/Olympus"})", "", "parser.time_zone: 'Mars/Olympus': unknown"},
           {R"({"type":"json","time_format":"epoch"})", "", "parser.time_format: needs parser.time_key"},
           {R"({"type":"json","time_key":7})", "", "parser.time_key: not a string"},
           {R"({"type":"none","time_key":"ts"})", "", "parser.time_key: needs a parser.type"},
       }) {
    Status st = MakeShaperFromConfig(c.parser, c.multiline, &s);
    EXPECT_TRUE(st.IsInvalidArgument()) << c.parser << c.multiline;
    EXPECT_EQ(0u, st.message().find(c.want)) << st.message();
    EXPECT_EQ(std::string::npos, st.message().find("--")) << st.message();
  }
}

}  // namespace
}  // namespace lc
