#include "common/metrics/cgroup_stats.h"

#include <gtest/gtest.h>

#include "testing/fake_file_system.h"

namespace lc {
namespace {

// The files of a v1 container as a 6.1 kernel writes them (abridged).
void V1Tree(FakeFileSystem* fs, const std::string& c) {
  fs->Create("/cg/cpuacct" + c + "/cpuacct.usage", "3066877023\n");
  fs->Create("/cg/cpuacct" + c + "/cpuacct.stat", "user 304\nsystem 2\n");
  fs->Create("/cg/cpu" + c + "/cpu.stat", "nr_periods 40\nnr_throttled 12\nthrottled_time 550000000\nnr_bursts 0\n");
  fs->Create("/cg/memory" + c + "/memory.usage_in_bytes", "10485760\n");
  fs->Create("/cg/memory" + c + "/memory.max_usage_in_bytes", "20971520\n");
  fs->Create("/cg/memory" + c + "/memory.limit_in_bytes", "67108864\n");
  fs->Create("/cg/memory" + c + "/memory.stat", "cache 0\ninactive_file 1\ntotal_inactive_file 1048576\n");
  fs->Create("/cg/memory" + c + "/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
  fs->Create("/cg/blkio" + c + "/blkio.throttle.io_service_bytes",
             "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\n8:0 Total 12288\n8:16 Read 100\n8:16 Write 0\nTotal 12388\n");
  fs->Create("/cg/blkio" + c + "/blkio.throttle.io_serviced", "8:0 Read 1\n8:0 Write 2\n8:0 Total 3\nTotal 3\n");
  fs->Create("/cg/pids" + c + "/pids.current", "3\n");
  fs->Create("/cg/pids" + c + "/pids.max", "max\n");
}

CgroupPaths V1Paths(const std::string& c) {
  CgroupPaths p;
  p.cpu = "/cg/cpu" + c;
  p.cpuacct = "/cg/cpuacct" + c;
  p.memory = "/cg/memory" + c;
  p.blkio = "/cg/blkio" + c;
  p.pids = "/cg/pids" + c;
  return p;
}

TEST(CgroupStatsTest, V1) {
  FakeFileSystem fs;
  V1Tree(&fs, "/docker/c1");
  CgroupStats s;
  ASSERT_TRUE(ReadCgroupStats(&fs, V1Paths("/docker/c1"), &s).ok());
  EXPECT_EQ(s.version, 1);
  EXPECT_EQ(s.cpu_usage_ns, 3066877023);
  EXPECT_EQ(s.cpu_user_ns, 3040000000);
  EXPECT_EQ(s.cpu_system_ns, 20000000);
  EXPECT_EQ(s.cpu_periods, 40);
  EXPECT_EQ(s.cpu_throttled_periods, 12);
  EXPECT_EQ(s.cpu_throttled_ns, 550000000);
  EXPECT_EQ(s.memory_usage, 10485760 - 1048576);  // working set, as docker stats
  EXPECT_EQ(s.memory_usage_total, 10485760);
  EXPECT_EQ(s.memory_peak, 20971520);
  EXPECT_EQ(s.memory_limit, 67108864);
  EXPECT_EQ(s.memory_oom_kills, 2);
  EXPECT_EQ(s.io_read_bytes, 4196);
  EXPECT_EQ(s.io_write_bytes, 8192);
  EXPECT_EQ(s.io_read_ops, 1);
  EXPECT_EQ(s.io_write_ops, 2);
  EXPECT_EQ(s.pids_current, 3);
  EXPECT_EQ(s.pids_limit, -1);
}

TEST(CgroupStatsTest, V1UnlimitedMemoryIsNoLimit) {
  FakeFileSystem fs;
  V1Tree(&fs, "/c");
  fs.Create("/cg/memory/c/memory.limit_in_bytes", "9223372036854771712\n");
  CgroupStats s;
  ASSERT_TRUE(ReadCgroupStats(&fs, V1Paths("/c"), &s).ok());
  EXPECT_EQ(s.memory_limit, -1);
}

TEST(CgroupStatsTest, V2) {
  FakeFileSystem fs;
  std::string d = "/cg/system.slice/docker-c1.scope";
  fs.Create(d + "/cpu.stat",
            "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 10\nnr_throttled 4\nthrottled_usec 300000\n");
  fs.Create(d + "/memory.current", "5000000\n");
  fs.Create(d + "/memory.peak", "7000000\n");
  fs.Create(d + "/memory.max", "max\n");
  fs.Create(d + "/memory.stat", "anon 4000000\nfile 1000000\nactive_file 0\ninactive_file 1000000\n");
  fs.Create(d + "/memory.events", "low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\noom_group_kill 0\n");
  fs.Create(d + "/io.stat", "8:0 rbytes=1024 wbytes=2048 rios=1 wios=2 dbytes=0 dios=0\n"
                            "8:16 rbytes=10 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
  fs.Create(d + "/pids.current", "2\n");
  fs.Create(d + "/pids.max", "100\n");
  CgroupPaths p;
  p.unified = d;
  CgroupStats s;
  ASSERT_TRUE(ReadCgroupStats(&fs, p, &s).ok());
  EXPECT_EQ(s.version, 2);
  EXPECT_EQ(s.cpu_usage_ns, 2500000000);
  EXPECT_EQ(s.cpu_user_ns, 2000000000);
  EXPECT_EQ(s.cpu_system_ns, 500000000);
  EXPECT_EQ(s.cpu_periods, 10);
  EXPECT_EQ(s.cpu_throttled_periods, 4);
  EXPECT_EQ(s.cpu_throttled_ns, 300000000);
  EXPECT_EQ(s.memory_usage, 4000000);
  EXPECT_EQ(s.memory_usage_total, 5000000);
  EXPECT_EQ(s.memory_peak, 7000000);
  EXPECT_EQ(s.memory_limit, -1);
  EXPECT_EQ(s.memory_oom_kills, 1);
  EXPECT_EQ(s.io_read_bytes, 1034);
  EXPECT_EQ(s.io_write_bytes, 2048);
  EXPECT_EQ(s.io_read_ops, 2);
  EXPECT_EQ(s.io_write_ops, 2);
  EXPECT_EQ(s.pids_current, 2);
  EXPECT_EQ(s.pids_limit, 100);
}

// Hybrid: v1 wins for what it has; v2's cpu.stat only fills gaps.
TEST(CgroupStatsTest, HybridPrefersV1) {
  FakeFileSystem fs;
  V1Tree(&fs, "/docker/c1");
  fs.Create("/cg/unified/docker/c1/cpu.stat", "usage_usec 1\nuser_usec 1\nsystem_usec 0\n");
  CgroupPaths p = V1Paths("/docker/c1");
  p.unified = "/cg/unified/docker/c1";
  CgroupStats s;
  ASSERT_TRUE(ReadCgroupStats(&fs, p, &s).ok());
  EXPECT_EQ(s.version, 1);
  EXPECT_EQ(s.cpu_usage_ns, 3066877023);
  p.cpuacct.clear();
  ASSERT_TRUE(ReadCgroupStats(&fs, p, &s).ok());
  EXPECT_EQ(s.cpu_usage_ns, 1000);
}

TEST(CgroupStatsTest, VanishedIsNotFoundAndDeniedIsAnError) {
  FakeFileSystem fs;
  CgroupStats s;
  EXPECT_TRUE(ReadCgroupStats(&fs, V1Paths("/gone"), &s).IsNotFound());
  V1Tree(&fs, "/c");
  fs.Deny("/cg/memory/c/memory.usage_in_bytes");
  Status st = ReadCgroupStats(&fs, V1Paths("/c"), &s);
  EXPECT_TRUE(st.IsIOError()) << st.ToString();
  EXPECT_NE(st.message().find("memory.usage_in_bytes"), std::string::npos);
}

}  // namespace
}  // namespace lc
