#include "common/parse/access_log_line_parser.h"

#include <string>

#include <gtest/gtest.h>

namespace lc {
namespace {

std::unique_ptr<LineParser> Make(const std::string& mode, const std::string& format = "") {
  ParserOptions o;
  o.parser = mode;
  if (!format.empty()) (mode == "nginx" ? o.nginx_format : o.apache_format) = format;
  std::unique_ptr<LineParser> p;
  Status s = MakeLineParser(o, &p);
  EXPECT_TRUE(s.ok()) << s.message();
  return p;
}

// The fields of `line`, or "ERROR: <why>".
std::string Parse(LineParser* p, std::string_view line, bool* lossy = nullptr) {
  FieldWriter w;
  std::string why;
  if (!p->Parse(line, &w, &why)) return "ERROR: " + why;
  if (lossy != nullptr) *lossy = w.lossy();
  return std::string(w.fragment());
}

TEST(AccessLogLineParserTest, NginxCombinedTypesNumbersSplitsTheRequestAndKeepsEscapes) {
  auto p = Make("nginx");
  EXPECT_EQ(
      R"(,"remote_addr":"127.0.0.1","time_local":"03/Dec/2026:03:00:00 +0000","request":"GET /a?b=1 HTTP/1.1",)"
      R"("request_method":"GET","request_uri":"/a?b=1","server_protocol":"HTTP/1.1","status":404,)"
      R"("body_bytes_sent":153,"http_user_agent":"curl \\x22q\\x22 [x]")",
      Parse(p.get(), R"(127.0.0.1 - - [03/Dec/2026:03:00:00 +0000] "GET /a?b=1 HTTP/1.1" 404 153 "-" "curl \x22q\x22 [x]")"));
}

TEST(AccessLogLineParserTest, EscapesAreFoundWhereverTheValueIsCutAndInTheRequestsParts) {
  // Values of every length around the scanner's steps (16, 8, the last
  // word, the bytewise tail), each with a byte to escape at its end, and a
  // request whose parts hold them.
  auto p = Make("nginx", "$remote_addr [$time_local] \"$request\" $http_user_agent");
  for (size_t len = 1; len < 40; len++) {
    std::string v = std::string(len - 1, 'a') + "\\";
    std::string esc = std::string(len - 1, 'a') + "\\\\";
    EXPECT_EQ(",\"remote_addr\":\"" + esc + "\",\"time_local\":\"" + esc + "\",\"request\":\"G" + esc + " /" + esc +
                  " H\\t\",\"request_method\":\"G" + esc + "\",\"request_uri\":\"/" + esc +
                  "\",\"server_protocol\":\"H\\t\",\"http_user_agent\":\"" + esc + "\"",
              Parse(p.get(), v + " [" + v + "] \"G" + v + " /" + v + " H\t\" " + v));
  }
}

TEST(AccessLogLineParserTest, CustomFormatWithRequestTimeAndUpstreamFields) {
  auto p = Make("nginx", "$remote_addr [$time_local] \"$request\" $status rt=$request_time "
                         "uct=\"$upstream_connect_time\" urt=\"$upstream_response_time\" ua=$upstream_addr");
  EXPECT_EQ(R"(,"remote_addr":"::1","time_local":"t","request":"POST /x HTTP/2.0","request_method":"POST",)"
            R"("request_uri":"/x","server_protocol":"HTTP/2.0","status":502,"request_time":0.004,)"
            R"("upstream_connect_time":"0.001, 0.002","upstream_response_time":0.003)",
            Parse(p.get(), "::1 [t] \"POST /x HTTP/2.0\" 502 rt=0.004 uct=\"0.001, 0.002\" urt=\"0.003\" ua=-\r"));  // CRLF
  // Not numbers by JSON's rules: strings.
  EXPECT_EQ(R"(,"remote_addr":"a","time_local":"t","request":"x","status":"007","request_time":"1.",)"
            R"("upstream_connect_time":"-1e3","upstream_response_time":"")",
            Parse(p.get(), "a [t] \"x\" 007 rt=1. uct=\"-1e3\" urt=\"\" ua=-"));
}

TEST(AccessLogLineParserTest, DashesAreAbsentAndOddRequestsAreNotSplit) {
  auto p = Make("nginx");
  EXPECT_EQ(R"(,"remote_addr":"h","time_local":"t","request":"GET /")",
            Parse(p.get(), R"(h - - [t] "GET /" - - "-" "-")"));
  EXPECT_EQ(R"(,"remote_addr":"h","time_local":"t","request":"\\x16\\x03\\x01","status":400,"body_bytes_sent":0)",
            Parse(p.get(), R"(h - - [t] "\x16\x03\x01" 400 0 "-" "-")"));
  EXPECT_EQ(R"(,"remote_addr":"h","time_local":"t","request":"GET  / HTTP/1.1")",
            Parse(p.get(), R"(h - - [t] "GET  / HTTP/1.1" - - "-" "-")"));
  EXPECT_EQ(R"(,"remote_addr":"h","time_local":"t","request":"A B C D")",
            Parse(p.get(), R"(h - - [t] "A B C D" - - "-" "-")"));
}

TEST(AccessLogLineParserTest, LinesThatDoNotFitAreErrorsNamingTheByte) {
  auto p = Make("nginx");
  EXPECT_EQ("ERROR: nginx: expected ' - ' at byte 0", Parse(p.get(), ""));
  const std::string line = R"(127.0.0.1 - - [03/Dec/2026:03:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl")";
  EXPECT_EQ("ERROR: nginx: expected '\" \"' at byte 68", Parse(p.get(), line.substr(0, 69)));
  EXPECT_EQ("ERROR: nginx: expected '\"' at byte 73", Parse(p.get(), line.substr(0, 73)));
  EXPECT_EQ("ERROR: nginx: expected '] \"' at byte 46", Parse(p.get(), "127.0.0.1 - - [03/Dec/2026:03:00:00 +0000 \"GET"));
  EXPECT_EQ("ERROR: nginx: expected ' - ' at byte 9", Parse(p.get(), "127.0.0.1 + - [t] \"r\" 1 2 \"-\" \"-\""));
  EXPECT_EQ("ERROR: nginx: text after the format at byte 26", Parse(p.get(), R"(h - - [t] "r" 1 2 "-" "ua" extra)"));
}

TEST(AccessLogLineParserTest, InvalidUtf8IsReplacedAndFlaggedLossy) {
  auto p = Make("nginx");
  bool lossy = false;
  std::string out = Parse(p.get(), "h - - [t] \"GET /\xff HTTP/1.1\" 200 1 \"-\" \"ua\"", &lossy);
  EXPECT_NE(std::string::npos, out.find("\"request_uri\":\"/\xEF\xBF\xBD\"")) << out;
  EXPECT_TRUE(lossy);
}

TEST(AccessLogLineParserTest, AOneMebibyteLineIsRead) {
  auto p = Make("nginx");
  std::string ua(1 << 20, 'a');
  std::string out = Parse(p.get(), "h - - [t] \"GET / HTTP/1.1\" 200 1 \"-\" \"" + ua + "\"");
  EXPECT_EQ(",\"remote_addr\":\"h\",\"time_local\":\"t\",\"request\":\"GET / HTTP/1.1\",\"request_method\":\"GET\","
            "\"request_uri\":\"/\",\"server_protocol\":\"HTTP/1.1\",\"status\":200,\"body_bytes_sent\":1,"
            "\"http_user_agent\":\"" + ua + "\"",
            out);
  EXPECT_EQ("ERROR: nginx: expected '\"' at byte 1048614",
            Parse(p.get(), "h - - [t] \"GET / HTTP/1.1\" 200 1 \"-\" \"" + ua));
}

TEST(AccessLogLineParserTest, ApacheCombinedWithBackslashEscapedQuotes) {
  auto p = Make("apache");
  EXPECT_EQ(R"(,"remote_addr":"192.0.2.1","remote_user":"frank","time_local":"10/Oct/2000:13:55:36 -0700",)"
            R"("request":"GET /a.gif HTTP/1.0","request_method":"GET","request_uri":"/a.gif",)"
            R"("server_protocol":"HTTP/1.0","status":200,"body_bytes_sent":2326,)"
            R"("http_referer":"http://x/","http_user_agent":"Moz \\\"q\\\" \\\\")",
            Parse(p.get(), R"(192.0.2.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 )"
                           R"("http://x/" "Moz \"q\" \\")"));
  auto c = Make("apache", "common");
  // The last variable reads to the end of the line: a combined line read
  // as common leaves the rest in body_bytes_sent, a string.
  EXPECT_EQ(R"(,"remote_addr":"h","remote_logname":"l","remote_user":"u","time_local":"t","request":"x",)"
            R"("status":200,"body_bytes_sent":"- \"ref\" \"agent\"")",
            Parse(c.get(), R"(h l u [t] "x" 200 - "ref" "agent")"));
  EXPECT_EQ("ERROR: apache: text after the format at byte 7", Parse(Make("apache", "%h \"%r\"").get(), R"(h "x\"" y)"));
  EXPECT_EQ(R"(,"remote_addr":"h","remote_logname":"l","remote_user":"u","time_local":"t","request":"x","status":304)",
            Parse(c.get(), R"(h l u [t] "x" 304 -)"));
}

TEST(AccessLogLineParserTest, IsPlainNumber) {
  for (const char* yes : {"0", "12", "-3", "0.5", "10.250"}) EXPECT_TRUE(IsPlainNumber(yes)) << yes;
  for (const char* no : {"", "-", "01", "1.", ".5", "1e3", "1,2", " 1", "0x1", "NaN"}) EXPECT_FALSE(IsPlainNumber(no)) << no;
}

}  // namespace
}  // namespace lc
