// K8sMetadata: the Kubernetes identity of a container (namespace, pod, pod
// UID, container name), as the runtime records it:
//   - the io.kubernetes.* labels that dockershim / cri-dockerd set
//     (io.kubernetes.pod.namespace, .pod.name, .pod.uid, .container.name);
//   - else the docker name k8s_<container>_<pod>_<namespace>_<uid>_<attempt>.
// Labels win field by field; the name fills what they leave empty.
// A pod's sandbox ("pause") container is recognised so discovery can skip it.
#ifndef LC_COMMON_K8S_METADATA_H_
#define LC_COMMON_K8S_METADATA_H_

#include <map>
#include <string>

namespace lc {

struct K8sMetadata {
  std::string namespace_name;
  std::string pod;
  std::string pod_uid;
  std::string container;

  // True if any field is set: the container belongs to a pod.
  bool present() const { return !namespace_name.empty() || !pod.empty(); }

  // From labels and the container name (with or without its leading '/').
  static K8sMetadata From(const std::map<std::string, std::string>& labels, const std::string& name);

  // True for a pod sandbox: label io.kubernetes.docker.type=podsandbox, or
  // a k8s_POD_* name.
  static bool IsSandbox(const std::map<std::string, std::string>& labels, const std::string& name);
};

}  // namespace lc

#endif  // LC_COMMON_K8S_METADATA_H_
