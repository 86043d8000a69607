#include "common/discover/container_tags.h"

namespace lc {

void AppendContainerTags(const ContainerInfo& c, std::vector<RecordField>* fields) {
  const std::pair<const char*, const std::string*> tags[] = {
      {"container.id", &c.id},
      {"container.name", &c.name},
      {"container.image.name", &c.image},
      {"container.runtime", &c.runtime},
      {"k8s.namespace.name", &c.k8s.namespace_name},
      {"k8s.pod.name", &c.k8s.pod},
      {"k8s.pod.uid", &c.k8s.pod_uid},
      {"k8s.container.name", &c.k8s.container},
  };
  for (const auto& [name, value] : tags) {
    if (!value->empty()) fields->push_back({name, *value, true});
  }
}

}  // namespace lc
