// CgroupStats: one sample of a container's cgroup counters, read from the
// directories CgroupLocator found: cgroup v1 controllers where the host has
// them, else the cgroup v2 directory (on a hybrid host, v1 for cpu, memory,
// blkio and pids, v2 for what v1 lacks).
//
// Each value is -1 when the host does not give it (no such controller or
// file on this kernel, no limit set).  Units are the kernel's, made uniform:
// nanoseconds for times, bytes, counts.
//
//   v1: cpuacct.usage, cpuacct.stat (USER_HZ ticks), cpu.stat (nr_periods,
//       nr_throttled, throttled_time); memory.usage_in_bytes,
//       max_usage_in_bytes, limit_in_bytes, memory.stat
//       (total_inactive_file), memory.oom_control (oom_kill);
//       blkio.throttle.io_service_bytes / io_serviced; pids.current, pids.max
//   v2: cpu.stat (usage_usec, user_usec, system_usec, nr_periods,
//       nr_throttled, throttled_usec); memory.current, memory.peak,
//       memory.max, memory.stat (inactive_file), memory.events (oom_kill);
//       io.stat (rbytes, wbytes, rios, wios); pids.current, pids.max
//
// The memory usage reported is the working set, as `docker stats` and the
// kubelet count it: usage less inactive file cache.
//
// ReadCgroupStats: NotFound when no file at all could be read (the
// container's cgroups are gone: it stopped); IOError when a file could not
// be read for another reason (EACCES), naming it.
#ifndef LC_COMMON_METRICS_CGROUP_STATS_H_
#define LC_COMMON_METRICS_CGROUP_STATS_H_

#include <cstdint>

#include "common/base/file_system.h"
#include "common/base/status.h"
#include "common/metrics/cgroup_locator.h"
#include "common/metrics/proc_files.h"

namespace lc {

struct CgroupStats {
  int version = 0;  // 1 (v1 gave the memory or cpu numbers), 2, or 0 (nothing)
  int64_t cpu_usage_ns = -1;
  int64_t cpu_user_ns = -1;
  int64_t cpu_system_ns = -1;
  int64_t cpu_periods = -1;
  int64_t cpu_throttled_periods = -1;
  int64_t cpu_throttled_ns = -1;
  int64_t memory_usage = -1;       // working set: usage - inactive file
  int64_t memory_usage_total = -1;  // usage with the page cache
  int64_t memory_peak = -1;
  int64_t memory_limit = -1;  // -1: unlimited
  int64_t memory_oom_kills = -1;
  int64_t io_read_bytes = -1;
  int64_t io_write_bytes = -1;
  int64_t io_read_ops = -1;
  int64_t io_write_ops = -1;
  int64_t pids_current = -1;
  int64_t pids_limit = -1;  // -1: unlimited
};

Status ReadCgroupStats(ProcFiles* files, const CgroupPaths& paths, CgroupStats* out);
// The same, each file opened and closed.
Status ReadCgroupStats(FileSystem* fs, const CgroupPaths& paths, CgroupStats* out);

// The readers of each version on their own (ReadCgroupStats combines them).
// `read` counts the files read, so a caller can tell a vanished cgroup.
Status ReadCgroupV1(ProcFiles* files, const CgroupPaths& paths, CgroupStats* out, int* read);
Status ReadCgroupV2(ProcFiles* files, const std::string& dir, CgroupStats* out, int* read);

}  // namespace lc

#endif  // LC_COMMON_METRICS_CGROUP_STATS_H_
