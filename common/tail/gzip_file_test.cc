#include "common/tail/gzip_file.h"

#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "testing/fake_file_system.h"
#include "common/base/compress.h"

namespace lc {
namespace {

// What gzip(1) writes for `text` (one member).
std::string Gzip(const std::string& text) {
  std::string out;
  EXPECT_TRUE(CompressBody("gzip", text, &out).ok());
  return out;
}

std::string Lines(int n) {
  std::string s;
  for (int i = 1; i <= n; i++) s += "line " + std::to_string(i) + "\n";
  return s;
}

class GzipFileTest : public ::testing::Test {
 protected:
  std::unique_ptr<File> Raw(const std::string& content) {
    fs_.Create("/l/a.log.1.gz", content);
    std::unique_ptr<File> f;
    EXPECT_TRUE(fs_.Open("/l/a.log.1.gz", "", "", &f).ok());
    return f;
  }
  static std::string ReadAll(File* f) {
    std::string out;
    char buf[1000];  // not a divisor of the sizes: reads end mid-line
    size_t got;
    while (f->ReadAt(static_cast<int64_t>(out.size()), buf, sizeof buf, &got).ok() && got > 0) out.append(buf, got);
    return out;
  }
  FakeFileSystem fs_;
};

TEST_F(GzipFileTest, ReadsTheDecompressedBytesAndStatsTheirSize) {
  std::string text = Lines(20000);
  std::unique_ptr<File> f;
  ASSERT_TRUE(OpenGzipFile(Raw(Gzip(text)), 1 << 20, &f).ok());
  FileInfo info;
  ASSERT_TRUE(f->Stat(&info).ok());
  EXPECT_EQ(static_cast<int64_t>(text.size()), info.size);
  EXPECT_EQ(fs_.InodeOf("/l/a.log.1.gz"), info.ino);
  EXPECT_EQ(text, ReadAll(f.get()));
}

TEST_F(GzipFileTest, APrefixStopsEarly) {
  std::string prefix;
  std::unique_ptr<File> raw = Raw(Gzip(Lines(20000)));
  ASSERT_TRUE(ReadGzipPrefix(raw.get(), 1024, &prefix).ok());
  EXPECT_EQ(Lines(20000).substr(0, 1024), prefix);
  ASSERT_TRUE(ReadGzipPrefix(Raw(Gzip("short\n")).get(), 1024, &prefix).ok());
  EXPECT_EQ("short\n", prefix);
}

TEST_F(GzipFileTest, ConcatenatedMembersAreOneStreamAndTrailingZerosAreIgnored) {
  std::unique_ptr<File> f;
  ASSERT_TRUE(OpenGzipFile(Raw(Gzip("one\n") + Gzip("two\n") + std::string(512, '\0')), 1 << 20, &f).ok());
  EXPECT_EQ("one\ntwo\n", ReadAll(f.get()));
}

TEST_F(GzipFileTest, NotGzipCutShortOrTooBigAreErrors) {
  std::unique_ptr<File> f;
  Status s = OpenGzipFile(Raw("plain text, not gzip\n"), 1 << 20, &f);
  EXPECT_TRUE(s.IsCorruption()) << s.message();
  std::string gz = Gzip(Lines(20000));
  s = OpenGzipFile(Raw(gz.substr(0, gz.size() / 2)), 1 << 20, &f);
  EXPECT_TRUE(s.IsCorruption()) << s.message();
  s = OpenGzipFile(Raw(gz), 1000, &f);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.message();
}

TEST(GzipFile, GzipNames) {
  EXPECT_TRUE(IsGzipName("0.log.20261125-054045.gz"));
  EXPECT_FALSE(IsGzipName(".gz"));
  EXPECT_FALSE(IsGzipName("0.log"));
}

}  // namespace
}  // namespace lc
