// SourceSet: the sources lc-discover's --runtime names, built and owned
// together, and the one ContainerApi the discovery loop runs on.
//   docker      the Engine API (docker_client.h), alone as before
//   containerd  task bundles (containerd_source.h)
//   crio        CRI-O's and podman's containers/storage (crio_source.h)
//   pods        the kubelet's pods directory (pods_source.h)
//   auto        Docker when an engine answers (or --docker-host / $DOCKER_HOST
//               names one), plus containerd and crio, plus the pods directory when no
//               engine answers; a state directory that does not exist is no
//               error (it is looked at again at each rescan); with nothing
//               present at all, Docker is waited for.
// An explicitly named source whose state directory does not exist is a
// usage error.  Several are merged by SourceApi (the Engine API's view wins).
#ifndef LC_COMMON_SOURCE_SET_H_
#define LC_COMMON_SOURCE_SET_H_

#include <memory>
#include <string>
#include <vector>

#include "common/base/clock.h"
#include "common/base/file_system.h"
#include "common/discover/container_api.h"
#include "common/discover/container_source.h"

namespace lc {

struct SourceSetOptions {
  std::vector<std::string> runtimes;  // empty = {"auto"}
  std::string docker_host;            // --docker-host
  std::string host_root;
  size_t max_inspects = 8;
  int wake_fd = -1;
  std::string containerd_state = "/run/containerd";
  std::vector<std::string> containerd_namespaces;  // empty = {"k8s.io"}
  std::string pods_dir = "/var/log/pods";
  std::vector<std::string> crio_state;  // empty = /var/lib/containers/storage and /run/containers/storage
};

class SourceSet {
 public:
  // InvalidArgument names the flag (a missing state dir, a bad --docker-host).
  static Status Create(const SourceSetOptions& opt, FileSystem* fs, Clock* clock, std::unique_ptr<SourceSet>* out);
  ~SourceSet();
  ContainerApi* api() { return api_; }

 private:
  SourceSet() = default;
  std::unique_ptr<ContainerApi> docker_;
  std::vector<std::unique_ptr<ContainerSource>> sources_;
  std::unique_ptr<ContainerApi> merged_;
  ContainerApi* api_ = nullptr;
};

}  // namespace lc

#endif  // LC_COMMON_SOURCE_SET_H_
