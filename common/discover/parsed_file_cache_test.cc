#include "common/discover/parsed_file_cache.h"

#include <gtest/gtest.h>

#include "testing/counting_file_system.h"
#include "testing/fake_file_system.h"

namespace lc {
namespace {

class ParsedFileCacheTest : public ::testing::Test {
 protected:
  // The file's length, counting the parses.
  Status Get(const std::string& path, int64_t* out) {
    FileInfo fi;
    return cache_.Get(
        path, 1024,
        [this](const std::string& text, int64_t* v) {
          parses_++;
          if (text == "bad") return Status::Corruption("bad");
          *v = static_cast<int64_t>(text.size());
          return Status::OK();
        },
        out, &fi);
  }
  FakeFileSystem fake_;
  CountingFileSystem fs_{&fake_};
  ParsedFileCache<int64_t> cache_{&fs_};
  int parses_ = 0;
};

TEST_F(ParsedFileCacheTest, UnchangedFileIsNeitherReadNorParsedAgain) {
  fake_.Create("/c/config.json", "abc");
  fake_.SetMtime("/c/config.json", 1000);
  int64_t v = 0;
  ASSERT_TRUE(Get("/c/config.json", &v).ok());
  EXPECT_EQ(3, v);
  for (int i = 0; i < 3; i++) {
    cache_.Sweep();
    v = 0;
    ASSERT_TRUE(Get("/c/config.json", &v).ok());
    EXPECT_EQ(3, v);
  }
  EXPECT_EQ(1, fs_.opens("/c/config.json"));
  EXPECT_EQ(1, parses_);
}

TEST_F(ParsedFileCacheTest, NewMtimeSizeOrInodeIsParsedAgain) {
  fake_.Create("/c/config.json", "abc");
  fake_.SetMtime("/c/config.json", 1000);
  int64_t v = 0;
  ASSERT_TRUE(Get("/c/config.json", &v).ok());
  fake_.Rewrite("/c/config.json", "xyz");  // same size and inode
  fake_.SetMtime("/c/config.json", 1001);  // 1 ns later
  ASSERT_TRUE(Get("/c/config.json", &v).ok());
  EXPECT_EQ(2, parses_);
  fake_.Rewrite("/c/config.json", "abcd");  // same mtime, longer
  ASSERT_TRUE(Get("/c/config.json", &v).ok());
  EXPECT_EQ(4, v);
  EXPECT_EQ(3, parses_);
  fake_.Create("/c/config.json", "abcd", fake_.InodeOf("/c/config.json") + 1);  // renamed over
  fake_.SetMtime("/c/config.json", 1001);
  ASSERT_TRUE(Get("/c/config.json", &v).ok());
  EXPECT_EQ(4, parses_);
  EXPECT_EQ(4, fs_.opens("/c/config.json"));
}

TEST_F(ParsedFileCacheTest, FailedParseIsNotKeptAndMissingIsNotFound) {
  fake_.Create("/c/config.json", "bad");
  int64_t v = 0;
  EXPECT_TRUE(Get("/c/config.json", &v).IsCorruption());
  EXPECT_TRUE(Get("/c/config.json", &v).IsCorruption());
  EXPECT_EQ(2, parses_);  // read again each time until it parses
  EXPECT_TRUE(Get("/gone/config.json", &v).IsNotFound());
}

TEST_F(ParsedFileCacheTest, SweepDropsWhatTheScanDidNotAskFor) {
  fake_.Create("/a/config.json", "a");
  fake_.Create("/b/config.json", "bb");
  int64_t v = 0;
  ASSERT_TRUE(Get("/a/config.json", &v).ok());
  ASSERT_TRUE(Get("/b/config.json", &v).ok());
  cache_.Sweep();
  EXPECT_EQ(2u, cache_.size());
  ASSERT_TRUE(Get("/a/config.json", &v).ok());  // /b went away
  cache_.Sweep();
  EXPECT_EQ(1u, cache_.size());
  cache_.Sweep();  // nothing asked for: nothing kept
  EXPECT_EQ(0u, cache_.size());
}

}  // namespace
}  // namespace lc
