// PrometheusText: the samples of one interval in the Prometheus text
// exposition format (version 0.0.4), for node_exporter's textfile collector
// (lc-metrics --prometheus FILE, written atomically each interval).
//
// A record field becomes a metric name with "_" for ".", its unit appended
// ("_seconds", "_bytes") and "_total" for a counter:
// container.cpu.time -> container_cpu_time_seconds_total.  Each metric has
// one "# HELP" and "# TYPE" line, then one sample per container, labelled
// with the container's tags (container_id, container_name,
// container_image_name, k8s_namespace_name, k8s_pod_name, k8s_pod_uid,
// k8s_container_name; empty ones left out), label values escaped (\\, \",
// \n).  No time stamps: the collector stamps the file's samples itself.
#ifndef LC_COMMON_METRICS_PROMETHEUS_TEXT_H_
#define LC_COMMON_METRICS_PROMETHEUS_TEXT_H_

#include <string>
#include <vector>

#include "common/metrics/metric_record.h"
#include "common/stream/container_event.h"

namespace lc {

struct ContainerSample {
  const ContainerInfo* container;
  MetricSample sample;
};

// "container.cpu.time", counter, "seconds" -> "container_cpu_time_seconds_total".
std::string PrometheusName(const MetricValue& m);

// The whole file's text.
std::string PrometheusText(const std::vector<ContainerSample>& samples);

}  // namespace lc

#endif  // LC_COMMON_METRICS_PROMETHEUS_TEXT_H_
