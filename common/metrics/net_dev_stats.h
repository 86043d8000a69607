// NetDevStats: the network counters of a container, from /proc/<pid>/net/dev
// of its first process (which shows the interfaces of the process's network
// namespace: the container's own).  Summed over the interfaces; the
// loopback ("lo") only when asked for, since its traffic never leaves the
// container.
//
// ReadNetDevStats: NotFound when the process is gone; a container that
// shares the host's network namespace shows the host's interfaces (the
// caller decides whether to report them).
#ifndef LC_COMMON_METRICS_NET_DEV_STATS_H_
#define LC_COMMON_METRICS_NET_DEV_STATS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/file_system.h"
#include "common/base/status.h"
#include "common/metrics/proc_files.h"

namespace lc {

struct NetDevStats {
  int64_t rx_bytes = 0;
  int64_t tx_bytes = 0;
  int64_t rx_packets = 0;
  int64_t tx_packets = 0;
  int64_t rx_errors = 0;
  int64_t tx_errors = 0;
  int64_t rx_dropped = 0;
  int64_t tx_dropped = 0;
  int interfaces = 0;  // how many were summed
};

// Parses the text of a net/dev file.
void ParseNetDev(std::string_view text, bool include_loopback, NetDevStats* out);

// Reads `proc`/<pid>/net/dev.
Status ReadNetDevStats(FileSystem* fs, const std::string& proc, int64_t pid, bool include_loopback,
                       NetDevStats* out);
// The same through kept descriptors.
Status ReadNetDevStats(ProcFiles* files, const std::string& proc, int64_t pid, bool include_loopback,
                       NetDevStats* out);

}  // namespace lc

#endif  // LC_COMMON_METRICS_NET_DEV_STATS_H_
