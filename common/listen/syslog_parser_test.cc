#include "common/listen/syslog_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "common/base/rfc3339.h"

namespace lc {
namespace {

int64_t T(const char* rfc3339) {
  int64_t n = 0;
  EXPECT_TRUE(ParseRfc3339(rfc3339, strlen(rfc3339), &n)) << rfc3339;
  return n;
}

const int64_t kNow = T("2026-12-02T11:00:00Z");

TEST(SyslogParserTest, Rfc5424FullMessage) {
  SyslogMessage m;
  std::string in =
      "<165>1 2026-10-11T22:14:15.003+02:00 mymachine.example.com evntslog 42 ID47 "
      "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][x@1 a=\"q\\\"]\"] "
      "\xEF\xBB\xBF"
      "An application event";
  ASSERT_TRUE(ParseSyslog(in, kNow, &m)) << m.error;
  EXPECT_EQ(20, m.facility);
  EXPECT_EQ(5, m.severity);
  EXPECT_EQ(1, m.version);
  ASSERT_TRUE(m.has_time);
  EXPECT_EQ(T("2026-10-11T20:14:15.003Z"), m.time_nanos);
  EXPECT_EQ("mymachine.example.com", m.host);
  EXPECT_EQ("evntslog", m.app_name);
  EXPECT_EQ("42", m.proc_id);
  EXPECT_EQ("ID47", m.msg_id);
  EXPECT_EQ("[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][x@1 a=\"q\\\"]\"]",
            m.structured_data);
  EXPECT_EQ("An application event", m.msg);
  EXPECT_EQ(nullptr, m.error);
}

TEST(SyslogParserTest, Rfc5424NilValuesAndNoMessage) {
  SyslogMessage m;
  ASSERT_TRUE(ParseSyslog("<13>1 - - - - - -", kNow, &m)) << m.error;
  EXPECT_FALSE(m.has_time);
  EXPECT_EQ("", m.host);
  EXPECT_EQ("", m.app_name);
  EXPECT_EQ("", m.structured_data);
  EXPECT_EQ("", m.msg);
  ASSERT_TRUE(ParseSyslog("<13>1 - h a p m [s@1]", kNow, &m)) << m.error;
  EXPECT_EQ("[s@1]", m.structured_data);
  EXPECT_EQ("", m.msg);
}

// What util-linux logger --rfc5424 and rsyslog's RSYSLOG_SyslogProtocol23Format send.
TEST(SyslogParserTest, Rfc5424AsRealSendersWriteIt) {
  SyslogMessage m;
  ASSERT_TRUE(ParseSyslog("<13>1 2026-12-02T11:01:57.123456+00:00 node-7 root - - "
                          "[timeQuality tzKnown=\"1\" isSynced=\"0\"] hello world\n",
                          kNow, &m))
      << m.error;
  EXPECT_EQ("root", m.app_name);
  EXPECT_EQ("", m.proc_id);
  EXPECT_EQ("hello world", m.msg);
  EXPECT_EQ(T("2026-12-02T11:01:57.123456Z"), m.time_nanos);
}

TEST(SyslogParserTest, Rfc5424MalformedKeepsThePriAndTheWholeText) {
  struct Case {
    const char* in;
    const char* why;
  } cases[] = {
      {"<13>1 yesterday host app - - - msg", "RFC 5424: TIMESTAMP is not RFC 3339"},
      {"<13>1 - host", "RFC 5424: no APP-NAME"},
      {"<13>1 - host app  - - msg", "RFC 5424: no PROCID"},
      {"<13>1 - host app - -", "RFC 5424: no STRUCTURED-DATA"},
      {"<13>1 - host app - - [unclosed a=\"b\"", "RFC 5424: malformed STRUCTURED-DATA"},
      {"<13>1 - host app - - [id a=b] msg", "RFC 5424: malformed STRUCTURED-DATA"},
      {"<13>1 - host app - - [id a=\"open] msg", "RFC 5424: malformed STRUCTURED-DATA"},
      {"<13>1 - host app - - [id]msg", "RFC 5424: no space after STRUCTURED-DATA"},
      {"<13>2 - host app - - - msg", "syslog VERSION other than 1"},
  };
  for (const Case& c : cases) {
    SyslogMessage m;
    EXPECT_FALSE(ParseSyslog(c.in, kNow, &m)) << c.in;
    ASSERT_NE(nullptr, m.error) << c.in;
    EXPECT_STREQ(c.why, m.error) << c.in;
    EXPECT_EQ(c.in, m.msg);
    EXPECT_EQ(1, m.facility);
    EXPECT_EQ(5, m.severity);
    EXPECT_EQ("", m.host) << c.in;
    EXPECT_FALSE(m.has_time) << c.in;
  }
}

TEST(SyslogParserTest, PriErrors) {
  const char* bad[] = {"", "hello", "<>x", "<1234>x", "<13", "<1a>x", "<192>x"};
  for (const char* in : bad) {
    SyslogMessage m;
    EXPECT_FALSE(ParseSyslog(in, kNow, &m)) << in;
    EXPECT_NE(nullptr, m.error) << in;
    EXPECT_EQ(in, m.msg);
  }
  SyslogMessage m;
  EXPECT_FALSE(ParseSyslog("<192>x", kNow, &m));
  EXPECT_STREQ("<PRI> over 191", m.error);
  ASSERT_TRUE(ParseSyslog("<0>x", kNow, &m));
  EXPECT_EQ(0, m.facility);
  EXPECT_EQ(0, m.severity);
  ASSERT_TRUE(ParseSyslog("<191>x", kNow, &m));
  EXPECT_EQ(23, m.facility);
  EXPECT_EQ(7, m.severity);
}

TEST(SyslogParserTest, Rfc3164Classic) {
  SyslogMessage m;
  ASSERT_TRUE(ParseSyslog("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", kNow, &m));
  EXPECT_EQ(4, m.facility);
  EXPECT_EQ(2, m.severity);
  EXPECT_EQ(0, m.version);
  EXPECT_EQ(T("2026-10-11T22:14:15Z"), m.time_nanos);
  EXPECT_EQ("mymachine", m.host);
  EXPECT_EQ("su", m.app_name);
  EXPECT_EQ("", m.proc_id);
  EXPECT_EQ("'su root' failed for lonvick on /dev/pts/8", m.msg);
}

TEST(SyslogParserTest, Rfc3164WithPidAndSpacePaddedDay) {
  SyslogMessage m;
  ASSERT_TRUE(ParseSyslog("<13>Dec  2 10:59:27 node-7 cron[4242]: (root) CMD (true)\r\n", kNow, &m));
  EXPECT_EQ(T("2026-12-02T10:59:27Z"), m.time_nanos);
  EXPECT_EQ("node-7", m.host);
  EXPECT_EQ("cron", m.app_name);
  EXPECT_EQ("4242", m.proc_id);
  EXPECT_EQ("(root) CMD (true)", m.msg);
}

// A local socket's messages (logger -u, glibc syslog(3)) carry no HOSTNAME.
TEST(SyslogParserTest, Rfc3164WithoutHostName) {
  SyslogMessage m;
  ASSERT_TRUE(ParseSyslog("<14>Dec  2 10:59:27 myapp[7]: started", kNow, &m));
  EXPECT_EQ("", m.host);
  EXPECT_EQ("myapp", m.app_name);
  EXPECT_EQ("7", m.proc_id);
  EXPECT_EQ("started", m.msg);
  ASSERT_TRUE(ParseSyslog("<14>Dec  2 10:59:27 root: hi there", kNow, &m));
  EXPECT_EQ("", m.host);
  EXPECT_EQ("root", m.app_name);
  EXPECT_EQ("hi there", m.msg);
}

// The year is the one that puts the time nearest to its receipt.
TEST(SyslogParserTest, Rfc3164YearRule) {
  SyslogMessage m;
  ASSERT_TRUE(ParseSyslog("<13>Dec 31 23:59:59 h t: m", T("2027-01-01T00:00:05Z"), &m));
  EXPECT_EQ(T("2026-12-31T23:59:59Z"), m.time_nanos);
  ASSERT_TRUE(ParseSyslog("<13>Jan  1 00:00:01 h t: m", T("2026-12-31T23:59:58Z"), &m));
  EXPECT_EQ(T("2027-01-01T00:00:01Z"), m.time_nanos);
  ASSERT_TRUE(ParseSyslog("<13>Feb 29 12:00:00 h t: m", T("2028-03-01T00:00:00Z"), &m));
  EXPECT_EQ(T("2028-02-29T12:00:00Z"), m.time_nanos);
}

// rsyslog's RSYSLOG_ForwardFormat: an RFC 3339 TIMESTAMP in a BSD message.
TEST(SyslogParserTest, Rfc3164WithRfc3339Timestamp) {
  SyslogMessage m;
  ASSERT_TRUE(ParseSyslog("<30>2026-12-02T10:59:27.5+01:00 node-7 app: x y", kNow, &m));
  EXPECT_EQ(T("2026-12-02T09:59:27.5Z"), m.time_nanos);
  EXPECT_EQ("node-7", m.host);
  EXPECT_EQ("app", m.app_name);
  EXPECT_EQ("x y", m.msg);
}

TEST(SyslogParserTest, Rfc3164WithoutTimestampIsAllMessage) {
  SyslogMessage m;
  ASSERT_TRUE(ParseSyslog("<13>just some text", kNow, &m));
  EXPECT_FALSE(m.has_time);
  EXPECT_EQ("", m.host);
  EXPECT_EQ("just some text", m.msg);
  ASSERT_TRUE(ParseSyslog("<13>Dec 45 10:59:27 h t: m", kNow, &m));
  EXPECT_FALSE(m.has_time);
  EXPECT_EQ("Dec 45 10:59:27 h t: m", m.msg);
  ASSERT_TRUE(ParseSyslog("<13>", kNow, &m));
  EXPECT_EQ("", m.msg);
}

TEST(SyslogParserTest, Rfc3164WithoutTag) {
  SyslogMessage m;
  ASSERT_TRUE(ParseSyslog("<13>Dec  2 10:59:27 host just text [x]", kNow, &m));
  EXPECT_EQ("host", m.host);
  EXPECT_EQ("", m.app_name);
  EXPECT_EQ("just text [x]", m.msg);
  ASSERT_TRUE(ParseSyslog("<13>Dec  2 10:59:27 host", kNow, &m));
  EXPECT_EQ("", m.host);
  EXPECT_EQ("host", m.msg);
}

TEST(SyslogParserTest, TrailingNewlinesAndNulsAreNotTheMessage) {
  SyslogMessage m;
  const std::string in("<13>1 - h a - - - body\n\0\0", 26);  // m's views point into it
  ASSERT_TRUE(ParseSyslog(in, kNow, &m));
  EXPECT_EQ("body", m.msg);
}

}  // namespace
}  // namespace lc
