#include "common/stream/k8s_metadata.h"

#include <vector>

namespace lc {
namespace {

std::string Label(const std::map<std::string, std::string>& labels, const char* key) {
  auto it = labels.find(key);
  return it == labels.end() ? std::string() : it->second;
}

// Splits "k8s_<ctr>_<pod>_<ns>_<uid>_<n>"; false if the name is not of that
// shape.  Kubernetes names cannot hold '_', so the split is unambiguous.
bool SplitDockerName(std::string name, std::vector<std::string>* parts) {
  if (!name.empty() && name[0] == '/') name.erase(0, 1);
  if (name.compare(0, 4, "k8s_") != 0) return false;
  parts->clear();
  size_t start = 4;
  for (;;) {
    size_t us = name.find('_', start);
    parts->push_back(name.substr(start, us == std::string::npos ? std::string::npos : us - start));
    if (us == std::string::npos) break;
    start = us + 1;
  }
  if (parts->size() != 5) return false;
  for (const std::string& p : *parts) {
    if (p.empty()) return false;
  }
  return true;
}

}  // namespace

K8sMetadata K8sMetadata::From(const std::map<std::string, std::string>& labels, const std::string& name) {
  K8sMetadata m;
  m.namespace_name = Label(labels, "io.kubernetes.pod.namespace");
  m.pod = Label(labels, "io.kubernetes.pod.name");
  m.pod_uid = Label(labels, "io.kubernetes.pod.uid");
  m.container = Label(labels, "io.kubernetes.container.name");
  std::vector<std::string> parts;
  if (SplitDockerName(name, &parts)) {
    if (m.container.empty()) m.container = parts[0];
    if (m.pod.empty()) m.pod = parts[1];
    if (m.namespace_name.empty()) m.namespace_name = parts[2];
    if (m.pod_uid.empty()) m.pod_uid = parts[3];
  }
  return m;
}

bool K8sMetadata::IsSandbox(const std::map<std::string, std::string>& labels, const std::string& name) {
  if (Label(labels, "io.kubernetes.docker.type") == "podsandbox") return true;
  std::vector<std::string> parts;
  return SplitDockerName(name, &parts) && parts[0] == "POD";
}

}  // namespace lc
