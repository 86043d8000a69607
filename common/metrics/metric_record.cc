#include "common/metrics/metric_record.h"

#include <cstdio>

#include "common/base/rfc3339.h"
#include "common/discover/container_tags.h"

namespace lc {

std::string MetricValue::Text() const {
  if (std::string_view(unit) != "seconds") return std::to_string(raw);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%09lld", static_cast<long long>(raw / 1'000'000'000),
                static_cast<long long>(raw % 1'000'000'000));
  return buf;
}

std::vector<MetricValue> MetricValues(const MetricSample& s) {
  const CgroupStats& c = s.cgroup;
  std::vector<MetricValue> v;
  auto add = [&](const char* name, int64_t raw, bool counter, const char* unit, const char* help) {
    if (raw >= 0) v.push_back({name, raw, counter, unit, help});
  };
  add("container.cpu.time", c.cpu_usage_ns, true, "seconds", "CPU time used by the container");
  add("container.cpu.time.user", c.cpu_user_ns, true, "seconds", "CPU time used in user mode");
  add("container.cpu.time.system", c.cpu_system_ns, true, "seconds", "CPU time used in kernel mode");
  add("container.cpu.periods", c.cpu_periods, true, "", "CFS enforcement periods elapsed");
  add("container.cpu.throttled.periods", c.cpu_throttled_periods, true, "", "CFS periods in which the container was throttled");
  add("container.cpu.throttled.time", c.cpu_throttled_ns, true, "seconds", "Time the container was throttled");
  add("container.memory.usage", c.memory_usage, false, "bytes", "Memory working set (usage less inactive file cache)");
  add("container.memory.usage.total", c.memory_usage_total, false, "bytes", "Memory usage with the page cache");
  add("container.memory.peak", c.memory_peak, false, "bytes", "Highest memory usage recorded");
  add("container.memory.limit", c.memory_limit, false, "bytes", "Memory limit");
  add("container.memory.oom_kills", c.memory_oom_kills, true, "", "Processes killed by the OOM killer in the container");
  add("container.disk.io.read", c.io_read_bytes, true, "bytes", "Bytes read from block devices");
  add("container.disk.io.write", c.io_write_bytes, true, "bytes", "Bytes written to block devices");
  add("container.disk.operations.read", c.io_read_ops, true, "", "Read operations on block devices");
  add("container.disk.operations.write", c.io_write_ops, true, "", "Write operations on block devices");
  add("container.pids.count", c.pids_current, false, "", "Processes and threads in the container");
  add("container.pids.limit", c.pids_limit, false, "", "Limit of processes and threads");
  if (s.has_net) {
    add("container.network.io.receive", s.net.rx_bytes, true, "bytes", "Bytes received");
    add("container.network.io.transmit", s.net.tx_bytes, true, "bytes", "Bytes transmitted");
    add("container.network.packets.receive", s.net.rx_packets, true, "", "Packets received");
    add("container.network.packets.transmit", s.net.tx_packets, true, "", "Packets transmitted");
  }
  return v;
}

Record MetricRecord(const ContainerInfo& c, const MetricSample& s, const std::string& host_name) {
  Record r;
  r.time = FormatRfc3339Nanos(s.time);
  r.body = "container.metrics";
  r.fields.push_back({"event.name", "container.metrics", true});
  if (!host_name.empty()) r.fields.push_back({"host.name", host_name, true});
  AppendContainerTags(c, &r.fields);
  for (const MetricValue& m : MetricValues(s)) r.fields.push_back({m.name, m.Text(), false});
  if (s.cgroup.version > 0) r.fields.push_back({"lc.cgroup.version", std::to_string(s.cgroup.version), false});
  return r;
}

Record OomRecord(const ContainerInfo& c, const MetricSample& s, int64_t killed, const std::string& host_name) {
  Record r;
  r.time = FormatRfc3339Nanos(s.time);
  r.body = "container " + (c.name.empty() ? c.id.substr(0, 12) : c.name) + ": " + std::to_string(killed) +
           (killed == 1 ? " process" : " processes") + " killed by the OOM killer";
  r.fields.push_back({"event.name", "container.oom", true});
  if (!host_name.empty()) r.fields.push_back({"host.name", host_name, true});
  AppendContainerTags(c, &r.fields);
  r.fields.push_back({"container.memory.oom_kills", std::to_string(s.cgroup.memory_oom_kills), false});
  return r;
}

}  // namespace lc
