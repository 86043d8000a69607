#include "common/listen/syslog_record.h"

#include <gtest/gtest.h>

#include <string>

#include "common/base/rfc3339.h"
#include "common/stream/record.h"

namespace lc {
namespace {

const int64_t kNow = 1'764'673'200'000'000'000;  // 2025-12-02T11:00:00Z

Record Decode(const std::string& line) {
  EXPECT_FALSE(line.empty());
  EXPECT_EQ('\n', line.back());
  Record r;
  Status s = DecodeRecord(std::string_view(line).substr(0, line.size() - 1), &r);
  EXPECT_TRUE(s.ok()) << s.message() << ": " << line;
  return r;
}

TEST(SyslogRecordEncoderTest, Rfc5424FieldsInOrder) {
  SyslogRecordEncoder enc;
  std::string out;
  enc.Append("<165>1 2025-12-02T10:00:00.5Z web-1 app 42 ID7 [a@1 k=\"v\"] hello", false, kNow,
             SyslogPeer{"tcp", "10.0.0.9", ""}, &out);
  EXPECT_EQ(
      "{\"time\":\"2025-12-02T10:00:00.500000000Z\",\"body\":\"hello\",\"syslog.facility\":20,"
      "\"syslog.severity\":5,\"syslog.version\":1,\"host.name\":\"web-1\",\"syslog.app_name\":\"app\","
      "\"syslog.proc_id\":\"42\",\"syslog.msg_id\":\"ID7\",\"syslog.structured_data\":\"[a@1 k=\\\"v\\\"]\","
      "\"network.transport\":\"tcp\",\"client.address\":\"10.0.0.9\"}\n",
      out);
  Decode(out);
}

TEST(SyslogRecordEncoderTest, ParseErrorKeepsTheWholeMessage) {
  SyslogRecordEncoder enc;
  std::string out;
  enc.Append("no pri \xff here", true, kNow, SyslogPeer{"udp", "127.0.0.1", ""}, &out);
  Record r = Decode(out);
  EXPECT_EQ("no pri \xff here", r.body);
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ("no <PRI> at the start", r.parse_error);
  EXPECT_EQ(FormatRfc3339Nanos(kNow), r.time);
  EXPECT_EQ(nullptr, r.Field("syslog.facility"));
  EXPECT_EQ("udp", *r.Field("network.transport"));
}

TEST(SyslogRecordEncoderTest, LocalHostStandsInOnAUnixSocket) {
  SyslogRecordEncoder enc;
  std::string out;
  enc.Append("<14>Dec  2 10:00:00 app[1]: x", false, kNow, SyslogPeer{"unix", "", "node-7"}, &out);
  Record r = Decode(out);
  EXPECT_EQ("node-7", *r.Field("host.name"));
  EXPECT_EQ(nullptr, r.Field("client.address"));
  EXPECT_EQ("2025-12-02T10:00:00.000000000Z", r.time);
}

// The encoder reuses its fields: a short record after a long one carries
// none of the long one's fields.
TEST(SyslogRecordEncoderTest, NoFieldLeaksIntoTheNextRecord) {
  SyslogRecordEncoder enc;
  std::string a, b, c;
  enc.Append("<13>1 - h app 1 m [x@1] long", false, kNow, SyslogPeer{"tcp", "1.2.3.4", ""}, &a);
  enc.Append("garbage", false, kNow, SyslogPeer{"unix", "", ""}, &b);
  enc.Append("<13>1 - h app 1 m [x@1] long", false, kNow, SyslogPeer{"tcp", "1.2.3.4", ""}, &c);
  EXPECT_EQ("{\"time\":\"" + FormatRfc3339Nanos(kNow) +
                "\",\"body\":\"garbage\",\"lc.parse_error\":\"no <PRI> at the start\",\"network.transport\":\"unix\"}\n",
            b);
  EXPECT_EQ(a, c);
}

}  // namespace
}  // namespace lc
