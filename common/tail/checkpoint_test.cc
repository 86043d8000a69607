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

}  // namespace lc
