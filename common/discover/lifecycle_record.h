// LifecycleRecord: lc-discover --records (lc-discover(1), LIFECYCLE RECORDS).
// Instead of container events, one record of the record stream
// (lc-streams(7), RECORDS) per thing that happened to a container, for
// people and sinks:
//
//   {"time":"<the engine's time of it>","body":"container web-1 died (exit code 137)",
//    "event.name":"container.die","host.name":"node-7","container.id":"…",
//    "container.name":"web-1",…k8s tags…,"container.exit_code":137}
//
// event.name is container.start, container.die (with container.exit_code),
// container.oom, container.restart, container.health_status (with
// container.health.status) or container.destroy.  Docker's and podman's
// event streams give all of them; the on-disk sources of containerd and
// CRI-O nodes give start and die (with no exit code: the bundle does not
// keep it).
//
// LifecycleRecorder is the loop: it subscribes to the engine first (a
// failing engine is retried with capped backoff, said once), then lists and
// inspects the running containers so that what happens to them later is
// told with their names and pods, and writes nothing for them; then each
// event of the list above becomes a record.  The container's fields come
// from an inspect at the event (start, restart, health) or from what was
// known of it (die, oom, destroy: it may be gone), else from the event's
// attributes (name, image, labels).  The container filters apply as they do
// to container events.
#ifndef LC_COMMON_DISCOVER_LIFECYCLE_RECORD_H_
#define LC_COMMON_DISCOVER_LIFECYCLE_RECORD_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "common/base/clock.h"
#include "common/base/output_writer.h"
#include "common/base/status.h"
#include "common/discover/container_api.h"
#include "common/discover/container_filter.h"
#include "common/stream/record.h"

namespace lc {

// The event.name of an engine action ("die" -> "container.die", "died" for
// podman too, "health_status: healthy" -> "container.health_status"); ""
// for the actions that are not told (create, kill, stop, exec_*, ...).
std::string LifecycleEventName(const std::string& action);

// The record of event `e` about container `c`; `now` stands for an event
// without a time.
Record LifecycleRecord(const RuntimeEvent& e, const ContainerInfo& c, const std::string& host_name, int64_t now);

// A container as an event's attributes describe it (name, image, labels).
ContainerInfo ContainerFromAttributes(const RuntimeEvent& e);

struct LifecycleOptions {
  std::string host_root;
  std::string host_name;
  int64_t backoff_min_ns = 250 * kMillis;
  int64_t backoff_max_ns = 5 * kSeconds;
  std::string tool = "lc-discover";
};

class LifecycleRecorder {
 public:
  LifecycleRecorder(ContainerApi* api, const ContainerFilter* filter, Clock* clock, OutputWriter* out,
                    LifecycleOptions opt, std::function<bool()> stop)
      : api_(api), filter_(filter), clock_(clock), out_(out), opt_(std::move(opt)), stop_(std::move(stop)) {}

  // Runs until stopped (OK) or stdout fails (IOError).
  Status Run();
  // Turns `events` into records (the loop's step; for tests).
  void Apply(const std::vector<RuntimeEvent>& events);

 private:
  Status Connect();
  bool Inspect(const std::string& id, ContainerInfo* c);
  void Warn(const std::string& msg);

  ContainerApi* api_;
  const ContainerFilter* filter_;
  Clock* clock_;
  OutputWriter* out_;
  LifecycleOptions opt_;
  std::function<bool()> stop_;
  std::string runtime_ = "docker";
  std::map<std::string, ContainerInfo> known_;  // the last we learned of each container
};

}  // namespace lc

#endif  // LC_COMMON_DISCOVER_LIFECYCLE_RECORD_H_
