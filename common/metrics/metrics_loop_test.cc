#include "common/metrics/metrics_loop.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include "testing/fake_clock.h"
#include "testing/fake_file_system.h"

namespace lc {
namespace {

class MetricsLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(pipe2(pipe_, O_NONBLOCK), 0);  // an empty read says "", never blocks
    out_ = std::make_unique<OutputWriter>(pipe_[1]);
    fs_.Create("/cg/cgroup.controllers", "cpu memory\n");
    ASSERT_TRUE(locator_.LoadRoot("/cg").ok());
    opt_.host_name = "n1";
    opt_.kept_files = 100;  // as lc-metrics runs: pseudo-files kept open between samples
  }
  void TearDown() override {
    close(pipe_[0]);
    close(pipe_[1]);
  }
  void Container(const std::string& id, int64_t pid, int64_t usage_usec) {
    fs_.Create("/cg/docker/" + id + "/cpu.stat", "usage_usec " + std::to_string(usage_usec) + "\n");
    fs_.Create("/proc/" + std::to_string(pid) + "/cgroup", "0::/docker/" + id + "\n");
  }
  std::string Output() {
    std::string got;
    char buf[65536];
    ssize_t n = read(pipe_[0], buf, sizeof buf);
    if (n > 0) got.assign(buf, static_cast<size_t>(n));
    return got;
  }
  int Count(const std::string& s, const std::string& what) {
    int n = 0;
    for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
  }

  int pipe_[2];
  FakeFileSystem fs_;
  FakeClock clock_;
  CgroupLocator locator_{&fs_, "/proc"};
  std::unique_ptr<OutputWriter> out_;
  MetricsOptions opt_;
};

TEST_F(MetricsLoopTest, OneRecordPerFollowedContainerRemoveAndSyncDrop) {
  MetricsLoop loop(&fs_, &clock_, &locator_, out_.get(), opt_);
  Container("c1", 11, 1000);
  Container("c2", 12, 2000);
  ASSERT_TRUE(loop.ApplyEvent(R"({"event":"upsert","id":"c1","name":"one","pid":11,"state":"running"})").ok());
  ASSERT_TRUE(loop.ApplyEvent(R"({"event":"upsert","id":"c2","name":"two","pid":12,"state":"running"})").ok());
  ASSERT_TRUE(loop.Sample().ok());
  std::string got = Output();
  EXPECT_EQ(Count(got, "\n"), 2);
  EXPECT_NE(got.find(R"("container.name":"one","container.cpu.time":0.001000000)"), std::string::npos) << got;
  EXPECT_NE(got.find(R"("container.name":"two","container.cpu.time":0.002000000)"), std::string::npos) << got;

  ASSERT_TRUE(loop.ApplyEvent(R"({"event":"remove","id":"c1"})").ok());
  ASSERT_TRUE(loop.Sample().ok());
  got = Output();
  EXPECT_EQ(Count(got, "\n"), 1);
  EXPECT_EQ(got.find("\"one\""), std::string::npos);

  ASSERT_TRUE(loop.ApplyEvent(R"({"event":"sync","ids":[]})").ok());
  EXPECT_EQ(loop.followed(), 0u);
  EXPECT_TRUE(loop.ApplyEvent("not json").IsInvalidArgument());
}

// Located once per pid: a sample re-reads the counters, not /proc/<pid>/cgroup.
TEST_F(MetricsLoopTest, LocatedOncePerPidVanishedSkippedQuietly) {
  MetricsLoop loop(&fs_, &clock_, &locator_, out_.get(), opt_);
  Container("c1", 11, 1000);
  ASSERT_TRUE(loop.ApplyEvent(R"({"event":"upsert","id":"c1","pid":11,"state":"running"})").ok());
  ASSERT_TRUE(loop.Sample().ok());
  EXPECT_EQ(Count(Output(), "\n"), 1);
  fs_.Remove("/proc/11/cgroup");
  fs_.Rewrite("/cg/docker/c1/cpu.stat", "usage_usec 5000\n");
  ASSERT_TRUE(loop.Sample().ok());
  EXPECT_NE(Output().find("\"container.cpu.time\":0.005000000"), std::string::npos);

  fs_.Vanish("/cg/docker/c1/cpu.stat");  // stopped between the event and the read
  ASSERT_TRUE(loop.Sample().ok());
  ASSERT_TRUE(loop.Sample().ok());
  EXPECT_EQ(Output(), "");
  // Restarted: a new pid is located again.
  Container("c1", 21, 7000);
  ASSERT_TRUE(loop.ApplyEvent(R"({"event":"upsert","id":"c1","pid":21,"state":"running"})").ok());
  ASSERT_TRUE(loop.Sample().ok());
  EXPECT_NE(Output().find("\"container.cpu.time\":0.007000000"), std::string::npos);
}

