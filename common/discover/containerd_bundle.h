// ContainerdBundle: one running containerd task read from its OCI bundle,
// <state>/io.containerd.runtime.v2.task/<namespace>/<id>/config.json, as
// containerd (and its CRI plugin) writes it: root.path (against the bundle
// when relative), the bind mounts with their host sources, process.env, and
// the annotations, of which the CRI plugin's io.kubernetes.cri.* give the
// Kubernetes identity (container-type "sandbox" marks the pause container).
// Pure parsing: the scan that finds bundles is ContainerdSource.
#ifndef LC_COMMON_CONTAINERD_BUNDLE_H_
#define LC_COMMON_CONTAINERD_BUNDLE_H_

#include <string>

#include "common/base/status.h"
#include "common/stream/container_event.h"

namespace lc {

struct BundleOptions {
  std::string bundle_dir;  // host path of the bundle (without the host root)
  std::string host_root;   // prefixed to every host path emitted
};

// Fills id (the bundle's name), name, image, env, labels (the annotations),
// mounts, rootfs, k8s, sandbox, runtime "containerd".  Corruption if
// `config_json` is not a whole OCI runtime spec (a half-written file).
Status ParseContainerdBundle(const std::string& config_json, const BundleOptions& opt, ContainerInfo* out);

}  // namespace lc

#endif  // LC_COMMON_CONTAINERD_BUNDLE_H_
