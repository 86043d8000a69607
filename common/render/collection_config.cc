#include "common/render/collection_config.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "common/base/rate_limiter.h"
#include "common/parse/shape_config.h"

namespace lc {

using json = nlohmann::json;

namespace {

// Builds the "<file>: <field>: <reason>" error.
struct Errors {
  const std::string& file;
  Status operator()(const std::string& field, const std::string& reason) const {
    return Status::InvalidArgument(file + ": " + field + ": " + reason);
  }
};

Status CheckKnown(const json& obj, const std::set<std::string>& known, const std::string& prefix,
                  const Errors& err) {
  for (auto& [k, v] : obj.items()) {
    if (!known.count(k)) return err(prefix + k, "unknown field");
  }
  return Status::OK();
}

Status StringArray(const json& obj, const std::string& key, const std::string& field, const Errors& err,
                   std::vector<std::string>* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::OK();
  if (!it->is_array()) return err(field, "not an array of strings");
  for (size_t i = 0; i < it->size(); i++) {
    const json& v = (*it)[i];
    if (!v.is_string()) return err(field + "[" + std::to_string(i) + "]", "not a string");
    out->push_back(v.get<std::string>());
  }
  return Status::OK();
}

Status StringMap(const json& obj, const std::string& key, const Errors& err,
                 std::vector<std::pair<std::string, std::string>>* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::OK();
  if (!it->is_object()) return err(key, "not an object of strings");
  for (auto& [k, v] : it->items()) {
    if (k.empty()) return err(key, "an empty name");
    if (!v.is_string() || v.get<std::string>().empty()) return err(key + "." + k, "not a non-empty string");
    out->emplace_back(k, v.get<std::string>());
  }
  std::sort(out->begin(), out->end());
  return Status::OK();
}

bool ValidName(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return s != "." && s != "..";
}

// The filter kinds of lc-discover, by their config name.
struct FilterKind {
  const char* name;
  FilterSpec::KeyValues FilterSpec::*kv;
  std::vector<std::string> FilterSpec::*plain;
  bool empty_is_any;
};
const FilterKind kFilterKinds[] = {
    {"include_label", &FilterSpec::include_label, nullptr, true},
    {"exclude_label", &FilterSpec::exclude_label, nullptr, true},
    {"include_env", &FilterSpec::include_env, nullptr, true},
    {"exclude_env", &FilterSpec::exclude_env, nullptr, true},
    {"include_image", nullptr, &FilterSpec::include_image, false},
    {"exclude_image", nullptr, &FilterSpec::exclude_image, false},
    {"k8s_namespace", nullptr, &FilterSpec::k8s_namespace, false},
    {"k8s_pod", nullptr, &FilterSpec::k8s_pod, false},
    {"k8s_container", nullptr, &FilterSpec::k8s_container, false},
};

Status ParseContainers(const json& obj, const Errors& err, FilterSpec* spec,
                       std::vector<std::pair<std::string, std::string>>* flags) {
  if (!obj.is_object()) return err("input.containers", "not an object");
  for (auto& [k, v] : obj.items()) {
    const FilterKind* kind = nullptr;
    for (const FilterKind& f : kFilterKinds) {
      if (k == f.name) kind = &f;
    }
    if (kind == nullptr) return err("input.containers." + k, "unknown filter");
    std::string field = "input.containers." + k;
    std::vector<std::string> values;
    if (Status s = StringArray(obj, k, field, err, &values); !s.ok()) return s;
    std::string flag = "--" + k;
    std::replace(flag.begin(), flag.end(), '_', '-');
    for (size_t i = 0; i < values.size(); i++) {
      std::string at = field + "[" + std::to_string(i) + "]";
      std::string value = values[i];
      flags->emplace_back(flag, value);
      if (kind->kv != nullptr) {
        size_t eq = value.find('=');
        if (eq == std::string::npos || eq == 0) return err(at, "'" + value + "': want KEY=VALUE");
        (spec->*(kind->kv)).emplace_back(value.substr(0, eq), value.substr(eq + 1));
        value = value.substr(eq + 1);
      } else {
        (spec->*(kind->plain)).push_back(value);
      }
      ValueMatcher m;
      if (Status s = ValueMatcher::Create(value, kind->empty_is_any, &m); !s.ok()) return err(at, s.message());
    }
  }
  return Status::OK();
}

// Paths and excludes: absolute globs naming files (inside the container for
// container_file, on the host for host_file).
Status ParsePaths(const json& in, const Errors& err, CollectionConfig* c) {
  if (!in.contains("paths")) return err("input.paths", "missing");
  if (Status s = StringArray(in, "paths", "input.paths", err, &c->paths); !s.ok()) return s;
  if (c->paths.empty()) return err("input.paths", "empty");
  for (size_t i = 0; i < c->paths.size(); i++) {
    const std::string& p = c->paths[i];
    std::string at = "input.paths[" + std::to_string(i) + "]";
    if (p.empty() || p[0] != '/') return err(at, "not absolute");
    if (p.back() == '/') return err(at, "names a directory (want files: end it with a file name or glob)");
  }
  if (Status s = StringArray(in, "exclude", "input.exclude", err, &c->excludes); !s.ok()) return s;
  for (size_t i = 0; i < c->excludes.size(); i++) {
    const std::string& p = c->excludes[i];
    if (p.empty() || (p.find('/') != std::string::npos && p[0] != '/')) {
      return err("input.exclude[" + std::to_string(i) + "]", "want an absolute glob or a base-name glob");
    }
  }
  return Status::OK();
}

const char kTypes[] = "want \"container_file\", \"host_file\" or \"container_stdout\"";

Status ParseInput(const json& in, const Errors& err, CollectionConfig* c) {
  if (!in.is_object()) return err("input", "not an object");
  auto type = in.find("type");
  if (type == in.end()) return err("input.type", std::string("missing (") + kTypes + ")");
  c->type = type->is_string() ? type->get<std::string>() : "";
  std::set<std::string> known;
  if (c->type == "container_file") {
    known = {"type", "paths", "exclude", "containers"};
  } else if (c->type == "host_file") {
    known = {"type", "paths", "exclude"};
  } else if (c->type == "container_stdout") {
    known = {"type", "containers", "streams"};
  } else {
    return err("input.type", type->dump() + ": unknown input type (" + kTypes + ")");
  }
  for (auto& [k, v] : in.items()) {
    if (known.count(k)) continue;
    bool elsewhere = k == "paths" || k == "exclude" || k == "containers" || k == "streams";
    return err("input." + k, elsewhere ? "not a field of input.type \"" + c->type + "\"" : "unknown field");
  }
  if (c->type != "container_stdout") {
    if (Status s = ParsePaths(in, err, c); !s.ok()) return s;
  }
  if (Status s = StringArray(in, "streams", "input.streams", err, &c->streams); !s.ok()) return s;
  if (in.contains("streams") && c->streams.empty()) return err("input.streams", "empty");
  for (size_t i = 0; i < c->streams.size(); i++) {
    if (c->streams[i] != "stdout" && c->streams[i] != "stderr") {
      return err("input.streams[" + std::to_string(i) + "]", "want \"stdout\" or \"stderr\"");
    }
  }
  if (auto it = in.find("containers"); it != in.end()) {
    if (Status s = ParseContainers(*it, err, &c->containers, &c->discover_flags); !s.ok()) return s;
  }
  return Status::OK();
}

// A machine group: what a node lists in LCTK_GROUPS or its groups file.
bool ValidGroup(const std::string& g) {
  if (g.empty()) return false;
  for (unsigned char ch : g) {
    if (ch <= ' ' || ch == ',' || ch == 0x7f) return false;
  }
  return true;
}

// An lc-ship sink URL: a scheme and ':'; lc-ship checks the rest when it starts.
bool ValidSink(const std::string& u) {
  size_t colon = u.find(':');
  if (colon == std::string::npos || colon == 0 || !std::isalpha(static_cast<unsigned char>(u[0]))) return false;
  for (size_t i = 0; i < colon; i++) {
    char ch = u[i];
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '+' && ch != '.' && ch != '-') return false;
  }
  for (unsigned char ch : u) {
    if (ch < ' ' || ch == 0x7f) return false;
  }
  return true;
}

// Fields the readers of host files and container stdout do not act on yet:
// an error rather than a config that silently does less than it says.
Status CheckSupported(const json& j, const CollectionConfig& c, const Errors& err) {
  std::vector<std::string> unsupported;
  if (c.type == "host_file") unsupported = {"label_tags", "env_tags"};
  if (c.type == "container_stdout") unsupported = {"label_tags", "env_tags", "from"};
  for (const std::string& k : unsupported) {
    if (j.contains(k)) return err(k, "not supported for input.type \"" + c.type + "\" yet");
  }
  return Status::OK();
}

Status ParseObject(const json& obj, const std::string& key, const Errors& err, std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::OK();
  if (!it->is_object()) return err(key, "not an object");
  *out = it->dump();
  return Status::OK();
}

// A rate as a string ("10MB/s": ParseRate) or a whole number of bytes per second.
Status ParseRateLimit(const json& v, const Errors& err, int64_t* out) {
  if (v.is_number_unsigned() && v.get<uint64_t>() <= static_cast<uint64_t>(RateLimiter::kMaxRate)) {
    *out = static_cast<int64_t>(v.get<uint64_t>());
    return Status::OK();
  }
  if (!v.is_string()) return err("rate_limit", "want a rate such as \"10MB/s\" or a number of bytes per second");
  if (Status s = ParseRate(v.get<std::string>(), out); !s.ok()) return err("rate_limit", s.message());
  return Status::OK();
}

}  // namespace

