#include "common/stream/watch_event.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

namespace lc {

using json = nlohmann::json;

Status DecodeWatchEvent(std::string_view line, WatchEvent* out) {
  json j = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("not a JSON object");
  auto it = j.find("event");
  std::string event = it != j.end() && it->is_string() ? it->get<std::string>() : "";
  WatchEvent e;
  if (event == "add") {
    e.type = WatchEvent::kAdd;
    if (!j.contains("key") || !j["key"].is_string() || j["key"].get<std::string>().empty()) {
      return Status::InvalidArgument("add without a \"key\"");
    }
    e.key = j["key"].get<std::string>();
    if (!j.contains("paths") || !j["paths"].is_array() || j["paths"].empty()) {
      return Status::InvalidArgument("add without \"paths\"");
    }
    for (const auto& p : j["paths"]) {
      if (!p.is_string() || p.get<std::string>().empty() || p.get<std::string>()[0] != '/') {
        return Status::InvalidArgument("paths must be absolute strings");
      }
      e.paths.push_back(p.get<std::string>());
    }
    if (j.contains("excludes")) {
      if (!j["excludes"].is_array()) return Status::InvalidArgument("\"excludes\" must be an array of strings");
      for (const auto& p : j["excludes"]) {
        if (!p.is_string()) return Status::InvalidArgument("\"excludes\" must be an array of strings");
        e.excludes.push_back(p.get<std::string>());
      }
    }
    if (j.contains("root")) {
      if (!j["root"].is_string()) return Status::InvalidArgument("\"root\" must be a string");
      e.root = j["root"].get<std::string>();
    }
    if (j.contains("tags")) {
      if (!j["tags"].is_object()) return Status::InvalidArgument("\"tags\" must be an object");
      for (auto& [k, v] : j["tags"].items()) {
        e.tags.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
      }
    }
    if (j.contains("from")) {
      if (!j["from"].is_string()) return Status::InvalidArgument("\"from\" must be head or tail");
      e.from = j["from"].get<std::string>();
    }
    if (e.from != "" && e.from != "head" && e.from != "tail") {
      return Status::InvalidArgument("\"from\" must be head or tail");
    }
    for (auto [name, field] : {std::pair{"parser", &e.parser}, std::pair{"multiline", &e.multiline}}) {
      auto it = j.find(name);
      if (it == j.end()) continue;
      if (!it->is_object()) return Status::InvalidArgument(std::string("\"") + name + "\" must be an object");
      *field = it->dump();
    }
  } else if (event == "remove") {
    e.type = WatchEvent::kRemove;
    if (!j.contains("key") || !j["key"].is_string() || j["key"].get<std::string>().empty()) {
      return Status::InvalidArgument("remove without a \"key\"");
    }
    e.key = j["key"].get<std::string>();
  } else if (event == "sync") {
    e.type = WatchEvent::kSync;
    if (!j.contains("keys") || !j["keys"].is_array()) return Status::InvalidArgument("sync without \"keys\"");
    for (const auto& k : j["keys"]) {
      if (!k.is_string()) return Status::InvalidArgument("\"keys\" must be an array of strings");
      e.keys.push_back(k.get<std::string>());
    }
    std::sort(e.keys.begin(), e.keys.end());  // as WatchEvent says, whatever order the writer used
  } else {
    return Status::InvalidArgument("unknown event '" + event + "'");
  }
  *out = std::move(e);
  return Status::OK();
}

void AppendWatchEvent(const WatchEvent& e, std::string* out) {
  json j = json::object();  // a std::map: dump() sorts the keys
  if (e.type == WatchEvent::kAdd) {
    j["event"] = "add";
    j["key"] = e.key;
    j["paths"] = e.paths;
    if (!e.excludes.empty()) j["excludes"] = e.excludes;
    if (!e.root.empty()) j["root"] = e.root;
    if (!e.tags.empty()) {
      json tags = json::object();
      for (const auto& [k, v] : e.tags) tags[k] = v;
      j["tags"] = std::move(tags);
    }
    if (!e.from.empty()) j["from"] = e.from;
    if (!e.parser.empty()) j["parser"] = json::parse(e.parser, nullptr, false);
    if (!e.multiline.empty()) j["multiline"] = json::parse(e.multiline, nullptr, false);
  } else if (e.type == WatchEvent::kRemove) {
    j["event"] = "remove";
    j["key"] = e.key;
  } else {
    j["event"] = "sync";
    std::vector<std::string> keys = e.keys;
    std::sort(keys.begin(), keys.end());
    j["keys"] = std::move(keys);
  }
  out->append(j.dump(-1, ' ', false, json::error_handler_t::replace));
  out->push_back('\n');
}

}  // namespace lc
