#include "common/base/rooted_file_system.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lc {
namespace {

// Lookups on real directories with the links a hostile container plants,
// run twice: through openat2 and through the walk that stands in for it on
// kernels before 5.6 (LCTK_NO_OPENAT2=1).  The host holds a directory of
// secrets at $dir/host; the container's root is $dir/ctr/merged and its
// upper dir $dir/ctr/diff.
class RootedFileSystemTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) {
      setenv("LCTK_NO_OPENAT2", "1", 1);
    } else {
      unsetenv("LCTK_NO_OPENAT2");
    }
    char d[] = "/tmp/lc-rooted-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(d));
    dir_ = d;
    root_ = dir_ + "/ctr/merged";
    upper_ = dir_ + "/ctr/diff";
    Run("mkdir -p " + root_ + "/var/log " + root_ + "/data/app " + upper_ + "/var/log/real " + dir_ + "/host");
    Write(dir_ + "/host/secret.log", "host secret\n");
    Write(root_ + "/data/app/a.log", "app\n");
    Write(upper_ + "/var/log/real/u.log", "upper\n");
  }
  void TearDown() override {
    unsetenv("LCTK_NO_OPENAT2");
    Run("rm -rf " + dir_);
  }
  static void Run(const std::string& cmd) { ASSERT_EQ(0, system(cmd.c_str())) << cmd; }
  static void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }
  static void Link(const std::string& target, const std::string& at) {
    ASSERT_EQ(0, symlink(target.c_str(), at.c_str())) << at;
  }
  // The names ListDirStat gives for `dir`, each with "/" after a directory.
  static std::vector<std::string> Listed(RootedFileSystem* fs, const std::string& dir) {
    std::vector<std::pair<std::string, FileInfo>> entries;
    EXPECT_TRUE(fs->ListDirStat(dir, [](const char*) { return true; }, &entries).ok()) << dir;
    std::vector<std::string> names;
    for (const auto& [n, info] : entries) names.push_back(n + (info.is_dir ? "/" : ""));
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string dir_, root_, upper_;
};

using V = std::vector<std::string>;

TEST_P(RootedFileSystemTest, AnAbsoluteDirectoryLinkIsListedAsTheContainerSeesIt) {
  Link("/data/app", root_ + "/var/log/app");  // the container's own /data/app
  Link(dir_ + "/host", root_ + "/var/log/host");  // the host's path, but inside the root: nothing there
  RootedFileSystem fs(RealFileSystem(), root_, root_ + "/var/log");
  EXPECT_EQ((V{"app/"}), Listed(&fs, root_ + "/var/log"));
  EXPECT_EQ((V{"a.log"}), Listed(&fs, root_ + "/var/log/app"));
  FileInfo info;
  ASSERT_TRUE(fs.Stat(root_ + "/var/log/app/a.log", &info).ok());
  EXPECT_TRUE(info.is_regular);
  EXPECT_EQ(4, info.size);
  EXPECT_TRUE(fs.Stat(root_ + "/var/log/host/secret.log", &info).IsNotFound());
  std::vector<std::string> names;
  EXPECT_FALSE(fs.ListDir(root_ + "/var/log/host", &names).ok());
  EXPECT_EQ(V{}, fs.TakeRefused());  // nothing left the root: the link means the container's /
}

TEST_P(RootedFileSystemTest, LstatSeesTheLinkItselfAndReadLinkItsText) {
  Link("/data/app", root_ + "/var/log/app");
  RootedFileSystem fs(RealFileSystem(), root_, root_ + "/var/log");
  FileInfo info;
  ASSERT_TRUE(fs.Lstat(root_ + "/var/log/app", &info).ok());
  EXPECT_TRUE(info.is_symlink);
  std::string target;
  ASSERT_TRUE(fs.ReadLink(root_ + "/var/log/app", &target).ok());
  EXPECT_EQ("/data/app", target);
}

TEST_P(RootedFileSystemTest, BeneathAnUpperDirALinkOutIsRefusedAndKeptForTheReport) {
  Link(dir_ + "/host", upper_ + "/var/log/abs");
  Link("../../../../host", upper_ + "/var/log/rel");
  RootedFileSystem fs(RealFileSystem(), root_, upper_ + "/var/log");
  EXPECT_EQ((V{"real/"}), Listed(&fs, upper_ + "/var/log"));
  V refused = fs.TakeRefused();
  std::sort(refused.begin(), refused.end());
  EXPECT_EQ((V{upper_ + "/var/log/abs", upper_ + "/var/log/rel"}), refused);
  EXPECT_EQ(V{}, fs.TakeRefused());  // taken once
  FileInfo info;
  Status s = fs.Stat(upper_ + "/var/log/abs/secret.log", &info);
  EXPECT_EQ(upper_ + "/var/log/abs/secret.log: symlink leaves the container, not followed", s.message());
}

TEST_P(RootedFileSystemTest, APathOutsideRootAndBeneathIsNeverLookedAt) {
  RootedFileSystem fs(RealFileSystem(), root_, upper_ + "/var/log");
  FileInfo info;
  EXPECT_FALSE(fs.Stat(dir_ + "/host/secret.log", &info).ok());
  std::vector<std::string> names;
  EXPECT_FALSE(fs.ListDir(dir_ + "/host", &names).ok());
  EXPECT_TRUE(names.empty());
}

