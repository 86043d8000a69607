#include "common/runtime/container_log_source.h"

#include <set>

#include "common/base/duration.h"
#include "common/stream/container_event.h"

namespace lc {

Status ContainerLogSource::Apply(const std::string& line) {
  ContainerEvent e;
  if (Status s = DecodeContainerEvent(line, &e); !s.ok()) return s;
  const ContainerInfo& c = e.container;
  switch (e.type) {
    case ContainerEvent::kUpsert: {
      if (c.log_path.empty()) return Status::OK();  // a runtime without log files: nothing to read
      WatchSource s;
      s.key = c.id;
      s.paths = {c.log_path};
      s.from = "head";
      s.tags = {{"container.id", c.id}};
      if (!c.name.empty()) s.tags.emplace_back("container.name", c.name);
      if (!c.image.empty()) s.tags.emplace_back("container.image.name", c.image);
      for (auto [value, tag] : {std::pair{&c.k8s.namespace_name, "k8s.namespace.name"},
                                {&c.k8s.pod, "k8s.pod.name"},
                                {&c.k8s.pod_uid, "k8s.pod.uid"},
                                {&c.k8s.container, "k8s.container.name"}}) {
        if (!value->empty()) s.tags.emplace_back(tag, *value);
      }
      if (c.started > 0 && c.started < start_) s.since = start_ - 5 * kSeconds;
      tailer_->AddSource(std::move(s));
      break;
    }
    case ContainerEvent::kRemove:
      tailer_->RemoveSource(c.id);
      break;
    case ContainerEvent::kSync:
      tailer_->SyncSources(std::set<std::string>(e.ids.begin(), e.ids.end()));
      break;
  }
  return Status::OK();
}

}  // namespace lc
