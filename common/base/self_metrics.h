// SelfMetrics: what a tool tells about itself with --metrics-file (files
// followed, containers known, records, errors…): named gauges and counters
// in the Prometheus text format, names lc_<tool>_<name> ("lc-discover" ->
// lc_discover_…), for node_exporter's textfile collector and lc-agent
// status.  The caller writes the text atomically (atomic_file.h), so a
// reader never sees half of it.
#ifndef LC_COMMON_BASE_SELF_METRICS_H_
#define LC_COMMON_BASE_SELF_METRICS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace lc {

struct SelfMetric {
  const char* name;  // without the lc_<tool>_ prefix
  const char* type;  // "gauge" or "counter" (then the name ends in _total)
  const char* help;
  int64_t value;
};

std::string SelfMetricsText(const std::string& tool, const std::vector<SelfMetric>& metrics);

// Writes `text` to `path` atomically; a failure is said on stderr
// ("<tool>: <why>") the first time only (*said), and the tool goes on.
void WriteSelfMetrics(const char* tool, const std::string& path, const std::string& text, bool* said);

}  // namespace lc

#endif  // LC_COMMON_BASE_SELF_METRICS_H_
