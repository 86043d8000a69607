// MetricRecord: one sample of one container as a record of the record stream
// (lc-streams(7), RECORDS; lc-metrics(1), RECORDS): "time" (when sampled),
// "body" ("container.metrics"), "event.name" ("container.metrics"),
// host.name, the container's tags (container_tags.h), then the metrics under
// their OpenTelemetry names, flat:
//
//   container.cpu.time[.user|.system]          seconds (counter)
//   container.cpu.periods, container.cpu.throttled.periods   (counters)
//   container.cpu.throttled.time               seconds (counter)
//   container.memory.usage                     bytes, working set
//   container.memory.usage.total, .peak, .limit   bytes
//   container.memory.oom_kills                 count (counter)
//   container.disk.io.read|write               bytes (counter)
//   container.disk.operations.read|write       count (counter)
//   container.pids.count, container.pids.limit
//   container.network.io.receive|transmit      bytes (counter)
//   container.network.packets.receive|transmit count (counter)
//   lc.cgroup.version                          1 or 2
//
// A value the host does not give (-1 in CgroupStats; no network without a
// pid) is left out, never written as 0.  MetricNames lists every metric
// field with its unit and kind, for the Prometheus text and the man page.
#ifndef LC_COMMON_METRICS_METRIC_RECORD_H_
#define LC_COMMON_METRICS_METRIC_RECORD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/metrics/cgroup_stats.h"
#include "common/metrics/net_dev_stats.h"
#include "common/stream/container_event.h"
#include "common/stream/record.h"

namespace lc {

struct MetricSample {
  int64_t time = 0;  // wall nanoseconds
  CgroupStats cgroup;
  bool has_net = false;
  NetDevStats net;
};

// One metric of a sample: its field name, value, and what it is.
struct MetricValue {
  const char* name;  // "container.cpu.time"
  int64_t raw;       // nanoseconds when unit is "seconds", else the value
  bool counter;      // monotonic (Prometheus "counter"), else "gauge"
  const char* unit;  // "seconds", "bytes", "" (a count)
  const char* help;
  // The value as JSON and Prometheus write it: "12" or "1.500000000" seconds.
  std::string Text() const;
};

// The metrics of `s` that it has, in the order above.
std::vector<MetricValue> MetricValues(const MetricSample& s);

// The record of `s` for container `c`.
Record MetricRecord(const ContainerInfo& c, const MetricSample& s, const std::string& host_name);

// The record that says `killed` more processes of `c` were killed by the OOM
// killer since the last sample: event.name "container.oom", the tags, and
// container.memory.oom_kills (the total).  As lc-discover --records writes
// it, so a sink sees one kind of OOM record whoever saw it.
Record OomRecord(const ContainerInfo& c, const MetricSample& s, int64_t killed, const std::string& host_name);

}  // namespace lc

#endif  // LC_COMMON_METRICS_METRIC_RECORD_H_
