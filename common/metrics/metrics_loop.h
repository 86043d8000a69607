// MetricsLoop: lc-metrics(1).  Follows the container events of lc-discover
// (lc-streams(7), CONTAINER EVENTS) and, every interval, writes one record
// per container with its cgroup and network counters (metric_record.h),
// and optionally the same numbers as a Prometheus text file.
//
//  - upsert: the container is followed (its metadata refreshed).  Its
//    cgroups are located when its pid is new (cgroup_locator.h), not per
//    sample: a sample is a handful of small reads per container and spawns
//    nothing.
//  - remove: dropped.  sync: every container it does not list is dropped.
//  - A container whose cgroups cannot be found, or vanish (it stopped
//    between the event and the read), is skipped quietly until an upsert
//    brings a new pid.  Any other read failure (EACCES) is said on stderr,
//    once per container, and the container skipped.
//  - once: the events are read to EOF, then one sample of every container,
//    then Run returns.  Otherwise a sample every interval, the first one
//    an interval after the start, until stopped or the events end (EOF: the
//    producer is gone; what it knew is stale).
//  - When a container's OOM kill count rose since its last sample, a
//    "container.oom" record (metric_record.h, OomRecord) comes before its
//    sample.  The first sample of a pid sets the count it starts from.
//  - The Prometheus file is replaced atomically after each sample.
#ifndef LC_COMMON_METRICS_METRICS_LOOP_H_
#define LC_COMMON_METRICS_METRICS_LOOP_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "common/base/clock.h"
#include "common/base/file_system.h"
#include "common/base/output_writer.h"
#include "common/base/status.h"
#include "common/metrics/cgroup_locator.h"
#include "common/metrics/proc_files.h"
#include "common/stream/container_event.h"

namespace lc {

struct MetricsOptions {
  int64_t interval_ns = 15 * kSeconds;
  bool once = false;
  std::string proc = "/proc";       // the host's /proc as seen here
  bool include_loopback = false;    // count "lo" in the network counters
  std::string prometheus_path;      // "" = none
  std::string host_name;            // host.name of the records ("" = none)
  std::string tool = "lc-metrics";
  // Pseudo-file descriptors kept open between samples, over all containers
  // (ProcFiles); 0 = open and close each file at each sample.
  int64_t kept_files = 0;
};

class MetricsLoop {
 public:
  MetricsLoop(FileSystem* fs, Clock* clock, const CgroupLocator* locator, OutputWriter* out, MetricsOptions opt)
      : fs_(fs), clock_(clock), locator_(locator), out_(out), opt_(std::move(opt)), fd_budget_(opt_.kept_files) {}

  // Applies one line of the container-event stream.  InvalidArgument for a
  // line that is not an event.
  Status ApplyEvent(const std::string& line);
  // One sample of every container: records to the output (flushed), then
  // the Prometheus file.  IOError when writing either failed.
  Status Sample();
  // Reads events from `fd` and samples, as above.  `wake_fd` (or -1)
  // becomes readable on a signal; `stop` is asked after each wake-up.
  Status Run(int fd, int wake_fd, const std::function<bool()>& stop);

  size_t followed() const { return containers_.size(); }

 private:
  struct Followed {
    Followed(FileSystem* fs, int64_t* fd_budget) : files(fs, fd_budget) {}
    ContainerInfo info;
    CgroupPaths paths;
    ProcFiles files;  // reset on a new pid and when its cgroup is gone
    bool located = false;
    bool tried = false;   // located or failed for this pid: wait for a new one
    bool warned = false;  // an error about it was said
    int64_t oom_kills = -1;  // at the last sample of this pid; -1 = none yet
  };
  void Warn(Followed* f, const std::string& msg);

  FileSystem* fs_;
  Clock* clock_;
  const CgroupLocator* locator_;
  OutputWriter* out_;
  MetricsOptions opt_;
  // Descriptors the containers' ProcFiles may keep (before containers_: it
  // outlives them).
  int64_t fd_budget_;
  std::map<std::string, Followed> containers_;
};

}  // namespace lc

#endif  // LC_COMMON_METRICS_METRICS_LOOP_H_
