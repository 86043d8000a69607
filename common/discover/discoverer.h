// Discoverer: the discovery loop of lc-discover (lc-discover(1)), turning a
// container engine (ContainerApi) into the container-event stream of
// lc-streams(7), CONTAINER EVENTS without ever missing a container:
//
//   1. subscribe to the engine's events, and only once it has accepted,
//   2. list and inspect every container: an upsert for each, then a sync;
//   3. apply events as they come (start/rename/update -> inspect -> upsert,
//      die -> remove after the grace period, destroy -> remove);
//   4. rescan every `rescan_ns`.
// When the event stream breaks, reconnect with capped exponential backoff
// and rescan right after resubscribing.  An engine that is down is retried
// forever (said once on stderr, not on every attempt), except with `once`.
//
// A container that dies is removed only when destroyed or `grace_ns` after
// it finished, so readers can drain its log; one that starts and exits
// between two scans is still announced, with its log_path.
#ifndef LC_COMMON_DISCOVERER_H_
#define LC_COMMON_DISCOVERER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/base/clock.h"
#include "common/discover/container_api.h"
#include "common/stream/container_event.h"
#include "common/discover/container_filter.h"
#include "common/base/output_writer.h"
#include "common/base/status.h"

namespace lc {

// What the loop has done, for its self-metrics (lc-discover(1), METRICS).
struct DiscoverCounters {
  int64_t containers = 0;       // announced and not removed
  int64_t upserts = 0;          // since start
  int64_t removes = 0;
  int64_t scans = 0;            // full scans done (each ends in a sync)
  int64_t engine_errors = 0;    // failed connects, scans and broken event streams
};

struct DiscoverOptions {
  bool all = false;   // announce stopped containers too (no grace: removed when destroyed)
  bool once = false;  // one scan, then return
  int64_t rescan_ns = 60 * kSeconds;
  int64_t grace_ns = 60 * kSeconds;
  int64_t backoff_min_ns = 250 * kMillis;
  int64_t backoff_max_ns = 5 * kSeconds;
  std::string host_root;  // prefixed to every host path emitted
  std::string tool = "lc-discover";
  // Called every report_interval_ns and when Run returns (--metrics-file);
  // empty = never.
  std::function<void(const DiscoverCounters&)> report;
  int64_t report_interval_ns = 10 * kSeconds;
};

// `c` in the Prometheus text format, names lc_discover_… (self_metrics.h).
std::string DiscoverMetricsText(const DiscoverCounters& c);

class Discoverer {
 public:
  // `stop` is asked between steps; the loop returns OK once it says true.
  Discoverer(ContainerApi* api, const ContainerFilter* filter, Clock* clock, OutputWriter* out,
             const DiscoverOptions& opt, std::function<bool()> stop);

  // Runs the loop.  OK when stopped, at EPIPE, or after the scan of `once`;
  // IOError if `once` could not scan, or writing stdout failed.
  Status Run();
  const DiscoverCounters& counters() const { return counters_; }

 private:
  struct Known {
    int64_t dying_deadline = 0;  // monotonic; 0 = not dying
    int64_t finished = 0;        // wall nanoseconds, for the remove event
  };
  enum class Evidence { kRunning, kRecheck };

  Status Loop();  // Run, without its last report
  Status Connect();
  // Lists the containers and inspects them: all of them after a
  // (re)connect (events may have been missed), only those not announced
  // yet or dying otherwise (while subscribed, an announced container's
  // changes come as events).  Ends with a sync.
  Status Scan(bool everything);
  void ApplyEvents(const std::vector<RuntimeEvent>& events);
  void InspectAndApply(const std::vector<std::string>& ids, Evidence why);
  void Apply(const ContainerInfo& c, Evidence why);
  void Announce(const ContainerInfo& c);  // an upsert on the output
  void StartDying(const std::string& id, int64_t finished);
  void Remove(const std::string& id, int64_t finished);
  void ExpireDying();
  void ScheduleReconnect();
  int64_t NextDeadline() const;
  void Warn(const std::string& msg);
  void Report();  // counters_ to opt_.report

  ContainerApi* api_;
  const ContainerFilter* filter_;
  Clock* clock_;
  OutputWriter* out_;
  DiscoverOptions opt_;
  std::function<bool()> stop_;
  InspectOptions inspect_;
  std::map<std::string, Known> known_;  // announced and not yet removed
  DiscoverCounters counters_;
  int64_t next_report_ = 0;
  bool subscribed_ = false;
  bool outage_reported_ = false;
  int64_t backoff_ns_;
  int64_t next_connect_ = 0;
  int64_t next_scan_ = 0;
};

}  // namespace lc

#endif  // LC_COMMON_DISCOVERER_H_
