#include "common/metrics/prometheus_text.h"

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(PrometheusTextTest, NamesWithUnitAndTotal) {
  EXPECT_EQ(PrometheusName({"container.cpu.time", 0, true, "seconds", ""}), "container_cpu_time_seconds_total");
  EXPECT_EQ(PrometheusName({"container.memory.usage", 0, false, "bytes", ""}), "container_memory_usage_bytes");
  EXPECT_EQ(PrometheusName({"container.memory.oom_kills", 0, true, "", ""}), "container_memory_oom_kills_total");
}

TEST(PrometheusTextTest, OneHelpAndTypePerMetricLabelsEscaped) {
  ContainerInfo a, b;
  a.id = "a1";
  a.name = "we\"b\\1";
  b.id = "b2";
  b.k8s.namespace_name = "prod";
  MetricSample s;
  s.cgroup.cpu_usage_ns = 2'000'000'000;
  s.cgroup.memory_usage = 10;
  MetricSample t = s;
  t.cgroup.memory_usage = 20;
  std::string text = PrometheusText({{&a, s}, {&b, t}});
  EXPECT_EQ(text,
            "# HELP container_cpu_time_seconds_total CPU time used by the container\n"
            "# TYPE container_cpu_time_seconds_total counter\n"
            "container_cpu_time_seconds_total{container_id=\"a1\",container_name=\"we\\\"b\\\\1\"} 2.000000000\n"
            "container_cpu_time_seconds_total{container_id=\"b2\",k8s_namespace_name=\"prod\"} 2.000000000\n"
            "# HELP container_memory_usage_bytes Memory working set (usage less inactive file cache)\n"
            "# TYPE container_memory_usage_bytes gauge\n"
            "container_memory_usage_bytes{container_id=\"a1\",container_name=\"we\\\"b\\\\1\"} 10\n"
            "container_memory_usage_bytes{container_id=\"b2\",k8s_namespace_name=\"prod\"} 20\n");
  EXPECT_EQ(PrometheusText({}), "");
}

}  // namespace
}  // namespace lc
