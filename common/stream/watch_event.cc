#include "common/stream/watch_event.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "common/json/json_escape.h"

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

namespace {

void AppendStrings(const std::vector<std::string>& v, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < v.size(); i++) {
    if (i) out->push_back(',');
    AppendJsonString(out, v[i]);
  }
  out->push_back(']');
}

// parser and multiline are JSON objects' text: written as nlohmann writes
// them (compact, keys sorted), or null if the text is not JSON.
void AppendObjectText(const std::string& text, std::string* out) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) j = nullptr;
  out->append(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace

// Written directly rather than through a json object: lc-render writes one
// add per (config, container), and building the tree was half its cost.
// The members are in sorted order, as the stream promises.
void AppendWatchEvent(const WatchEvent& e, std::string* out) {
  if (e.type == WatchEvent::kRemove) {
    out->append("{\"event\":\"remove\",\"key\":");
    AppendJsonString(out, e.key);
    out->append("}\n");
    return;
  }
  if (e.type == WatchEvent::kSync) {
    std::vector<std::string> keys = e.keys;
    std::sort(keys.begin(), keys.end());
    out->append("{\"event\":\"sync\",\"keys\":");
    AppendStrings(keys, out);
    out->append("}\n");
    return;
  }
  out->append("{\"event\":\"add\"");
  if (!e.excludes.empty()) {
    out->append(",\"excludes\":");
    AppendStrings(e.excludes, out);
  }
  if (!e.from.empty()) {
    out->append(",\"from\":");
    AppendJsonString(out, e.from);
  }
  out->append(",\"key\":");
  AppendJsonString(out, e.key);
  if (!e.multiline.empty()) {
    out->append(",\"multiline\":");
    AppendObjectText(e.multiline, out);
  }
  if (!e.parser.empty()) {
    out->append(",\"parser\":");
    AppendObjectText(e.parser, out);
  }
  out->append(",\"paths\":");
  AppendStrings(e.paths, out);
  if (!e.root.empty()) {
    out->append(",\"root\":");
    AppendJsonString(out, e.root);
  }
  if (!e.tags.empty()) {
    // Sorted by name, and a name given twice keeps its last value (as a map
    // would): the order of `tags` is the caller's, the stream's is sorted.
    std::vector<size_t> order(e.tags.size());
    for (size_t i = 0; i < order.size(); i++) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return e.tags[a].first < e.tags[b].first; });
    out->append(",\"tags\":{");
    bool first = true;
    for (size_t i = 0; i < order.size(); i++) {
      const auto& [k, v] = e.tags[order[i]];
      if (i + 1 < order.size() && e.tags[order[i + 1]].first == k) continue;
      if (!first) out->push_back(',');
      first = false;
      AppendJsonString(out, k);
      out->push_back(':');
      AppendJsonString(out, v);
    }
    out->push_back('}');
  }
  out->append("}\n");
}

}  // namespace lc
