#include "common/runtime/runtime_log.h"

#include <cstring>
#include <deque>

#include <gtest/gtest.h>

#include "common/base/duration.h"
#include "common/base/rfc3339.h"

namespace lc {
namespace {

RuntimeLine Docker(const std::string& text, std::string* scratch, bool expect_ok = true) {
  static std::deque<std::string> kept;  // rl.msg may point into the line: as in Cri below
  const std::string& line = kept.emplace_back(text);
  RuntimeLine rl;
  const char* err = nullptr;
  EXPECT_EQ(expect_ok, ParseDockerJsonLine(line.data(), line.size(), scratch, &rl, &err)) << line;
  return rl;
}

RuntimeLine Cri(const std::string& text, bool expect_ok = true) {
  // rl.msg points into the line, and callers pass temporaries: each line
  // is kept for the test binary's life (ASan found the dangling read).
  static std::deque<std::string> kept;
  const std::string& line = kept.emplace_back(text);
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

TEST(RuntimeLog, CriTimesWithZeroToNineFractionalDigitsAndOffsets) {
  const char* digits = "123456789";
  for (int k = 0; k <= 9; k++) {
    std::string t = "2026-11-25T05:42:04" + (k ? "." + std::string(digits, k) : "") + "Z";
    RuntimeLine rl = Cri(t + " stdout F x");
    std::string want_frac = std::string(digits, k) + std::string(9 - k, '0');
    EXPECT_EQ("2026-11-25T05:42:04." + want_frac + "Z", FormatRfc3339Nanos(rl.time)) << t;
  }
  EXPECT_EQ("2026-11-25T00:12:04.000000000Z",
            FormatRfc3339Nanos(Cri("2026-11-25T05:42:04+05:30 stdout F x").time));
  EXPECT_EQ("2026-11-25T05:42:04.136268534Z",
            FormatRfc3339Nanos(Cri("2026-11-25T05:42:04.136268534+00:00 stdout F x").time));
  // RFC 3339 allows more digits than nanoseconds hold: they are cut.
  EXPECT_EQ("2026-11-25T05:42:04.123456789Z",
            FormatRfc3339Nanos(Cri("2026-11-25T05:42:04.1234567890Z stdout F ten digits").time));
  Cri("2026-11-25T05:42:04 stdout F no zone", false);
}

TEST(RuntimeLog, CriEmptyPieceAndMessageWithSpacesAndTabs) {
  RuntimeLine rl = Cri("2026-11-25T05:42:04Z stdout P");
  EXPECT_TRUE(rl.partial);
  EXPECT_EQ("", Msg(rl));
  EXPECT_EQ("  two\tspaces ", Msg(Cri("2026-11-25T05:42:04Z stderr F   two\tspaces ")));
}

TEST(RuntimeLog, DockerTimeWithTrimmedFractionAsGoWritesIt) {
  std::string s;
  RuntimeLine rl = Docker(R"({"log":"x\n","stream":"stdout","time":"2026-11-25T08:45:38.88912681Z"})", &s);
  EXPECT_EQ("2026-11-25T08:45:38.889126810Z", FormatRfc3339Nanos(rl.time));
  rl = Docker(R"({"log":"x\n","stream":"stdout","time":"2026-11-25T08:45:38Z"})", &s);
  EXPECT_EQ("2026-11-25T08:45:38.000000000Z", FormatRfc3339Nanos(rl.time));
}

TEST(RuntimeLog, DockerEscapesEdgeCases) {
  std::string s;
  EXPECT_EQ("a/b", Msg(Docker(R"({"log":"a\/b\n","stream":"stdout","time":"2026-11-25T05:40:45Z"})", &s)));
  EXPECT_EQ(std::string("\0", 1), Msg(Docker(R"({"log":"\u0000\n","stream":"stdout","time":"2026-11-25T05:40:45Z"})", &s)));
  // Lone surrogates become U+FFFD; the character after one is kept.
  EXPECT_EQ("\xEF\xBF\xBD" "A", Msg(Docker(R"({"log":"\ud83dA\n","stream":"stdout","time":"2026-11-25T05:40:45Z"})", &s)));
  EXPECT_EQ("\xEF\xBF\xBD", Msg(Docker(R"({"log":"\ude00\n","stream":"stdout","time":"2026-11-25T05:40:45Z"})", &s)));
  // Upper-case hex, and a message that is only a newline.
  EXPECT_EQ("\xC3\xA9", Msg(Docker(R"({"log":"\u00E9\n","stream":"stdout","time":"2026-11-25T05:40:45Z"})", &s)));
  RuntimeLine rl = Docker(R"({"log":"\n","stream":"stdout","time":"2026-11-25T05:40:45Z"})", &s);
  EXPECT_FALSE(rl.partial);
  EXPECT_EQ("", Msg(rl));
}

TEST(RuntimeLog, CorruptDockerLinesSayWhy) {
  std::string s;
  RuntimeLine rl;
  const char* err = nullptr;
  std::string bad_escape = R"({"log":"\x\n","stream":"stdout","time":"2026-11-25T05:40:45Z"})";
  EXPECT_FALSE(ParseDockerJsonLine(bad_escape.data(), bad_escape.size(), &s, &rl, &err));
  EXPECT_STREQ("not a JSON object (truncated or corrupt line)", err);
  std::string no_log = R"({"stream":"stdout","time":"2026-11-25T05:40:45Z"})";
  EXPECT_FALSE(ParseDockerJsonLine(no_log.data(), no_log.size(), &s, &rl, &err));
  EXPECT_STREQ("no \"log\" string", err);
  std::string trailing = R"({"log":"x\n","stream":"stdout","time":"2026-11-25T05:40:45Z"}garbage)";
  EXPECT_FALSE(ParseDockerJsonLine(trailing.data(), trailing.size(), &s, &rl, &err));
  std::string nul = std::string(4, '\0') + R"({"log":"x\n","stream":"stdout","time":"2026-11-25T05:40:45Z"})";
  EXPECT_FALSE(ParseDockerJsonLine(nul.data(), nul.size(), &s, &rl, &err));
}

TEST(RuntimeLog, DetectionNeedsAWellFormedFirstLine) {
  std::string nul(8, '\0');
  EXPECT_EQ(RuntimeFormat::kUnknown, DetectRuntimeFormat(nul.data(), nul.size()));
  EXPECT_EQ(RuntimeFormat::kUnknown, DetectRuntimeFormat("", 0));
  std::string c = "2026-11-24T19:42:04.5-10:00 stderr F x";
  EXPECT_EQ(RuntimeFormat::kCri, DetectRuntimeFormat(c.data(), c.size()));
}

}  // namespace
}  // namespace lc