TEST_P(RootedFileSystemTest, TheRootAndTheDirectoryBeneathAreThemselvesListed) {
  RootedFileSystem fs(RealFileSystem(), root_ + "/", upper_ + "/var/log/");
  EXPECT_EQ((V{"data/", "var/"}), Listed(&fs, root_));
  EXPECT_EQ((V{"real/"}), Listed(&fs, upper_ + "/var/log"));
  // Above them: the host's directories the pattern walks down through.
  EXPECT_EQ((V{"diff/", "merged/"}), Listed(&fs, dir_ + "/ctr"));
  FileInfo info;
  ASSERT_TRUE(fs.Stat(upper_ + "/var", &info).ok());
  EXPECT_TRUE(info.is_dir);
  ASSERT_TRUE(fs.Stat("/", &info).ok());
  EXPECT_TRUE(info.is_dir);
}

// The descriptors this process holds (the listing's own included, the same
// each time).
static int OpenDescriptors() {
  std::vector<std::string> names;
  EXPECT_TRUE(RealFileSystem()->ListDir("/proc/self/fd", &names).ok());
  return static_cast<int>(names.size());
}

TEST_P(RootedFileSystemTest, AViewOpensItsRootAndBeneathOnceAndClosesThemWhenDestroyed) {
  Link("/data/app", root_ + "/var/log/app");
  int before = OpenDescriptors();
  {
    RootedFileSystem fs(RealFileSystem(), root_, upper_ + "/var/log");
    FileInfo info;
    for (int i = 0; i < 10; i++) {
      ASSERT_TRUE(fs.Stat(root_ + "/var/log/app/a.log", &info).ok());
      ASSERT_TRUE(fs.Stat(upper_ + "/var/log/real/u.log", &info).ok());
      EXPECT_EQ((V{"a.log"}), Listed(&fs, root_ + "/var/log/app"));
    }
    EXPECT_EQ(before + 2, OpenDescriptors());
  }
  EXPECT_EQ(before, OpenDescriptors());
}

INSTANTIATE_TEST_SUITE_P(BothWays, RootedFileSystemTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& p) {
                           return std::string(p.param ? "Walk" : "Openat2");
                         });

TEST(RootedFileSystemDefaultTest, AFileSystemWithoutLinksNeedsNoView) {
  // Test doubles keep the default: Within gives null, the caller uses them as is.
  class NoLinks : public FileSystem {
   public:
    Status Open(const std::string&, const std::string&, const std::string&, std::unique_ptr<File>*) override {
      return Status::OK();
    }
    Status Stat(const std::string&, FileInfo*) override { return Status::OK(); }
    Status Lstat(const std::string&, FileInfo*) override { return Status::OK(); }
    Status ListDir(const std::string&, std::vector<std::string>*) override { return Status::OK(); }
    Status OpenForWrite(const std::string&, WriteMode, int, std::unique_ptr<WritableFile>*) override {
      return Status::OK();
    }
    Status Rename(const std::string&, const std::string&) override { return Status::OK(); }
    Status Remove(const std::string&) override { return Status::OK(); }
    Status SyncDir(const std::string&) override { return Status::OK(); }
    Status MakeDirectories(const std::string&, int) override { return Status::OK(); }
  } fs;
  EXPECT_EQ(nullptr, fs.Within("/r", "/r/x"));
  EXPECT_NE(nullptr, RealFileSystem()->Within("/r", "/r/x"));
}

TEST(RootedFileSystemPlaceTest, RootThenTheHostAboveThenBeneathThenNothing) {
  using P = RootedFileSystem::Place;
  RootedFileSystem fs(RealFileSystem(), "/r/merged", "/u/diff/var/log");
  EXPECT_EQ(P::kHost, fs.PlaceOf("/"));
  EXPECT_EQ(P::kHost, fs.PlaceOf("/r"));
  EXPECT_EQ(P::kInRoot, fs.PlaceOf("/r/merged"));
  EXPECT_EQ(P::kInRoot, fs.PlaceOf("/r/merged/var/log"));
  EXPECT_EQ(P::kHost, fs.PlaceOf("/u/diff/var"));
  EXPECT_EQ(P::kBeneath, fs.PlaceOf("/u/diff/var/log"));
  EXPECT_EQ(P::kBeneath, fs.PlaceOf("/u/diff/var/log/app/a.log"));
  EXPECT_EQ(P::kNowhere, fs.PlaceOf("/u/diff/etc"));
  EXPECT_EQ(P::kNowhere, fs.PlaceOf("/r/mergedx"));
  // A root of "/" confines nothing: the pattern's directory is what holds.
  RootedFileSystem slash(RealFileSystem(), "/", "/u/diff");
  EXPECT_EQ(P::kBeneath, slash.PlaceOf("/u/diff/a"));
  EXPECT_EQ(P::kNowhere, slash.PlaceOf("/etc/passwd"));
}

}  // namespace
}  // namespace lc
