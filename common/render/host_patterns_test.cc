#include "common/render/host_patterns.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "common/tail/path_glob.h"

namespace lc {
namespace {

class HostPatternsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char d[] = "/tmp/host_patterns_test.XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(d));
    dir_ = d;
    system(("mkdir -p " + dir_ + "/upper/var/log " + dir_ + "/merged/var/log " + dir_ + "/vol " + dir_ +
            "/vol2 " + dir_ + "/merged/etc").c_str());
    c_.state = "running";
    c_.upperdir = dir_ + "/upper";
    c_.rootfs = dir_ + "/merged";
  }
  void TearDown() override { system(("rm -rf " + dir_).c_str()); }
  HostPatterns Map(const std::string& pattern) {
    ContainerView v(c_);
    HostPatterns hp;
    MapContainerPattern(RealFileSystem(), v, pattern, WatchRoot(c_), &hp);
    return hp;
  }
  std::string dir_;
  ContainerInfo c_;
};

TEST_F(HostPatternsTest, UpperDirGlobsStayGlobsUnderTheRoot) {
  HostPatterns hp = Map("/var/log/**/*.log");
  EXPECT_EQ(std::vector<std::string>{dir_ + "/upper/var/log/**/*.log"}, hp.paths);
  EXPECT_TRUE(hp.excludes.empty());
  EXPECT_TRUE(hp.skipped.empty());
  EXPECT_EQ(dir_ + "/upper", WatchRoot(c_));
}

TEST_F(HostPatternsTest, AMountsPathIsConfinedBeneathItsSource) {
  c_.mounts = {{dir_ + "/vol", "/var/log/app", true}};
  HostPatterns hp = Map("/var/log/app/sub/*.log");
  EXPECT_EQ(std::vector<std::string>{dir_ + "/vol/[s]ub/*.log"}, hp.paths);
  // lc-tail resolves below the literal directory: the mount's source.
  EXPECT_EQ(dir_ + "/vol", PathGlob(hp.paths[0]).LiteralDir());
  EXPECT_TRUE(PathGlob(hp.paths[0]).Matches(dir_ + "/vol/sub/a.log"));
  EXPECT_EQ(std::vector<std::string>{dir_ + "/vol/a.log"}, Map("/var/log/app/a.log").paths);
}

TEST_F(HostPatternsTest, NestedMountsGetTheirOwnGlobAndAreExcludedBelow) {
  c_.mounts = {{dir_ + "/vol", "/var/log", true}, {dir_ + "/vol2", "/var/log/app", true}};
  HostPatterns hp = Map("/var/log/**/*.log");
  EXPECT_EQ((std::vector<std::string>{dir_ + "/vol/**/*.log", dir_ + "/vol2/**/*.log"}), hp.paths);
  EXPECT_EQ((std::vector<std::string>{dir_ + "/vol/app", dir_ + "/vol/app/**"}), hp.excludes);
  // A pattern that cannot reach the nested mount does not name it.
  hp = Map("/var/log/*.log");
  EXPECT_EQ(std::vector<std::string>{dir_ + "/vol/*.log"}, hp.paths);
  hp = Map("/var/log/app/*.log");
  EXPECT_EQ(std::vector<std::string>{dir_ + "/vol2/*.log"}, hp.paths);
  hp = Map("/var/*/app/x.log");
  EXPECT_EQ((std::vector<std::string>{dir_ + "/upper/var/*/app/x.log", dir_ + "/vol/[a]pp/x.log", dir_ + "/vol2/x.log"}),
            hp.paths);
  EXPECT_EQ((std::vector<std::string>{dir_ + "/upper/var/log", dir_ + "/upper/var/log/**", dir_ + "/vol/app",
                                      dir_ + "/vol/app/**"}),
            hp.excludes);
}

TEST_F(HostPatternsTest, TmpfsIsSkippedWithAReason) {
  c_.mounts = {{"", "/var/log/tmp", true}};
  HostPatterns hp = Map("/var/log/tmp/*.log");
  EXPECT_TRUE(hp.paths.empty());
  ASSERT_EQ(1u, hp.skipped.size());
  EXPECT_NE(std::string::npos, hp.skipped[0].find("tmpfs at /var/log/tmp")) << hp.skipped[0];
}

TEST_F(HostPatternsTest, AFileOnlyInTheImageIsReadThroughTheMergedDir) {
  std::ofstream(dir_ + "/merged/etc/motd") << "hi\n";
  EXPECT_EQ(std::vector<std::string>{dir_ + "/merged/[e]tc/motd"}, Map("/etc/motd").paths);
  std::ofstream(dir_ + "/upper/var/log/w.log") << "w\n";
  EXPECT_EQ(std::vector<std::string>{dir_ + "/upper/var/log/w.log"}, Map("/var/log/w.log").paths);
  c_.state = "exited";  // no merged dir: the upper dir, where a write would land
  EXPECT_EQ(std::vector<std::string>{dir_ + "/upper/etc/motd"}, Map("/etc/motd").paths);
}

