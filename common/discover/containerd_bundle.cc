#include "common/discover/containerd_bundle.h"

#include "common/base/file_system.h"
#include "common/discover/container_source.h"
#include "common/discover/oci_spec.h"

namespace lc {
Status ParseContainerdBundle(const std::string& config_json, const BundleOptions& opt, ContainerInfo* out) {
  ContainerInfo c;
  OciSpecOptions so{JoinPath(opt.bundle_dir, "config.json"), opt.bundle_dir, opt.host_root};
  if (Status s = ParseOciSpec(config_json, so, &c); !s.ok()) return s;
  c.id = BaseName(opt.bundle_dir);
  c.runtime = "containerd";
  c.state = "running";

  const auto& a = c.labels;
  c.k8s.namespace_name = Annotation(a, "io.kubernetes.cri.sandbox-namespace");
  c.k8s.pod = Annotation(a, "io.kubernetes.cri.sandbox-name");
  c.k8s.pod_uid = Annotation(a, "io.kubernetes.cri.sandbox-uid");
  c.k8s.container = Annotation(a, "io.kubernetes.cri.container-name");
  c.sandbox = Annotation(a, "io.kubernetes.cri.container-type") == "sandbox";
  c.image = Annotation(a, "io.kubernetes.cri.image-name");
  c.name = c.k8s.container.empty() ? c.id : c.k8s.container;
  *out = std::move(c);
  return Status::OK();
}

}  // namespace lc
