// ContainerTags: the fields that say which container a record is about, as
// lc-streams(7), RECORDS names them: container.id, container.name,
// container.image.name, container.runtime and, for a pod's container,
// k8s.namespace.name, k8s.pod.name, k8s.pod.uid, k8s.container.name.
// Empty values are left out.  Shared by the records that lc-discover
// --records and lc-metrics write, so both tag a container alike.
#ifndef LC_COMMON_DISCOVER_CONTAINER_TAGS_H_
#define LC_COMMON_DISCOVER_CONTAINER_TAGS_H_

#include <vector>

#include "common/stream/container_event.h"
#include "common/stream/record.h"

namespace lc {

// Appends the tags of `c` to `fields`, in the order above.
void AppendContainerTags(const ContainerInfo& c, std::vector<RecordField>* fields);

}  // namespace lc

#endif  // LC_COMMON_DISCOVER_CONTAINER_TAGS_H_
