#include "common/render/in_container_resolver.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace lc {
namespace {

// Real directories and symlinks: an upper dir, a "merged" dir standing in for
// the overlay mount (a plain copy of what it would show), a volume, and a
// host secret that no resolution may reach.
class InContainerResolver : public ::testing::Test {
 protected:
  void SetUp() override {
    char d[] = "/tmp/in_container_resolver_test.XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(d));
    dir_ = d;
    for (const char* sub : {"/upper/var/log", "/merged/var/log", "/merged/etc", "/vol", "/host/etc"}) {
      Mkdirs(dir_ + sub);
    }
    c_.state = "running";
    c_.upperdir = dir_ + "/upper";
    c_.rootfs = dir_ + "/merged";
    c_.mounts = {{dir_ + "/vol", "/data", true}};
  }
  void TearDown() override { system(("rm -rf " + dir_).c_str()); }
  void Mkdirs(const std::string& p) { system(("mkdir -p " + p).c_str()); }
  // A symlink as the container sees it: in the merged dir (and the upper).
  void Link(const std::string& where, const std::string& target) {
    ASSERT_EQ(0, symlink(target.c_str(), (dir_ + where).c_str())) << where;
  }
  std::string Resolve(const std::string& p, bool last = true) {
    ContainerView v(c_);
    std::string out;
    Status s = ResolveInContainer(RealFileSystem(), v, p, last, &out);
    EXPECT_TRUE(s.ok()) << s.message();
    return out;
  }
  std::string dir_;
  ContainerInfo c_;
};

TEST_F(InContainerResolver, AnAbsoluteSymlinkMeansTheContainersOwnPath) {
  Link("/merged/var/log/shadow.log", "/etc/shadow");
  EXPECT_EQ("/etc/shadow", Resolve("/var/log/shadow.log"));
  // The host's path (dir_/host/etc) is never where it points.
  Link("/merged/var/log/hostlink", dir_ + "/host/etc");
  EXPECT_EQ(dir_ + "/host/etc/secret", Resolve("/var/log/hostlink/secret"));  // a container path, mapped later
}

TEST_F(InContainerResolver, DotDotChainsStopAtTheContainersRoot) {
  Link("/merged/var/log/up", "../../../../../../etc");
  EXPECT_EQ("/etc/passwd", Resolve("/var/log/up/passwd"));
  EXPECT_EQ("/etc", Resolve("/var/log/../../../../etc"));
}

TEST_F(InContainerResolver, ASymlinkedDirectoryIntoAMountLandsInTheMount) {
  Link("/merged/var/log/app", "/data/app");
  EXPECT_EQ("/data/app/x.log", Resolve("/var/log/app/x.log"));
  ContainerView v(c_);
  EXPECT_EQ(dir_ + "/vol/app/x.log", v.Locate(Resolve("/var/log/app/x.log")).HostPath());
  // A symlink inside the mount is read from the mount's source.
  Mkdirs(dir_ + "/vol/app");
  Link("/vol/app/cur", "../real");
  EXPECT_EQ("/data/real", Resolve("/var/log/app/cur"));
}

TEST_F(InContainerResolver, TheLastComponentIsKeptWhenAsked) {
  Link("/merged/var/log/a.log", "/etc/b.log");
  EXPECT_EQ("/var/log/a.log", Resolve("/var/log/a.log", false));
  EXPECT_EQ("/etc/b.log", Resolve("/var/log/a.log", true));
}

TEST_F(InContainerResolver, AMissingComponentEndsTheResolution) {
  EXPECT_EQ("/var/log/later/x.log", Resolve("/var/log/later/x.log"));
  EXPECT_EQ("/var/x.log", Resolve("/var/log/later/../../x.log"));
}

TEST_F(InContainerResolver, ALoopIsAnError) {
  Link("/merged/var/log/a", "b");
  Link("/merged/var/log/b", "a");
  ContainerView v(c_);
  std::string out;
  Status s = ResolveInContainer(RealFileSystem(), v, "/var/log/a/x", true, &out);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(std::string::npos, s.message().find("too many levels of symlinks")) << s.message();
}

TEST_F(InContainerResolver, AStoppedContainerIsLookedAtInItsUpperDir) {
  c_.state = "exited";
  Link("/upper/var/log/u", "/srv/u");
  Link("/merged/var/log/m", "/srv/m");  // the merged dir is gone once it stops
  EXPECT_EQ("/srv/u/x", Resolve("/var/log/u/x"));
  EXPECT_EQ("/var/log/m/x", Resolve("/var/log/m/x"));
}

}  // namespace
}  // namespace lc
