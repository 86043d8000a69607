#include "common/render/container_view.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

ContainerInfo Container() {
  ContainerInfo c;
  c.state = "running";
  c.upperdir = "/d/overlay2/abc/diff";
  c.rootfs = "/d/overlay2/abc/merged";
  c.mounts = {{"/srv/logs", "/var/log", true}, {"/vol/app/_data", "/var/log/app", true}, {"", "/run/tmp", true},
              {"/h/logs2", "/var/logs2/", true}};
  return c;
}

TEST(ContainerView, TheLongestMountPrefixOnASlashBoundaryWins) {
  ContainerInfo c = Container();
  ContainerView v(c);
  HostLocation l = v.Locate("/var/log/app/a.log");
  EXPECT_EQ(HostLocation::kMount, l.kind);
  EXPECT_EQ("/vol/app/_data/a.log", l.HostPath());
  EXPECT_EQ("/var/log/app", l.destination);
  EXPECT_EQ("/srv/logs/apps/x.log", v.Locate("/var/log/apps/x.log").HostPath());  // not /var/log/app
  EXPECT_EQ("/srv/logs", v.Locate("/var/log").HostPath());
  EXPECT_EQ("/h/logs2/x", v.Locate("/var/logs2/x").HostPath());  // a trailing '/' in a destination
  l = v.Locate("/var/lo");
  EXPECT_EQ(HostLocation::kUpper, l.kind);
  EXPECT_EQ("/d/overlay2/abc/diff/var/lo", l.HostPath());
}

TEST(ContainerView, TmpfsIsNotReadableAndWithoutLayersNothingIs) {
  ContainerInfo c = Container();
  ContainerView v(c);
  EXPECT_EQ(HostLocation::kTmpfs, v.Locate("/run/tmp/x.log").kind);
  EXPECT_EQ("", v.LookPath("/run/tmp/x.log"));
  ContainerInfo bare;
  ContainerView b(bare);
  EXPECT_EQ(HostLocation::kNone, b.Locate("/x").kind);
  bare.rootfs = "/m";
  EXPECT_EQ(HostLocation::kRootfs, ContainerView(bare).Locate("/x").kind);
}

TEST(ContainerView, LooksThroughTheMergedDirOnlyWhileItRuns) {
  ContainerInfo c = Container();
  ContainerView v(c);
  EXPECT_EQ("/d/overlay2/abc/merged/etc/passwd", v.LookPath("/etc/passwd"));
  EXPECT_EQ("/vol/app/_data/x", v.LookPath("/var/log/app/x"));
  c.state = "exited";
  EXPECT_EQ("/d/overlay2/abc/diff/etc/passwd", v.LookPath("/etc/passwd"));
}

TEST(ContainerView, MountsBelowADirectory) {
  ContainerInfo c = Container();
  ContainerView v(c);
  std::vector<const ContainerMount*> below = v.MountsBelow("/var");
  ASSERT_EQ(3u, below.size());
  EXPECT_EQ(1u, v.MountsBelow("/var/log").size());
  EXPECT_EQ(4u, v.MountsBelow("/").size());
}

TEST(ContainerView, NormalizesAndClampsDotDotAtTheRoot) {
  EXPECT_EQ("/b", NormalizeContainerPath("/a/../../b"));
  EXPECT_EQ("/", NormalizeContainerPath("/.."));
  EXPECT_EQ("/a/c", NormalizeContainerPath("//a/./b/../c/"));
  EXPECT_TRUE(PathHasPrefix("/var/log/a", "/var/log"));
  EXPECT_FALSE(PathHasPrefix("/var/logs", "/var/log"));
  EXPECT_TRUE(PathHasPrefix("/x", "/"));
}

}  // namespace
}  // namespace lc