Status CollectionConfig::Parse(const std::string& text, const std::string& file, CollectionConfig* out) {
  Errors err{file};
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    return Status::InvalidArgument(file + ": not JSON: " + e.what());
  }
  if (!j.is_object()) return Status::InvalidArgument(file + ": not a JSON object");
  Status s = CheckKnown(j, {"name", "input", "from", "tags", "label_tags", "env_tags", "parser", "multiline",
                            "rate_limit", "groups", "sink"},
                        "", err);
  if (!s.ok()) return s;
  CollectionConfig c;
  c.file = file;
  auto name = j.find("name");
  if (name == j.end()) return err("name", "missing");
  if (!name->is_string() || !ValidName(name->get<std::string>())) return err("name", "want [a-z0-9._-]+");
  c.name = name->get<std::string>();
  if (!j.contains("input")) return err("input", "missing");
  if (s = ParseInput(j["input"], err, &c); !s.ok()) return s;
  if (s = CheckSupported(j, c, err); !s.ok()) return s;
  if (s = StringArray(j, "groups", "groups", err, &c.groups); !s.ok()) return s;
  for (size_t i = 0; i < c.groups.size(); i++) {
    if (!ValidGroup(c.groups[i])) {
      return err("groups[" + std::to_string(i) + "]", "want a non-empty name without blanks or ','");
    }
  }
  if (auto it = j.find("sink"); it != j.end()) {
    if (!it->is_string() || !ValidSink(it->get<std::string>())) return err("sink", "want an lc-ship sink URL");
    c.sink = it->get<std::string>();
  }
  if (auto it = j.find("from"); it != j.end()) {
    if (!it->is_string() || (it->get<std::string>() != "head" && it->get<std::string>() != "tail")) {
      return err("from", "want \"head\" or \"tail\"");
    }
    c.from = it->get<std::string>();
  }
  if (s = StringMap(j, "tags", err, &c.tags); !s.ok()) return s;
  if (s = StringMap(j, "label_tags", err, &c.label_tags); !s.ok()) return s;
  if (s = StringMap(j, "env_tags", err, &c.env_tags); !s.ok()) return s;
  if (s = ParseObject(j, "parser", err, &c.parser); !s.ok()) return s;
  if (s = ParseObject(j, "multiline", err, &c.multiline); !s.ok()) return s;
  if (auto it = j.find("rate_limit"); it != j.end()) {
    if (s = ParseRateLimit(*it, err, &c.rate_limit); !s.ok()) return s;
  }
  // Checked here as lc-tail will build them (shape_config.h), so a bad
  // regex is this file's error, not a watch read unparsed later.
  std::unique_ptr<RecordShaper> shaper;
  if (s = MakeShaperFromConfig(c.parser, c.multiline, &shaper); !s.ok()) {
    return Status::InvalidArgument(file + ": " + s.message());
  }
  if (s = ContainerFilter::Create(c.containers, &c.filter); !s.ok()) return err("input.containers", s.message());
  *out = std::move(c);
  return Status::OK();
}

