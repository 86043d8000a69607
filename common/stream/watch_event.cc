#include "common/stream/watch_event.h"

#include <set>

#include <nlohmann/json.hpp>

namespace lc {

Status ApplyWatchEvent(Tailer* tailer, const std::string& line) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("not a JSON object");
  std::string event = j.value("event", "");
  if (event == "add") {
    WatchSource s;
    if (!j.contains("key") || !j["key"].is_string() || j["key"].get<std::string>().empty()) {
      return Status::InvalidArgument("add without a \"key\"");
    }
    s.key = j["key"].get<std::string>();
    if (!j.contains("paths") || !j["paths"].is_array()) {
      return Status::InvalidArgument("add without \"paths\"");
    }
    for (const auto& p : j["paths"]) {
      if (!p.is_string() || p.get<std::string>().empty() || p.get<std::string>()[0] != '/') {
        return Status::InvalidArgument("paths must be absolute strings");
      }
      s.paths.push_back(p.get<std::string>());
    }
    if (j.contains("excludes") && j["excludes"].is_array()) {
      for (const auto& p : j["excludes"]) {
        if (p.is_string()) s.excludes.push_back(p.get<std::string>());
      }
    }
    if (j.contains("root") && j["root"].is_string()) s.root = j["root"].get<std::string>();
    if (j.contains("tags") && j["tags"].is_object()) {
      for (auto& [k, v] : j["tags"].items()) {
        s.tags.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
      }
    }
    s.from = j.value("from", "");
    if (s.from != "" && s.from != "head" && s.from != "tail") {
      return Status::InvalidArgument("\"from\" must be head or tail");
    }
    tailer->AddSource(std::move(s));
  } else if (event == "remove") {
    if (!j.contains("key") || !j["key"].is_string()) return Status::InvalidArgument("remove without a \"key\"");
    tailer->RemoveSource(j["key"].get<std::string>());
  } else if (event == "sync") {
    if (!j.contains("keys") || !j["keys"].is_array()) return Status::InvalidArgument("sync without \"keys\"");
    std::set<std::string> keys;
    for (const auto& k : j["keys"]) {
      if (k.is_string()) keys.insert(k.get<std::string>());
    }
    tailer->SyncSources(keys);
  } else {
    return Status::InvalidArgument("unknown event '" + event + "'");
  }
  return Status::OK();
}

}  // namespace lc
