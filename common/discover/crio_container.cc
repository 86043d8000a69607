#include "common/discover/crio_container.h"

#include <nlohmann/json.hpp>

#include "common/base/file_system.h"
#include "common/base/rfc3339.h"
#include "common/discover/oci_spec.h"
#include "common/json/json_member.h"

namespace lc {

using json = nlohmann::json;

Status ParseStorageContainers(const std::string& text, std::map<std::string, StorageEntry>* out) {
  out->clear();
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return Status::Corruption("containers.json: not a JSON array");
  for (const json& c : j) {
    std::string id = StringMember(c, "id");
    if (id.empty()) continue;
    StorageEntry e;
    if (auto n = c.find("names"); n != c.end() && n->is_array() && !n->empty() && (*n)[0].is_string()) {
      e.name = (*n)[0].get<std::string>();
    }
    // metadata is a JSON object written into a string.
    json meta = json::parse(StringMember(c, "metadata"), nullptr, false);
    e.image_name = StringMember(meta, "image-name");
    std::string created = StringMember(c, "created");
    if (!ParseRfc3339(created.data(), created.size(), &e.created)) e.created = 0;
    (*out)[id] = std::move(e);
  }
  return Status::OK();
}

Status ParseCrioContainer(const std::string& config_json, const StorageEntry* entry,
                          const CrioContainerOptions& opt, ContainerInfo* out) {
  ContainerInfo c;
  OciSpecOptions so{JoinPath(opt.userdata_dir, "config.json"), opt.userdata_dir, opt.host_root};
  if (Status s = ParseOciSpec(config_json, so, &c); !s.ok()) return s;
  c.id = BaseName(DirName(opt.userdata_dir));
  c.state = "running";
  const std::map<std::string, std::string> a = c.labels;
  c.runtime = Annotation(a, "io.container.manager") == "libpod" ? "podman" : "crio";
  // The pod's labels, as Kubernetes gave them, over the annotations (which
  // hold the same keys only for CRI-O's own bookkeeping).
  json labels = json::parse(Annotation(a, "io.kubernetes.cri-o.Labels"), nullptr, false);
  if (labels.is_object()) {
    for (auto it = labels.begin(); it != labels.end(); ++it) {
      if (it.value().is_string()) c.labels[it.key()] = it.value().get<std::string>();
    }
  }
  c.k8s.namespace_name = Annotation(a, "io.kubernetes.pod.namespace");
  c.k8s.pod = Annotation(a, "io.kubernetes.pod.name");
  c.k8s.pod_uid = Annotation(a, "io.kubernetes.pod.uid");
  c.k8s.container = Annotation(a, "io.kubernetes.container.name");
  c.sandbox = Annotation(a, "io.kubernetes.cri-o.ContainerType") == "sandbox";
  c.image = Annotation(a, "io.kubernetes.cri-o.ImageName");
  c.name = !c.k8s.container.empty() ? c.k8s.container : c.id;
  if (entry != nullptr) ApplyStorageEntry(*entry, &c);
  std::string log = Annotation(a, "io.kubernetes.cri-o.LogPath");
  if (!log.empty() && log[0] == '/') {
    c.log_path = HostPath(opt.host_root, log);
    c.log_format = "cri";
  }
  *out = std::move(c);
  return Status::OK();
}

void ApplyStorageEntry(const StorageEntry& entry, ContainerInfo* c) {
  if (c->image.empty()) c->image = entry.image_name;
  if (c->k8s.container.empty() && !entry.name.empty()) c->name = entry.name;
  c->created = entry.created;
}

}  // namespace lc
