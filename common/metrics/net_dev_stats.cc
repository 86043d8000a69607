#include "common/metrics/net_dev_stats.h"

#include <cstdlib>

#include "common/metrics/proc_file.h"

namespace lc {

// Two header lines, then "  <iface>: rx: bytes packets errs drop fifo frame
// compressed multicast | tx: bytes packets errs drop fifo colls carrier
// compressed".
void ParseNetDev(std::string_view text, bool include_loopback, NetDevStats* out) {
  *out = NetDevStats();
  size_t pos = 0;
  std::string_view line;
  while (NextLine(text, &pos, &line)) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    if (name.empty() || name.find('|') != std::string_view::npos) continue;
    if (name == "lo" && !include_loopback) continue;
    int64_t v[16];
    int n = 0;
    std::string_view rest = line.substr(colon + 1);
    while (n < 16) {
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      if (rest.empty()) break;
      size_t end = rest.find(' ');
      if (!ParseCount(rest.substr(0, end), &v[n])) break;
      ++n;
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end);
    }
    if (n < 16) continue;  // not a counter line
    out->rx_bytes += v[0];
    out->rx_packets += v[1];
    out->rx_errors += v[2];
    out->rx_dropped += v[3];
    out->tx_bytes += v[8];
    out->tx_packets += v[9];
    out->tx_errors += v[10];
    out->tx_dropped += v[11];
    ++out->interfaces;
  }
}

Status ReadNetDevStats(ProcFiles* files, const std::string& proc, int64_t pid, bool include_loopback,
                       NetDevStats* out) {
  std::string text;
  if (Status s = files->Read(proc + "/" + std::to_string(pid) + "/net/dev", &text); !s.ok()) return s;
  ParseNetDev(text, include_loopback, out);
  return Status::OK();
}

Status ReadNetDevStats(FileSystem* fs, const std::string& proc, int64_t pid, bool include_loopback,
                       NetDevStats* out) {
  ProcFiles files(fs, nullptr);
  return ReadNetDevStats(&files, proc, pid, include_loopback, out);
}

}  // namespace lc