// The layers are plain directories here; what matters is the choice made
// from what each holds (tests/lc-render.bats does it on a real overlay).
TEST_F(HostPatternsTest, AFileOnlyInTheImageIsReadFromTheTopmostLayerThatHoldsIt) {
  system(("mkdir -p " + dir_ + "/l0/etc " + dir_ + "/l1/etc " + dir_ + "/l2/etc").c_str());
  c_.lowerdirs = {dir_ + "/l0", dir_ + "/l1", dir_ + "/l2"};
  std::ofstream(dir_ + "/merged/etc/motd") << "new\n";
  std::ofstream(dir_ + "/l1/etc/motd") << "new\n";
  std::ofstream(dir_ + "/l2/etc/motd") << "old\n";
  EXPECT_EQ(std::vector<std::string>{dir_ + "/l1/[e]tc/motd"}, Map("/etc/motd").paths);
  // Only what the merged dir shows: a file the layers hold and the container does not see stays out.
  std::ofstream(dir_ + "/l0/etc/gone") << "x\n";
  EXPECT_EQ(std::vector<std::string>{dir_ + "/upper/etc/gone"}, Map("/etc/gone").paths);
  // The container's own copy wins.
  system(("mkdir -p " + dir_ + "/upper/etc").c_str());
  std::ofstream(dir_ + "/upper/etc/motd") << "mine\n";
  EXPECT_EQ(std::vector<std::string>{dir_ + "/upper/etc/motd"}, Map("/etc/motd").paths);
}

TEST_F(HostPatternsTest, ALayerIsWalkedWithoutFollowingALink) {
  // l0 has etc -> the host's secrets; the merged dir (a higher layer's
  // directory) shows etc/shadow: never the host's file.
  system(("mkdir -p " + dir_ + "/l0 " + dir_ + "/l1/etc " + dir_ + "/secrets").c_str());
  std::ofstream(dir_ + "/secrets/shadow") << "host secret\n";
  ASSERT_EQ(0, symlink((dir_ + "/secrets").c_str(), (dir_ + "/l0/etc").c_str()));
  std::ofstream(dir_ + "/l1/etc/shadow") << "image\n";
  std::ofstream(dir_ + "/merged/etc/shadow") << "image\n";
  c_.lowerdirs = {dir_ + "/l0", dir_ + "/l1"};
  EXPECT_EQ(std::vector<std::string>{dir_ + "/merged/[e]tc/shadow"}, Map("/etc/shadow").paths);
  // A whiteout-like entry that is not a regular file: the merged dir too.
  c_.lowerdirs = {dir_ + "/l1"};
  ASSERT_EQ(0, mkfifo((dir_ + "/l1/etc/fifo").c_str(), 0600));
  std::ofstream(dir_ + "/merged/etc/fifo") << "x\n";
  EXPECT_EQ(std::vector<std::string>{dir_ + "/merged/[e]tc/fifo"}, Map("/etc/fifo").paths);
}

TEST_F(HostPatternsTest, SymlinksAreResolvedInTheContainerNeverOnTheHost) {
  ASSERT_EQ(0, symlink("/etc", (dir_ + "/merged/var/log/etc").c_str()));
  ASSERT_EQ(0, symlink((dir_ + "/vol").c_str(), (dir_ + "/merged/var/log/hostvol").c_str()));
  EXPECT_EQ(std::vector<std::string>{dir_ + "/upper/etc/*.log"}, Map("/var/log/etc/*.log").paths);
  // A symlink naming a host path means that path inside the container.
  EXPECT_EQ(std::vector<std::string>{dir_ + "/upper" + dir_ + "/vol/*.log"}, Map("/var/log/hostvol/*.log").paths);
  HostPatterns hp = Map("/var/log/*/../x.log");
  EXPECT_TRUE(hp.paths.empty());
  ASSERT_EQ(1u, hp.skipped.size());
}

TEST(ConfinedGlob, WritesTheFirstComponentAsAClass) {
  EXPECT_EQ("/b/x.log", ConfinedGlob("/b", "x.log"));
  EXPECT_EQ("/b/[a]pp/x.log", ConfinedGlob("/b", "app/x.log"));
  EXPECT_EQ("/b/.[h]idden/x", ConfinedGlob("/b", ".hidden/x"));
  EXPECT_EQ("/b/*/x", ConfinedGlob("/b", "*/x"));
  EXPECT_EQ("/b/.../x", ConfinedGlob("/b", ".../x"));  // no character to write as a class
}

}  // namespace
}  // namespace lc
