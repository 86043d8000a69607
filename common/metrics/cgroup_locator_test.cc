#include "common/metrics/cgroup_locator.h"

#include <gtest/gtest.h>

#include "testing/fake_file_system.h"

namespace lc {
namespace {

const std::string kId = "a79b399a9fb3a0c219d7ee7da499ab426e73f14bdcd052d920331097ed5b4cc5";

// The hybrid host of the CI machines: v1 controllers, cpu and cpuacct
// apart, v2 at /sys/fs/cgroup/unified.
const char kHybridMountInfo[] =
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

TEST(CgroupLocatorTest, HybridHostFromMountInfoAndProcPidCgroup) {
  FakeFileSystem fs;
  std::string p = "/docker/" + kId;
  fs.Create("/proc/42/cgroup", "9:name=systemd:" + p + "\n8:pids:" + p + "\n7:blkio:" + p + "\n4:memory:" + p +
                                   "\n2:cpuacct:" + p + "\n1:cpu:" + p + "\n0::" + p + "\n");
  CgroupLocator loc(&fs, "/proc");
  loc.LoadMountInfo(kHybridMountInfo);
  ASSERT_TRUE(loc.has_mounts());
  CgroupPaths got;
  ASSERT_TRUE(loc.Locate(42, kId, &got).ok());
  EXPECT_EQ(got.cpu, "/sys/fs/cgroup/cpu" + p);
  EXPECT_EQ(got.cpuacct, "/sys/fs/cgroup/cpuacct" + p);
  EXPECT_EQ(got.memory, "/sys/fs/cgroup/memory" + p);
  EXPECT_EQ(got.blkio, "/sys/fs/cgroup/blkio" + p);
  EXPECT_EQ(got.pids, "/sys/fs/cgroup/pids" + p);
  EXPECT_EQ(got.unified, "/sys/fs/cgroup/unified" + p);
}

TEST(CgroupLocatorTest, CombinedV1ControllersAndSubtreeMounts) {
  FakeFileSystem fs;
  fs.Create("/host/proc/7/cgroup", "3:cpu,cpuacct:/kubepods/pod1/" + kId + "\n2:memory:/kubepods/pod1/" + kId + "\n");
  CgroupLocator loc(&fs, "/host/proc");
  loc.LoadMountInfo(
      "50 1 0:40 /kubepods /c/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
      "51 1 0:41 / /c/mem\\040ory rw - cgroup cgroup rw,memory\n");
  CgroupPaths got;
  ASSERT_TRUE(loc.Locate(7, kId, &got).ok());
  EXPECT_EQ(got.cpu, "/c/cpu,cpuacct/pod1/" + kId);
  EXPECT_EQ(got.cpuacct, got.cpu);
  EXPECT_EQ(got.memory, "/c/mem ory/kubepods/pod1/" + kId);
  EXPECT_EQ(got.unified, "");
}

TEST(CgroupLocatorTest, PureV2RootAndGuessByIdWhenThePidSaysNothing) {
  FakeFileSystem fs;
  fs.Create("/cg/cgroup.controllers", "cpu memory io pids\n");
  fs.Create("/cg/system.slice/docker-" + kId + ".scope/cpu.stat", "usage_usec 1\n");
  CgroupLocator loc(&fs, "/proc");
  ASSERT_TRUE(loc.LoadRoot("/cg").ok());
  CgroupPaths got;
  ASSERT_TRUE(loc.Locate(0, kId, &got).ok());
  EXPECT_EQ(got.unified, "/cg/system.slice/docker-" + kId + ".scope");
  EXPECT_EQ(got.memory, "");
  EXPECT_TRUE(loc.Locate(0, "deadbeef", &got).IsNotFound());
}

TEST(CgroupLocatorTest, HybridRootLayout) {
  FakeFileSystem fs;
  fs.Create("/cg/memory/docker/" + kId + "/memory.usage_in_bytes", "1\n");
  fs.Create("/cg/cpu,cpuacct/docker/" + kId + "/cpuacct.usage", "1\n");
  fs.Create("/cg/unified/docker/" + kId + "/cgroup.procs", "");
  CgroupLocator loc(&fs, "/proc");
  ASSERT_TRUE(loc.LoadRoot("/cg").ok());
  CgroupPaths got;
  ASSERT_TRUE(loc.Locate(99, kId, &got).ok());  // no /proc/99: guessed
  EXPECT_EQ(got.memory, "/cg/memory/docker/" + kId);
  EXPECT_EQ(got.cpuacct, "/cg/cpu,cpuacct/docker/" + kId);
  EXPECT_EQ(got.unified, "/cg/unified/docker/" + kId);
  EXPECT_EQ(got.blkio, "");
  EXPECT_TRUE(CgroupLocator(&fs, "/proc").LoadRoot("/nowhere").IsNotFound());
}

// A pid reused by a host process after the container died names the host's
// cgroups, not the container's: not taken.
TEST(CgroupLocatorTest, PidOfAnotherCgroupIsNotTaken) {
  FakeFileSystem fs;
  fs.Create("/proc/42/cgroup", "0::/user.slice/session-1.scope\n");
  CgroupLocator loc(&fs, "/proc");
  loc.LoadMountInfo("41 31 0:38 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
  CgroupPaths got;
  EXPECT_TRUE(loc.Locate(42, kId, &got).IsNotFound());
}

TEST(CgroupLocatorTest, UnreadableProcIsAnError) {
  FakeFileSystem fs;
  fs.Create("/proc/42/cgroup", "0::/docker/" + kId + "\n");
  fs.Deny("/proc/42/cgroup");
  CgroupLocator loc(&fs, "/proc");
  loc.LoadMountInfo("41 31 0:38 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
  CgroupPaths got;
  EXPECT_TRUE(loc.Locate(42, kId, &got).IsIOError());
}

}  // namespace
}  // namespace lc
