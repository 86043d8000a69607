#include "common/metrics/metric_record.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(MetricRecordTest, FieldsUnderOpenTelemetryNamesAbsentValuesLeftOut) {
  ContainerInfo c;
  c.id = "c1";
  c.name = "web";
  c.image = "nginx";
  c.k8s.namespace_name = "prod";
  c.k8s.pod = "web-0";
  MetricSample s;
  s.time = 1'700'000'000'000'000'000;
  s.cgroup.version = 2;
  s.cgroup.cpu_usage_ns = 1'500'000'001;
  s.cgroup.memory_usage = 4096;
  s.has_net = true;
  s.net.rx_bytes = 7;
  Record r = MetricRecord(c, s, "node-1");
  std::string line;
  AppendRecord(r, &line);
  EXPECT_EQ(line,
            "{\"time\":\"2023-11-14T22:13:20.000000000Z\",\"body\":\"container.metrics\","
            "\"event.name\":\"container.metrics\",\"host.name\":\"node-1\",\"container.id\":\"c1\","
            "\"container.name\":\"web\",\"container.image.name\":\"nginx\",\"k8s.namespace.name\":\"prod\","
            "\"k8s.pod.name\":\"web-0\",\"container.cpu.time\":1.500000001,\"container.memory.usage\":4096,"
            "\"container.network.io.receive\":7,\"container.network.io.transmit\":0,"
            "\"container.network.packets.receive\":0,\"container.network.packets.transmit\":0,"
            "\"lc.cgroup.version\":2}\n");
  Record back;
  ASSERT_TRUE(DecodeRecord(line.substr(0, line.size() - 1), &back).ok());
}

TEST(MetricRecordTest, SecondsText) {
  MetricValue m{"x", 12'000'000'005, true, "seconds", ""};
  EXPECT_EQ(m.Text(), "12.000000005");
  MetricValue b{"y", 12, false, "bytes", ""};
  EXPECT_EQ(b.Text(), "12");
}

}  // namespace
}  // namespace lc
