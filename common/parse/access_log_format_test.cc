#include "common/parse/access_log_format.h"

#include <string>

#include <gtest/gtest.h>

namespace lc {
namespace {

// The items as text: literals quoted, variables by name (# when numeric).
std::string Shape(const AccessLogFormat& f) {
  std::string s;
  for (const auto& it : f.items) {
    if (!s.empty()) s += "|";
    s += it.literal.empty() ? (it.numeric ? "#" : "") + it.name : "'" + it.literal + "'";
  }
  return s;
}

std::string Error(AccessLogFormat::Dialect d, const std::string& format) {
  AccessLogFormat f;
  Status s = AccessLogFormat::Compile(d, "--fmt", format, &f);
  EXPECT_FALSE(s.ok()) << format;
  EXPECT_TRUE(f.items.empty());
  return s.message();
}

TEST(AccessLogFormatTest, NginxCombinedAlternatesLiteralsAndVariables) {
  AccessLogFormat f;
  ASSERT_TRUE(AccessLogFormat::Compile(AccessLogFormat::kNginx, "--nginx-format", kNginxCombined, &f).ok());
  EXPECT_EQ(
      "remote_addr|' - '|remote_user|' ['|time_local|'] \"'|request|'\" '|#status|' '|#body_bytes_sent|"
      "' \"'|http_referer|'\" \"'|http_user_agent|'\"'",
      Shape(f));
  EXPECT_TRUE(f.split_request);
}

TEST(AccessLogFormatTest, NginxBracesPrefixFamiliesAndNoSplitWhenThePartsAreThere) {
  AccessLogFormat f;
  ASSERT_TRUE(AccessLogFormat::Compile(AccessLogFormat::kNginx, "--nginx-format",
                                       "${request_method}:$request $upstream_http_x_id $cookie_s rt=$request_time", &f)
                  .ok());
  EXPECT_EQ("request_method|':'|request|' '|upstream_http_x_id|' '|cookie_s|' rt='|#request_time", Shape(f));
  EXPECT_FALSE(f.split_request);
}

TEST(AccessLogFormatTest, ApacheNamesTheirNginxVariablesAndBracketsTime) {
  AccessLogFormat f;
  ASSERT_TRUE(AccessLogFormat::Compile(AccessLogFormat::kApache, "--apache-format", "combined", &f).ok());
  EXPECT_EQ(
      "remote_addr|' '|remote_logname|' '|remote_user|' ['|time_local|'] \"'|request|'\" '|#status|' '|"
      "#body_bytes_sent|' \"'|http_referer|'\" \"'|http_user_agent|'\"'",
      Shape(f));
  ASSERT_TRUE(AccessLogFormat::Compile(AccessLogFormat::kApache, "--apache-format", "common", &f).ok());
  EXPECT_EQ(13u, f.items.size());
  ASSERT_TRUE(AccessLogFormat::Compile(AccessLogFormat::kApache, "--apache-format",
                                       "%v:%{remote}p %D %{ms}T %400,501{X-Forwarded-For}i 100%% %<s %{%d/%b}t %m", &f)
                  .ok());
  EXPECT_EQ("server_name|':'|#remote_port|' '|#request_time_us|' '|#request_time_ms|' '|http_x_forwarded_for|"
            "' 100% '|#status|' '|time_local|' '|request_method",
            Shape(f));
}

TEST(AccessLogFormatTest, EveryErrorShowsTheFormatAndTheOffset) {
  const auto N = AccessLogFormat::kNginx;
  const auto A = AccessLogFormat::kApache;
  EXPECT_EQ("--fmt: format '' does not compile at offset 0: the format is empty", Error(N, ""));
  EXPECT_EQ("--fmt: format '' does not compile at offset 0: the format is empty", Error(A, ""));
  EXPECT_EQ("--fmt: format 'a $nope b' does not compile at offset 2: unknown variable $nope", Error(N, "a $nope b"));
  EXPECT_EQ("--fmt: format '$status$request' does not compile at offset 7: two variables with no literal "
            "between them (status and request)",
            Error(N, "$status$request"));
  EXPECT_EQ("--fmt: format '$status ${status' does not compile at offset 8: '${' without '}'",
            Error(N, "$status ${status"));
  EXPECT_EQ("--fmt: format 'x $ y' does not compile at offset 2: '$' without a variable name", Error(N, "x $ y"));
  EXPECT_EQ("--fmt: format '$status $status' does not compile at offset 8: status appears twice",
            Error(N, "$status $status"));
  EXPECT_EQ("--fmt: format 'just text' does not compile at offset 0: no $variable", Error(N, "just text"));
  EXPECT_EQ("--fmt: format '%h %Z' does not compile at offset 3: unknown directive %Z", Error(A, "%h %Z"));
  EXPECT_EQ("--fmt: format '%h %{x}T' does not compile at offset 3: unknown directive %{x}T", Error(A, "%h %{x}T"));
  EXPECT_EQ("--fmt: format '%h%u' does not compile at offset 2: two variables with no literal between them "
            "(remote_addr and remote_user)",
            Error(A, "%h%u"));
  EXPECT_EQ("--fmt: format '%h %' does not compile at offset 3: '%' without a directive", Error(A, "%h %"));
  EXPECT_EQ("--fmt: format '%h %{Referer' does not compile at offset 3: '%{' without '}'", Error(A, "%h %{Referer"));
  EXPECT_EQ("--fmt: format '%b %B' does not compile at offset 3: body_bytes_sent appears twice", Error(A, "%b %B"));
  EXPECT_EQ("--fmt: format 'commons' does not compile at offset 0: no %directive", Error(A, "commons"));
}

}  // namespace
}  // namespace lc