TEST_F(MetricsLoopTest, PseudoFilesKeptBetweenSamplesAndClosedWhenGone) {
  MetricsLoop loop(&fs_, &clock_, &locator_, out_.get(), opt_);
  Container("c1", 11, 1000);
  Container("c2", 12, 2000);
  fs_.Create("/proc/12/net/dev", "h1\nh2\n  eth0: 1 2 0 0 0 0 0 0 3 4 0 0 0 0 0 0\n");
  ASSERT_TRUE(loop.ApplyEvent(R"({"event":"upsert","id":"c1","pid":11,"state":"running"})").ok());
  ASSERT_TRUE(loop.ApplyEvent(R"({"event":"upsert","id":"c2","pid":12,"state":"running"})").ok());
  ASSERT_TRUE(loop.Sample().ok());
  EXPECT_EQ(fs_.open_files(), 3);  // both cpu.stat, c2's net/dev; the rest is not there
  fs_.Rewrite("/cg/docker/c1/cpu.stat", "usage_usec 3000\n");
  Output();
  ASSERT_TRUE(loop.Sample().ok());
  EXPECT_NE(Output().find("\"container.cpu.time\":0.003000000"), std::string::npos);
  EXPECT_EQ(fs_.open_files(), 3);
  ASSERT_TRUE(loop.ApplyEvent(R"({"event":"remove","id":"c1"})").ok());
  EXPECT_EQ(fs_.open_files(), 2);
  // c2 stops before its remove event: its cgroup is removed; its net/dev
  // would still read (the kept descriptor holds the network namespace).
  fs_.Vanish("/cg/docker/c2/cpu.stat");
  ASSERT_TRUE(loop.Sample().ok());
  EXPECT_EQ(fs_.open_files(), 0);
}

TEST_F(MetricsLoopTest, PrometheusFileWrittenAtomicallyEachSample) {
  opt_.prometheus_path = "/out/metrics.prom";
  MetricsLoop loop(&fs_, &clock_, &locator_, out_.get(), opt_);
  Container("c1", 11, 3000000);
  ASSERT_TRUE(loop.ApplyEvent(R"({"event":"upsert","id":"c1","name":"one","pid":11,"state":"running"})").ok());
  ASSERT_TRUE(loop.Sample().ok());
  Output();
  EXPECT_NE(fs_.Content("/out/metrics.prom").find("container_cpu_time_seconds_total{container_id=\"c1\",container_name=\"one\"} 3.000000000\n"),
            std::string::npos)
      << fs_.Content("/out/metrics.prom");
  EXPECT_EQ(fs_.PathsUnder("/out/").size(), 1u);  // no temp left behind
  fs_.FailWrites(ENOSPC, "/out/");
  EXPECT_TRUE(loop.Sample().IsIOError());
}

// A rise of the OOM kill count between two samples is told once, before
// the sample; the first sample of a pid only sets where it starts.
TEST_F(MetricsLoopTest, OomKillsRisingGiveAnOomRecord) {
  MetricsLoop loop(&fs_, &clock_, &locator_, out_.get(), opt_);
  Container("c1", 11, 1000);
  fs_.Create("/cg/docker/c1/memory.current", "100\n");
  fs_.Create("/cg/docker/c1/memory.events", "oom 1\noom_kill 1\n");
  ASSERT_TRUE(loop.ApplyEvent(R"({"event":"upsert","id":"c1","name":"one","pid":11,"state":"running"})").ok());
  ASSERT_TRUE(loop.Sample().ok());
  EXPECT_EQ(Output().find("container.oom\""), std::string::npos);
  fs_.Rewrite("/cg/docker/c1/memory.events", "oom 3\noom_kill 3\n");
  ASSERT_TRUE(loop.Sample().ok());
  std::string got = Output();
  EXPECT_EQ(got.find("{\"time\""), 0u);
  EXPECT_NE(got.find(R"("body":"container one: 2 processes killed by the OOM killer","event.name":"container.oom")"),
            std::string::npos)
      << got;
  EXPECT_EQ(Count(got, "\n"), 2);
  ASSERT_TRUE(loop.Sample().ok());
  EXPECT_EQ(Count(Output(), "container.oom\""), 0);
}

}  // namespace
}  // namespace lc
