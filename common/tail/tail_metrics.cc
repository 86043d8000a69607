#include "common/tail/tail_metrics.h"

#include <fmt/format.h>

namespace lc {

std::string TailMetricsText(const TailMetrics& m, const std::string& tool) {
  std::string p;
  for (char c : tool) p += c == '-' ? '_' : c;
  struct Metric {
    const char* name;
    const char* type;
    const char* help;
    int64_t value;
  };
  const Metric metrics[] = {
      {"files", "gauge", "Files followed.", m.files},
      {"open_files", "gauge", "Followed files with an open descriptor.", m.open_files},
      {"unread_bytes", "gauge", "Bytes in the followed files not read yet (as of each file's last stat).",
       m.unread_bytes},
      {"read_bytes_total", "counter", "Bytes read from the followed files.", m.bytes_read},
      {"read_errors_total", "counter", "Files that could not be opened or read.", m.read_errors},
  };
  std::string out;
  for (const Metric& x : metrics) {
    out += fmt::format("# HELP {0}_{1} {2}\n# TYPE {0}_{1} {3}\n{0}_{1} {4}\n", p, x.name, x.help, x.type, x.value);
  }
  return out;
}

}  // namespace lc
