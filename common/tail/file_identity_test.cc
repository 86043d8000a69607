#include "common/tail/file_identity.h"

#include <gtest/gtest.h>

#include "testing/fake_file_system.h"

namespace lc {
namespace {

struct Opened {
  std::unique_ptr<File> file;
  FileInfo info;
};

Opened OpenFake(FakeFileSystem* fs, const std::string& path) {
  Opened o;
  EXPECT_TRUE(fs->Open(path, "", "", &o.file).ok());
  EXPECT_TRUE(o.file->Stat(&o.info).ok());
  return o;
}

FileIdentity Identify(FakeFileSystem* fs, const std::string& path) {
  Opened o = OpenFake(fs, path);
  FileIdentity id{o.info.dev, o.info.ino, {}};
  EXPECT_TRUE(ReadSignature(o.file.get(), o.info.size, kSignatureBytes, &id.sig).ok());
  return id;
}

Sameness Compare(FakeFileSystem* fs, const std::string& path, const FileIdentity& id, int64_t off) {
  Opened o = OpenFake(fs, path);
  Sameness r;
  EXPECT_TRUE(CompareIdentity(id, off, o.file.get(), o.info, &r).ok());
  return r;
}

TEST(FileIdentity, SameFileGrowing) {
  FakeFileSystem fs;
  fs.Create("/a", "hello\n");
  FileIdentity id = Identify(&fs, "/a");
  EXPECT_EQ(6u, id.sig.len);
  fs.Append("/a", "more\n");
  EXPECT_EQ(Sameness::kSame, Compare(&fs, "/a", id, 6));
}

TEST(FileIdentity, InodeReuseWithOtherContentIsDifferent) {
  FakeFileSystem fs;
  fs.Create("/a", "old content\n", 42);
  FileIdentity id = Identify(&fs, "/a");
  fs.Remove("/a");
  fs.Create("/b", "new content, longer than before\n", 42);
  EXPECT_EQ(Sameness::kDifferent, Compare(&fs, "/b", id, 12));
}

TEST(FileIdentity, CopytruncateIsTruncated) {
  FakeFileSystem fs;
  fs.Create("/a", std::string(2000, 'x'));
  FileIdentity id = Identify(&fs, "/a");
  EXPECT_EQ(kSignatureBytes, id.sig.len);
  fs.Truncate("/a", 0);
  EXPECT_EQ(Sameness::kTruncated, Compare(&fs, "/a", id, 2000));
  fs.Append("/a", std::string(1500, 'x'));  // same prefix, shorter than what we read
  EXPECT_EQ(Sameness::kTruncated, Compare(&fs, "/a", id, 2000));
}

TEST(FileIdentity, SourceKeyIsStableHex) {
  FileIdentity id{0x803, 0x1a2b, {1024, 0x1234567890abcdefULL}};
  EXPECT_EQ("803:1a2b:90abcdef", SourceKey(id));
}

// Saved keys and signatures were made with this basis: a change would make
// every file in an old checkpoint look new (re-read or skipped) on upgrade.
TEST(HashBytes, KeepsTheBasisSavedHashesWereMadeWith) {
  EXPECT_EQ(1469598103934665603ULL, HashBytes("", 0));
  EXPECT_EQ((1469598103934665603ULL ^ 'a') * 1099511628211ULL, HashBytes("a", 1));
}

TEST(QuickHashTest, EveryByteAndTheLengthCount) {
  std::string base(1024, 'a');
  uint64_t h = QuickHash(base.data(), base.size());
  for (size_t i = 0; i < base.size(); i += 7) {
    std::string s = base;
    s[i] = 'b';
    EXPECT_NE(h, QuickHash(s.data(), s.size())) << i;
  }
  for (size_t n = 0; n < 40; n++) EXPECT_NE(QuickHash(base.data(), n), QuickHash(base.data(), n + 1)) << n;
}

}  // namespace
}  // namespace lc
