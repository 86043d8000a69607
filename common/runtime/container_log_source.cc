#include "common/runtime/container_log_source.h"

#include <set>

#include <nlohmann/json.hpp>

#include "common/base/duration.h"
#include "common/base/rfc3339.h"

namespace lc {

namespace {
std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

Status ContainerLogSource::Apply(const std::string& line) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("not a JSON object");
  std::string event = Str(j, "event");
  if (event == "upsert") {
    std::string id = Str(j, "id"), log_path = Str(j, "log_path");
    if (id.empty()) return Status::InvalidArgument("upsert without an \"id\"");
    if (log_path.empty()) return Status::OK();  // a runtime without log files: nothing to read
    WatchSource s;
    s.key = id;
    s.paths = {log_path};
    s.from = "head";
    s.tags = {{"container.id", id}};
    if (!Str(j, "name").empty()) s.tags.emplace_back("container.name", Str(j, "name"));
    if (!Str(j, "image").empty()) s.tags.emplace_back("container.image.name", Str(j, "image"));
    if (j.contains("k8s") && j["k8s"].is_object()) {
      const auto& k = j["k8s"];
      for (auto [field, tag] : {std::pair{"namespace", "k8s.namespace.name"}, {"pod", "k8s.pod.name"},
                                {"pod_uid", "k8s.pod.uid"}, {"container", "k8s.container.name"}}) {
        if (!Str(k, field).empty()) s.tags.emplace_back(tag, Str(k, field));
      }
    }
    std::string started = Str(j, "started");
    int64_t started_ns = 0;
    if (first_run_ && !started.empty() && ParseRfc3339(started.data(), started.size(), &started_ns) &&
        started_ns < start_) {
      s.since = start_ - 5 * kSeconds;
    }
    tailer_->AddSource(std::move(s));
  } else if (event == "remove") {
    if (Str(j, "id").empty()) return Status::InvalidArgument("remove without an \"id\"");
    tailer_->RemoveSource(Str(j, "id"));
  } else if (event == "sync") {
    if (!j.contains("ids") || !j["ids"].is_array()) return Status::InvalidArgument("sync without \"ids\"");
    std::set<std::string> ids;
    for (const auto& id : j["ids"]) {
      if (id.is_string()) ids.insert(id.get<std::string>());
    }
    tailer_->SyncSources(ids);
  } else {
    return Status::InvalidArgument("unknown event '" + event + "'");
  }
  return Status::OK();
}

}  // namespace lc
