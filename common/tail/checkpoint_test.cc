#include "common/tail/checkpoint.h"

#include <gtest/gtest.h>

namespace lc {

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
