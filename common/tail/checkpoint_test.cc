#include "common/tail/checkpoint.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <random>

namespace lc {
namespace {

// The encoder as it was, through nlohmann's DOM: the reference for the
// hand-written one, which must write the same text.
std::string EncodeByDom(const std::vector<CheckpointEntry>& entries) {
  std::string out = "{\"version\":1,\"files\":[\n";
  for (size_t i = 0; i < entries.size(); i++) {
    const CheckpointEntry& e = entries[i];
    nlohmann::json j = {{"key", e.key},       {"path", e.path},        {"dev", e.id.dev},
                        {"ino", e.id.ino},    {"sig_len", e.id.sig.len},
                        {"sig", fmt::format("{:016x}", e.id.sig.hash)}, {"offset", e.offset},
                        {"start", e.start},   {"size", e.size},        {"seen", e.seen}};
    out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += i + 1 < entries.size() ? ",\n" : "\n";
  }
  return out + "]}\n";
}

}  // namespace

TEST(Checkpoint, WritesWhatTheDomEncoderWrote) {
  std::mt19937_64 rng(7);
  // Valid UTF-8 of every kind a path may hold: control bytes, quotes,
  // backslashes, slashes, DEL, two- to four-byte sequences.
  const std::vector<std::string> pieces = {"/var/log/", "a", "\"", "\\", "/", std::string(1, '\0'),
                                           "\x01", "\x1f", "\t", "\n", "\r", "\b", "\f", "\x7f",
                                           "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", " ", ".log"};
  for (int round = 0; round < 500; round++) {
    std::vector<CheckpointEntry> entries(rng() % 4);
    for (CheckpointEntry& e : entries) {
      for (int k = rng() % 8; k > 0; k--) e.path += pieces[rng() % pieces.size()];
      for (int k = rng() % 3; k > 0; k--) e.key += pieces[rng() % pieces.size()];
      e.id = {rng(), rng(), {static_cast<uint32_t>(rng()), rng()}};
      e.offset = static_cast<int64_t>(rng() >> (rng() % 64));
      e.start = static_cast<int64_t>(rng() % 1000);
      e.size = round % 7 == 0 ? std::numeric_limits<int64_t>::max() : static_cast<int64_t>(rng() >> 20);
      e.seen = round % 5 == 0 ? -1 : static_cast<int64_t>(rng() >> 33);
    }
    ASSERT_EQ(EncodeByDom(entries), EncodeCheckpoint(entries)) << "round " << round;
  }
}

TEST(Checkpoint, APathThatIsNotUtf8IsWrittenAsValidJsonAndReadBack) {
  CheckpointEntry e;
  e.key = "k";
  e.path = "/l/\xff\xfe-x.log";
  std::string text = EncodeCheckpoint({e});
  EXPECT_TRUE(nlohmann::json::accept(text));
  std::vector<CheckpointEntry> out;
  ASSERT_TRUE(DecodeCheckpoint(text, "ck", &out).ok());
  ASSERT_EQ(1u, out.size());
  EXPECT_EQ("/l/\xef\xbf\xbd\xef\xbf\xbd-x.log", out[0].path);  // each bad byte a U+FFFD
}

TEST(Checkpoint, RoundTrip) {
  CheckpointEntry e;
  e.key = "803:1a2b:9f00aa11";
  e.path = "/var/log/\"odd\" name.log";
  e.id = {2051, 6699, {1024, 0x9f00aa11c3d2e1f0ULL}};
  e.offset = 12345;
  e.start = 10;
  e.seen = 1764049245;
  std::vector<CheckpointEntry> out;
  ASSERT_TRUE(DecodeCheckpoint(EncodeCheckpoint({e}), "ck", &out).ok());
  ASSERT_EQ(1u, out.size());
  EXPECT_EQ(e.key, out[0].key);
  EXPECT_EQ(e.path, out[0].path);
  EXPECT_EQ(e.id.sig.hash, out[0].id.sig.hash);
  EXPECT_EQ(e.id.ino, out[0].id.ino);
  EXPECT_EQ(12345, out[0].offset);
  EXPECT_EQ(10, out[0].start);
}

TEST(Checkpoint, BrokenFileNamesFileAndLine) {
  std::vector<CheckpointEntry> out;
  Status s = DecodeCheckpoint("{\"version\":1,\n\"files\":[\n{oops", "/s/ck.json", &out);
  ASSERT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(0u, s.message().find("/s/ck.json: line 3:"));
  s = DecodeCheckpoint("{\"version\":2,\"files\":[]}", "ck", &out);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(std::string::npos, s.message().find("version"));
  s = DecodeCheckpoint("{\"version\":1,\"files\":[\n{\"key\":1}]}", "ck", &out);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(std::string::npos, s.message().find("line 2"));
}

// Found by fuzz/checkpoint: a number too big for an integer ("dev":1e21, or
// 1844674407370954775807, which JSON parsers read as a float) was cast to
// uint64 with undefined behaviour instead of refusing the entry.
TEST(Checkpoint, ANumberOutOfRangeOrNotAnIntegerIsABadEntry) {
  for (const char* dev : {"1844674407370954775807", "1e21", "-1", "1.5", "\"1\""}) {
    std::string text = std::string("{\"version\":1,\"files\":[\n{\"key\":\"k\",\"path\":\"/x\",\"dev\":") + dev +
                       ",\"ino\":2,\"sig_len\":0,\"sig\":\"0\",\"offset\":0}]}";
    std::vector<CheckpointEntry> out;
    Status s = DecodeCheckpoint(text, "ck", &out);
    EXPECT_TRUE(s.IsInvalidArgument()) << dev;
    EXPECT_EQ(0u, s.message().find("ck: line 2: bad checkpoint entry")) << s.message();
  }
  std::vector<CheckpointEntry> out;
  EXPECT_TRUE(DecodeCheckpoint("{\"version\":1,\"files\":[{\"key\":\"k\",\"path\":\"/x\",\"dev\":1,\"ino\":2,"
                               "\"sig_len\":0,\"sig\":\"0\",\"offset\":0,\"seen\":1e300}]}",
                               "ck", &out)
                  .IsInvalidArgument());
}

// Regression (fuzz/checkpoint): a number too large for a double made the JSON
// parser throw out_of_range, not parse_error, and the exception left
// DecodeCheckpoint (terminate in lc-tail at start).  Invalid UTF-8 in a bad
// entry made the error message's dump() throw too.
TEST(Checkpoint, ANumberBeyondADoubleOrInvalidUtf8IsAnErrorNotAnException) {
  std::vector<CheckpointEntry> out;
  Status s = DecodeCheckpoint("222e2222222222222222222222{\"version\":1}", "ck", &out);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.message();
  EXPECT_EQ(0u, s.message().find("ck: line 1: not a checkpoint file")) << s.message();
  s = DecodeCheckpoint("{\"version\":1,\"files\":[{\"key\":\"k\",\"dev\":1e999}]}", "ck", &out);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.message();
  s = DecodeCheckpoint("{\"version\":1,\"files\":[\n{\"key\":\"k\xff\",\"path\":\"/x\"}]}", "ck", &out);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.message();
}

}  // namespace lc
