// CrioContainer: one container of CRI-O or podman, read from the
// containers/storage layout both keep on disk (no API call):
//   <root>/overlay-containers/containers.json   every container: id, names,
//                                                image, metadata (image-name)
//   <dir>/overlay-containers/<id>/userdata/config.json   its OCI spec
//   <runroot>/overlay-containers/<id>/userdata/pidfile   its process
// CRI-O's annotations give the Kubernetes identity (io.kubernetes.pod.*,
// io.kubernetes.container.name), the pod's labels (io.kubernetes.cri-o.Labels,
// a JSON object in a string), the image (io.kubernetes.cri-o.ImageName), the
// log (io.kubernetes.cri-o.LogPath, CRI format) and the pause container
// (io.kubernetes.cri-o.ContainerType "sandbox").  podman writes the same
// annotations when asked (`podman run --annotation`), and keeps a k8s-file
// log at userdata/ctr.log by default.  Pure parsing: the scan is CrioSource.
#ifndef LC_COMMON_DISCOVER_CRIO_CONTAINER_H_
#define LC_COMMON_DISCOVER_CRIO_CONTAINER_H_

#include <map>
#include <string>
#include <vector>

#include "common/base/status.h"
#include "common/stream/container_event.h"

namespace lc {

// An entry of containers.json.
struct StorageEntry {
  std::string name;        // names[0]
  std::string image_name;  // metadata's "image-name"
  int64_t created = 0;     // "created", ns since epoch; 0 = unknown
};

// containers.json, by id.  Corruption if it is not a JSON array (being
// rewritten): the caller goes on without names.
Status ParseStorageContainers(const std::string& text, std::map<std::string, StorageEntry>* out);

struct CrioContainerOptions {
  std::string userdata_dir;  // host path (without the host root) of the userdata holding config.json
  std::string host_root;     // prefixed to every host path emitted
};

// Fills id (the userdata's parent's name), name, image, env, labels (the
// annotations, then the pod's labels over them), mounts, rootfs, k8s,
// sandbox, log_path/log_format from LogPath, runtime ("podman" when
// io.container.manager is libpod, else "crio").  `entry` may be null.
// Corruption if `config_json` is not a whole OCI spec.
Status ParseCrioContainer(const std::string& config_json, const StorageEntry* entry,
                          const CrioContainerOptions& opt, ContainerInfo* out);

// What containers.json adds to a container ParseCrioContainer made with no
// entry: the image and the name when the spec has none, the creation time.
// (So a source can keep the parsed spec and apply a newer entry to it.)
void ApplyStorageEntry(const StorageEntry& entry, ContainerInfo* c);

}  // namespace lc

#endif  // LC_COMMON_DISCOVER_CRIO_CONTAINER_H_
