#include "common/base/self_metrics.h"

#include <cstdio>

#include <fmt/format.h>

#include "common/base/atomic_file.h"

namespace lc {

std::string SelfMetricsText(const std::string& tool, const std::vector<SelfMetric>& metrics) {
  std::string p;
  for (char c : tool) p += c == '-' ? '_' : c;
  std::string out;
  for (const SelfMetric& x : metrics) {
    out += fmt::format("# HELP {0}_{1} {2}\n# TYPE {0}_{1} {3}\n{0}_{1} {4}\n", p, x.name, x.help, x.type, x.value);
  }
  return out;
}

void WriteSelfMetrics(const char* tool, const std::string& path, const std::string& text, bool* said) {
  Status s = WriteFileAtomically(path, text);
  if (!s.ok() && !*said) std::fprintf(stderr, "%s: metrics file: %s\n", tool, s.message().c_str());
  *said = *said || !s.ok();
}

}  // namespace lc
