#include "common/ship/sinks/sink_syslog.h"

#include <gtest/gtest.h>

namespace lc {

namespace {
// Splits octet-counted frames; fails the test on a bad frame.
std::vector<std::string> Frames(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t sp = s.find(' ', i);
    EXPECT_NE(std::string::npos, sp);
    if (sp == std::string::npos) break;
    size_t n = std::stoul(s.substr(i, sp - i));
    out.push_back(s.substr(sp + 1, n));
    EXPECT_EQ(n, out.back().size());
    i = sp + 1 + n;
  }
  return out;
}
}  // namespace

TEST(SyslogFrames, Rfc5424WithOctetCounting) {
  SyslogFormat f;
  f.default_host = "node-1";
  std::string r = R"({"time":"2026-11-25T05:40:45.295588061Z","body":"line one\nline two","container.name":"web","k8s.pod.name":"p\"]x","lc.cursor":"k:12","host.name":"n7"})";
  std::string out;
  EncodeSyslogFrames({r}, f, 0, &out);
  auto frames = Frames(out);
  ASSERT_EQ(1u, frames.size());
  EXPECT_EQ("<14>1 2026-11-25T05:40:45.295588Z n7 web - - "
            "[lc@32473 container.name=\"web\" k8s.pod.name=\"p\\\"\\]x\" lc.cursor=\"k:12\"] "
            "line one\nline two",
            frames[0]);
}

TEST(SyslogFrames, DefaultsSeverityFacilityAndWholeRecord) {
  SyslogFormat f;
  f.facility = SyslogFacility("local0");
  f.whole_record = true;
  f.default_host = "node-1";
  std::string r = R"({"body":"b","level":"ERROR","k8s.container.name":"has space"})";
  std::string out;
  EncodeSyslogFrames({r, "not json"}, f, 1'000'000'000, &out);
  auto frames = Frames(out);
  ASSERT_EQ(2u, frames.size());
  EXPECT_EQ("<131>1 1970-01-01T00:00:01.000000Z node-1 has_space - - "
            "[lc@32473 k8s.container.name=\"has space\"] " + r,
            frames[0]);
  EXPECT_EQ("<134>1 1970-01-01T00:00:01.000000Z node-1 lc-ship - - - not json", frames[1]);
}

TEST(SyslogFrames, FacilityNames) {
  EXPECT_EQ(1, SyslogFacility("user"));
  EXPECT_EQ(16, SyslogFacility("local0"));
  EXPECT_EQ(23, SyslogFacility("local7"));
  EXPECT_EQ(3, SyslogFacility("3"));
  EXPECT_EQ(-1, SyslogFacility("24"));
  EXPECT_EQ(-1, SyslogFacility("locl0"));
  EXPECT_EQ(-1, SyslogFacility(""));
}

}  // namespace lc
