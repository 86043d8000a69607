// SourceApi: the ContainerApi of lc-discover's runtimes that have no API to
// call (ContainerSource: containerd bundles, the pods directory), optionally
// merged with one that has (Docker's or podman's Engine API, the `primary`),
// so the discovery loop (discoverer.h) and its output are the same whatever
// the source.
//
//  - List scans every source: a full snapshot.  A container is announced
//    once: the primary's ids first, then each source in order; a container
//    whose id, or Kubernetes identity (namespace, pod, container), an
//    earlier source already gave is left out (Docker's own containerd sees
//    Docker's containers; the pods directory sees every CRI container).
//  - A container that left the snapshot inspects as "exited", finished when
//    it was missed, for 10 minutes (so the loop's grace period applies); then
//    NotFound.
//  - An entry a source could not read is reported once on stderr, and again
//    only after it was read well in between; the next scan retries it.
//  - Events: inotify on the directories the last scan read (each added once,
//    and again after the kernel dropped it: the directory was removed, or
//    the event queue overflowed); a change is
//    followed, 100 ms later (the runtime writes a bundle in steps), by a
//    scan whose differences come out as start / update / die events.  With a
//    primary, its events come as they do, and the directories are looked at
//    at least every second.
#ifndef LC_COMMON_SOURCE_API_H_
#define LC_COMMON_SOURCE_API_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/base/clock.h"
#include "common/discover/container_api.h"
#include "common/discover/container_source.h"

namespace lc {

struct SourceApiOptions {
  int wake_fd = -1;        // readable when a signal arrived (wakes a wait)
  bool warn_missing = true;  // say so (once) when a source's state dir is missing
  bool inotify = true;
  std::string tool = "lc-discover";
};

class SourceApi : public ContainerApi {
 public:
  // `primary` may be null; sources and primary outlive this.
  SourceApi(std::vector<ContainerSource*> sources, ContainerApi* primary, Clock* clock, SourceApiOptions opt);
  ~SourceApi() override;

  std::string Describe() const override;
  Status Version(std::string* runtime) override;
  Status Subscribe() override;
  Status WaitEvents(int64_t timeout_ns, std::vector<RuntimeEvent>* events) override;
  void CloseEvents() override;
  void Sleep(int64_t ns) override;
  Status List(bool all, std::vector<std::string>* ids) override;
  void Inspect(const std::vector<std::string>& ids, std::vector<Inspected>* out) override;

  // Scans the sources; the differences from the last snapshot as events.
  void Refresh(std::vector<RuntimeEvent>* events);

 private:
  struct Tombstone {
    ContainerInfo info;
    int64_t until_mono = 0;
  };
  void Warn(const std::string& msg);
  void Watch(const std::vector<std::string>& dirs);
  bool DrainInotify();

  std::vector<ContainerSource*> sources_;
  ContainerApi* primary_;
  Clock* clock_;
  SourceApiOptions opt_;
  std::map<std::string, ContainerInfo> snapshot_;
  std::map<std::string, std::string> encoded_;  // id -> its upsert, to see changes
  std::map<std::string, Tombstone> tombstones_;
  std::set<std::string> primary_ids_;
  std::set<std::string> reported_;  // problems said and not yet healed
  std::set<std::string> missing_;   // sources whose state dir is missing (said)
  int inotify_fd_ = -1;
  std::set<std::string> watched_;                        // directories with a watch
  std::map<int, std::vector<std::string>> watch_paths_;  // watch descriptor -> its directories
  int64_t refresh_due_ = 0;  // monotonic; 0 = none pending
  int64_t next_look_ = 0;    // with a primary: the next non-blocking look at inotify
};

}  // namespace lc

#endif  // LC_COMMON_SOURCE_API_H_
