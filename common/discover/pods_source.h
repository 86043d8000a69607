// PodsSource: containers known from the kubelet's pods directory alone,
//   <pods-dir>/<namespace>_<pod>_<uid>/<container>/<restart>.log
// one per container directory holding a log, with the Kubernetes fields from
// the path (runtime/pod_path.h), its newest <restart>.log as log_path in CRI
// format, and nothing else (no image, env, mounts, root): what a node offers
// when no runtime state is readable.  Its id is "<uid>_<container>", as the
// path gives no runtime id.
//
// PodLogPath is the same lookup for the other sources, which know a CRI
// container's identity from its annotations.
#ifndef LC_COMMON_PODS_SOURCE_H_
#define LC_COMMON_PODS_SOURCE_H_

#include <string>

#include "common/discover/container_source.h"

namespace lc {

// The highest-numbered <N>.log in <pods_dir>/<ns>_<pod>_<uid>/<container>/
// ("" if there is none); paths as on the host, read under `host_root`.
std::string PodLogPath(FileSystem* fs, const std::string& host_root, const std::string& pods_dir,
                       const K8sMetadata& k8s);
// The highest <N>.log among `names` ("" if none).
std::string LatestRestartLog(const std::vector<std::string>& names);

class PodsSource : public ContainerSource {
 public:
  PodsSource(FileSystem* fs, std::string pods_dir, std::string host_root)
      : fs_(fs), dir_(std::move(pods_dir)), host_root_(std::move(host_root)) {}
  std::string Describe() const override { return "pods " + dir_; }
  Status Present() override;
  Status Scan(SourceScan* out) override;

 private:
  FileSystem* fs_;
  std::string dir_, host_root_;
};

}  // namespace lc

#endif  // LC_COMMON_PODS_SOURCE_H_
