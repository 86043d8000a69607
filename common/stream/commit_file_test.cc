#include "common/stream/commit_file.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include "common/base/atomic_file.h"

namespace lc {

TEST(CommitFile, SplitCursorAtLastColon) {
  std::string key;
  int64_t off;
  std::string c = "f:803:12ab:9f00:1234";
  ASSERT_TRUE(SplitCursor(c.data(), c.size(), &key, &off));
  EXPECT_EQ("f:803:12ab:9f00", key);
  EXPECT_EQ(1234, off);
  EXPECT_FALSE(SplitCursor("nocolon", 7, &key, &off));
  EXPECT_FALSE(SplitCursor("k:", 2, &key, &off));
  EXPECT_FALSE(SplitCursor("k:-1", 4, &key, &off));
}

TEST(CommitFile, RoundTripAndBrokenFile) {
  char dir[] = "/tmp/lc-commit-XXXXXX";
  ASSERT_NE(nullptr, mkdtemp(dir));
  std::string path = std::string(dir) + "/commit.json";
  CursorMap in = {{"a:1", 10}, {"b", 20}}, out;
  ASSERT_TRUE(SaveCommitFile(path, in).ok());
  ASSERT_TRUE(LoadCommitFile(path, &out).ok());
  EXPECT_EQ(in, out);
  ASSERT_TRUE(WriteFileAtomically(path, "{oops").ok());
  Status s = LoadCommitFile(path, &out);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(std::string::npos, s.message().find(path));
  ASSERT_TRUE(LoadCommitFile(std::string(dir) + "/missing", &out).ok());
  EXPECT_TRUE(out.empty());
  unlink(path.c_str());
  rmdir(dir);
}

}  // namespace lc
