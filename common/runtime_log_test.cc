#include "common/runtime_log.h"

#include <cstring>

#include <gtest/gtest.h>

#include "common/duration.h"

namespace lc {
namespace {

RuntimeLine Docker(const std::string& line, std::string* scratch, bool expect_ok = true) {
  RuntimeLine rl;
  const char* err = nullptr;
  EXPECT_EQ(expect_ok, ParseDockerJsonLine(line.data(), line.size(), scratch, &rl, &err)) << line;
  return rl;
}

RuntimeLine Cri(const std::string& line, bool expect_ok = true) {
  RuntimeLine rl;
  const char* err = nullptr;
  EXPECT_EQ(expect_ok, ParseCriLine(line.data(), line.size(), &rl, &err)) << line;
  return rl;
}

std::string Msg(const RuntimeLine& rl) { return std::string(rl.msg, rl.msg_len); }

TEST(RuntimeLog, DetectsFormatFromFirstLine) {
  std::string d = R"({"log":"x\n","stream":"stdout","time":"2026-11-25T05:40:45Z"})";
  std::string c = "2026-11-25T05:42:04.136268534+00:00 stdout F hello";
  EXPECT_EQ(RuntimeFormat::kDockerJson, DetectRuntimeFormat(d.data(), d.size()));
  EXPECT_EQ(RuntimeFormat::kCri, DetectRuntimeFormat(c.data(), c.size()));
  EXPECT_EQ(RuntimeFormat::kUnknown, DetectRuntimeFormat("hello world", 11));
}

TEST(RuntimeLog, DockerLineWithEscapesAndSurrogatePair) {
  std::string s;
  RuntimeLine rl = Docker(R"({"log":"a\"b\\c\t\u00e9\ud83d\ude00\u0000\n","stream":"stderr","time":"2026-11-25T05:40:45.295588061Z"})", &s);
  EXPECT_EQ(std::string("a\"b\\c\t\xC3\xA9\xF0\x9F\x98\x80\0", 13), Msg(rl));
  EXPECT_EQ(LogStream::kStderr, rl.stream);
  EXPECT_FALSE(rl.partial);
  EXPECT_EQ("2026-11-25T05:40:45.295588061Z", FormatRfc3339Nanos(rl.time));
}

TEST(RuntimeLog, DockerPieceWithoutNewlineIsPartial) {
  std::string s;
  RuntimeLine rl = Docker(R"({"log":"piece","stream":"stdout","time":"2026-11-25T05:40:45Z"})", &s);
  EXPECT_TRUE(rl.partial);
  EXPECT_EQ("piece", Msg(rl));
}

TEST(RuntimeLog, DockerOtherKeyOrderAndAttrsTakeTheGeneralPath) {
  std::string s;
  RuntimeLine rl = Docker(R"({"stream":"stdout","attrs":{"tag":"x"},"time":"2026-11-25T05:40:45Z","log":"ok\n"})", &s);
  EXPECT_EQ("ok", Msg(rl));
  rl = Docker(R"({"log":"ok2\n","stream":"stdout","attrs":{"a":"b"},"time":"2026-11-25T05:40:45Z"})", &s);
  EXPECT_EQ("ok2", Msg(rl));
}

TEST(RuntimeLog, CorruptDockerLines) {
  std::string s;
  Docker(R"({"log":"cut off)", &s, false);
  Docker(std::string("\0\0\0\0", 4), &s, false);
  Docker(R"({"log":"x\n","stream":"stdout","time":"yesterday"})", &s, false);
  Docker(R"({"log":"x\n","stream":"console","time":"2026-11-25T05:40:45Z"})", &s, false);
}

TEST(RuntimeLog, CriLinesTagsAndZones) {
  RuntimeLine rl = Cri("2026-11-25T05:42:04.136268534+00:00 stdout P hel");
  EXPECT_TRUE(rl.partial);
  EXPECT_EQ("hel", Msg(rl));
  rl = Cri("2026-11-24T19:42:04.5-10:00 stderr F lo world ");
  EXPECT_FALSE(rl.partial);
  EXPECT_EQ(LogStream::kStderr, rl.stream);
  EXPECT_EQ("lo world ", Msg(rl));
  EXPECT_EQ("2026-11-25T05:42:04.500000000Z", FormatRfc3339Nanos(rl.time));
  EXPECT_EQ("", Msg(Cri("2026-11-25T05:42:04Z stdout F")));
  EXPECT_EQ("x", Msg(Cri("2026-11-25T05:42:04Z stdout F:extra x")));
}

TEST(RuntimeLog, CorruptCriLines) {
  Cri("2026-13-25T05:42:04Z stdout F bad month", false);
  Cri("2026-11-25T05:42:04Z console F x", false);
  Cri("2026-11-25T05:42:04Z stdout X x", false);
  Cri("garbage", false);
}

}  // namespace
}  // namespace lc