namespace {

Status ReadWhole(FileSystem* fs, const std::string& path, std::string* text) {
  std::unique_ptr<File> f;
  if (Status s = fs->Open(path, "", "", &f); !s.ok()) return s;
  text->clear();
  char buf[65536];
  for (;;) {
    size_t got = 0;
    if (Status s = f->ReadAt(static_cast<int64_t>(text->size()), buf, sizeof buf, &got); !s.ok()) return s;
    if (got == 0) return Status::OK();
    text->append(buf, got);
    if (text->size() > (16u << 20)) return Status::InvalidArgument(path + ": larger than 16 MiB");
  }
}

}  // namespace

bool CollectionConfig::AppliesTo(const std::vector<std::string>& node_groups) const {
  if (groups.empty()) return true;
  for (const std::string& g : groups) {
    if (std::find(node_groups.begin(), node_groups.end(), g) != node_groups.end()) return true;
  }
  return false;
}

Status LoadCollectionConfig(FileSystem* fs, const std::string& path, CollectionConfig* out) {
  std::string text;
  if (Status s = ReadWhole(fs, path, &text); !s.ok()) return Status::InvalidArgument(s.message());
  return CollectionConfig::Parse(text, path, out);
}

Status LoadCollectionConfigs(FileSystem* fs, const std::string& dir, const std::vector<std::string>& files,
                             std::vector<CollectionConfig>* out) {
  std::vector<std::string> paths;
  if (!dir.empty()) {
    std::vector<std::string> names;
    if (Status s = fs->ListDir(dir, &names); !s.ok()) return Status::InvalidArgument(s.message());
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) {
      if (n.size() > 5 && n.compare(n.size() - 5, 5, ".json") == 0 && n[0] != '.') paths.push_back(JoinPath(dir, n));
    }
  }
  paths.insert(paths.end(), files.begin(), files.end());
  std::vector<CollectionConfig> configs;
  std::map<std::string, std::string> seen;  // name -> file
  for (const std::string& p : paths) {
    CollectionConfig c;
    if (Status s = LoadCollectionConfig(fs, p, &c); !s.ok()) return s;
    auto [it, fresh] = seen.emplace(c.name, p);
    if (!fresh) return Status::InvalidArgument(p + ": name: '" + c.name + "' is already the name of " + it->second);
    configs.push_back(std::move(c));
  }
  if (configs.empty()) {
    return Status::InvalidArgument((dir.empty() ? std::string("no --config") : dir + ": no *.json config"));
  }
  *out = std::move(configs);
  return Status::OK();
}

}  // namespace lc
