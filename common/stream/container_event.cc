#include "common/stream/container_event.h"

#include <nlohmann/json.hpp>

#include "common/base/duration.h"
#include "common/base/rfc3339.h"
#include "common/json/json_fields.h"
#include "common/json/json_member.h"

namespace lc {
namespace {

using json = nlohmann::json;

// RFC 3339 to nanoseconds; 0 for Go's zero time ("0001-01-01T00:00:00Z"),
// an empty string or anything unparsable.
int64_t Time(const json& j, const char* key) {
  std::string s = StringMember(j, key);
  int64_t n = 0;
  if (s.empty() || !ParseRfc3339(s.data(), s.size(), &n) || n <= 0) return 0;
  return n;
}

// A boolean member, or `otherwise` when absent or of another type: a reply
// is outside input, and json::value() throws on a wrong type.
bool BoolMember(const json& j, const char* key, bool otherwise) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : otherwise;
}

std::map<std::string, std::string> StringMap(const json& j) {
  std::map<std::string, std::string> m;
  if (!j.is_object()) return m;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.value().is_string()) m[it.key()] = it.value().get<std::string>();
  }
  return m;
}

// The log format a reader needs for the driver's files, or "" if the driver
// keeps no file we can read (journald, local, syslog, none).  podman's
// "json-file" is an alias of its k8s-file driver, which writes CRI lines.
std::string LogFormat(const std::string& runtime, const std::string& driver) {
  if (runtime == "podman") return driver == "k8s-file" || driver == "json-file" ? "cri" : "";
  return driver == "json-file" ? "docker-json" : "";
}

}  // namespace

std::string HostPath(const std::string& host_root, const std::string& path) {
  if (host_root.empty() || path.empty() || path[0] != '/') return path;
  std::string r = host_root;
  while (r.size() > 1 && r.back() == '/') r.pop_back();
  if (r == "/") return path;
  return r + path;
}

std::vector<std::string> SplitLowerDirs(const std::string& lowerdir, const std::string& host_root) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < lowerdir.size()) {
    size_t k = lowerdir.find(':', i);
    if (k == std::string::npos) k = lowerdir.size();
    if (k > i) out.push_back(HostPath(host_root, lowerdir.substr(i, k - i)));
    i = k + 1;
  }
  return out;
}

Status ParseInspect(const std::string& body, const InspectOptions& opt, ContainerInfo* out) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || StringMember(j, "Id").empty()) {
    return Status::Corruption("inspect: not a container object");
  }
  ContainerInfo c;
  c.id = StringMember(j, "Id");
  c.name = StringMember(j, "Name");
  if (!c.name.empty() && c.name[0] == '/') c.name.erase(0, 1);
  const json& config = ObjectMember(j, "Config");
  const json& state = ObjectMember(j, "State");
  c.image = StringMember(config, "Image");
  if (c.image.empty()) c.image = StringMember(j, "ImageName");  // podman
  c.state = StringMember(state, "Status");
  if (auto it = state.find("Pid"); it != state.end() && it->is_number_integer()) c.pid = it->get<int64_t>();
  c.created = Time(j, "Created");
  c.started = Time(state, "StartedAt");
  if (!c.alive()) c.finished = Time(state, "FinishedAt");
  c.labels = StringMap(config.value("Labels", json::object()));
  if (auto it = config.find("Env"); it != config.end() && it->is_array()) {
    for (const json& e : *it) {
      if (!e.is_string()) continue;
      const std::string& kv = e.get_ref<const std::string&>();
      size_t eq = kv.find('=');
      c.env[kv.substr(0, eq)] = eq == std::string::npos ? std::string() : kv.substr(eq + 1);
    }
  }
  if (auto it = j.find("Mounts"); it != j.end() && it->is_array()) {
    for (const json& m : *it) {
      if (!m.is_object()) continue;
      ContainerMount cm;
      cm.source = HostPath(opt.host_root, StringMember(m, "Source"));
      cm.destination = StringMember(m, "Destination");
      cm.rw = BoolMember(m, "RW", true);
      c.mounts.push_back(std::move(cm));
    }
  }
  // `docker run --tmpfs DIR` is in HostConfig.Tmpfs only, not in Mounts: a
  // mount without a source, which the host cannot read (lc-render says so).
  const json& tmpfs = ObjectMember(ObjectMember(j, "HostConfig"), "Tmpfs");
  for (auto it = tmpfs.begin(); it != tmpfs.end(); ++it) {
    bool listed = false;
    for (const ContainerMount& m : c.mounts) listed = listed || m.destination == it.key();
    if (!listed) c.mounts.push_back(ContainerMount{"", it.key(), true});
  }
  const json& graph = ObjectMember(ObjectMember(j, "GraphDriver"), "Data");
  c.rootfs = HostPath(opt.host_root, StringMember(graph, "MergedDir"));
  c.upperdir = HostPath(opt.host_root, StringMember(graph, "UpperDir"));
  c.lowerdirs = SplitLowerDirs(StringMember(graph, "LowerDir"), opt.host_root);
  c.runtime = opt.runtime;
  std::string driver = StringMember(ObjectMember(ObjectMember(j, "HostConfig"), "LogConfig"), "Type");
  c.log_format = LogFormat(opt.runtime, driver);
  if (!c.log_format.empty()) c.log_path = HostPath(opt.host_root, StringMember(j, "LogPath"));
  if (c.log_path.empty()) c.log_format.clear();
  c.k8s = K8sMetadata::From(c.labels, c.name);
  c.sandbox = K8sMetadata::IsSandbox(c.labels, c.name) || BoolMember(j, "IsInfra", false);
  *out = std::move(c);
  return Status::OK();
}

void AppendUpsert(const ContainerInfo& c, std::string* out) {
  json j = json::object();  // a std::map: dump() sorts the keys
  j["event"] = "upsert";
  j["id"] = c.id;
  j["name"] = c.name;
  j["image"] = c.image;
  j["state"] = c.state;
  j["pid"] = c.pid;
  if (c.created) j["created"] = FormatRfc3339Nanos(c.created);
  if (c.started) j["started"] = FormatRfc3339Nanos(c.started);
  if (c.finished) j["finished"] = FormatRfc3339Nanos(c.finished);
  j["runtime"] = c.runtime;
  j["labels"] = c.labels;
  j["env"] = c.env;
  json mounts = json::array();
  for (const ContainerMount& m : c.mounts) {
    mounts.push_back({{"source", m.source}, {"destination", m.destination}, {"rw", m.rw}});
  }
  j["mounts"] = std::move(mounts);
  if (!c.rootfs.empty()) j["rootfs"] = c.rootfs;
  if (!c.upperdir.empty()) j["upperdir"] = c.upperdir;
  if (!c.lowerdirs.empty()) j["lowerdirs"] = c.lowerdirs;
  if (!c.log_path.empty()) {
    j["log_path"] = c.log_path;
    j["log_format"] = c.log_format;
  }
  if (c.k8s.present()) {
    j["k8s"] = {{"namespace", c.k8s.namespace_name},
                {"pod", c.k8s.pod},
                {"pod_uid", c.k8s.pod_uid},
                {"container", c.k8s.container}};
  }
  // Invalid UTF-8 in a label or env value is replaced, never a throw.
  out->append(j.dump(-1, ' ', false, json::error_handler_t::replace));
  out->push_back('\n');
}

void AppendRemove(const std::string& id, int64_t finished, std::string* out) {
  json j = {{"event", "remove"}, {"id", id}};
  if (finished) j["finished"] = FormatRfc3339Nanos(finished);
  out->append(j.dump(-1, ' ', false, json::error_handler_t::replace));
  out->push_back('\n');
}

void AppendSync(const std::vector<std::string>& ids, std::string* out) {
  json j = {{"event", "sync"}, {"ids", ids}};
  out->append(j.dump(-1, ' ', false, json::error_handler_t::replace));
  out->push_back('\n');
}

void AppendContainerEvent(const ContainerEvent& e, std::string* out) {
  switch (e.type) {
    case ContainerEvent::kUpsert:
      AppendUpsert(e.container, out);
      break;
    case ContainerEvent::kRemove:
      AppendRemove(e.container.id, e.container.finished, out);
      break;
    case ContainerEvent::kSync:
      AppendSync(e.ids, out);
      break;
  }
}

namespace {

// The decoder's field readers: absent is fine (the default stays), a value of
// the wrong type is an error naming the field.
Status Bad(const char* event, const std::string& field, const char* want) {
  return Status::InvalidArgument(std::string(event) + ": \"" + field + "\" is not " + want);
}

Status ReadString(const json& j, const char* event, const char* field, std::string* out) {
  auto it = j.find(field);
  if (it == j.end()) return Status::OK();
  if (!it->is_string()) return Bad(event, field, "a string");
  *out = it->get<std::string>();
  return Status::OK();
}

Status ReadTime(const json& j, const char* event, const char* field, int64_t* out) {
  std::string s;
  if (Status st = ReadString(j, event, field, &s); !st.ok() || s.empty()) return st;
  if (!ParseRfc3339(s.data(), s.size(), out)) return Bad(event, field, "an RFC 3339 time");
  return Status::OK();
}

Status ReadStringMap(const json& j, const char* event, const char* field, std::map<std::string, std::string>* out) {
  auto it = j.find(field);
  if (it == j.end()) return Status::OK();
  if (!it->is_object()) return Bad(event, field, "an object of strings");
  for (auto m = it->begin(); m != it->end(); ++m) {
    if (!m.value().is_string()) return Bad(event, field + std::string(".") + m.key(), "a string");
    (*out)[m.key()] = m.value().get<std::string>();
  }
  return Status::OK();
}

Status DecodeUpsert(const json& j, ContainerInfo* c) {
  const char* ev = "upsert";
  Status s;
  if (!(s = ReadString(j, ev, "id", &c->id)).ok()) return s;
  if (c->id.empty()) return Status::InvalidArgument("upsert without an \"id\"");
  for (auto [field, out] : {std::pair{"name", &c->name}, {"image", &c->image}, {"state", &c->state},
                            {"runtime", &c->runtime}, {"rootfs", &c->rootfs}, {"upperdir", &c->upperdir},
                            {"log_path", &c->log_path}, {"log_format", &c->log_format}}) {
    if (!(s = ReadString(j, ev, field, out)).ok()) return s;
  }
  if (auto it = j.find("pid"); it != j.end()) {
    if (!it->is_number_integer()) return Bad(ev, "pid", "an integer");
    c->pid = it->get<int64_t>();
  }
  for (auto [field, out] : {std::pair{"created", &c->created}, {"started", &c->started}, {"finished", &c->finished}}) {
    if (!(s = ReadTime(j, ev, field, out)).ok()) return s;
  }
  if (!(s = ReadStringMap(j, ev, "labels", &c->labels)).ok()) return s;
  if (!(s = ReadStringMap(j, ev, "env", &c->env)).ok()) return s;
  if (auto it = j.find("mounts"); it != j.end()) {
    if (!it->is_array()) return Bad(ev, "mounts", "an array of objects");
    for (const json& m : *it) {
      if (!m.is_object()) return Bad(ev, "mounts", "an array of objects");
      ContainerMount cm;
      if (!(s = ReadString(m, ev, "source", &cm.source)).ok()) return s;
      if (!(s = ReadString(m, ev, "destination", &cm.destination)).ok()) return s;
      if (auto rw = m.find("rw"); rw != m.end()) {
        if (!rw->is_boolean()) return Bad(ev, "rw", "true or false");
        cm.rw = rw->get<bool>();
      }
      c->mounts.push_back(std::move(cm));
    }
  }
  if (auto it = j.find("lowerdirs"); it != j.end()) {
    if (!it->is_array()) return Bad(ev, "lowerdirs", "an array of strings");
    for (const json& d : *it) {
      if (!d.is_string()) return Bad(ev, "lowerdirs", "an array of strings");
      c->lowerdirs.push_back(d.get<std::string>());
    }
  }
  if (auto it = j.find("k8s"); it != j.end()) {
    if (!it->is_object()) return Bad(ev, "k8s", "an object");
    for (auto [field, out] : {std::pair{"namespace", &c->k8s.namespace_name}, {"pod", &c->k8s.pod},
                              {"pod_uid", &c->k8s.pod_uid}, {"container", &c->k8s.container}}) {
      if (!(s = ReadString(*it, ev, field, out)).ok()) return s;
    }
  }
  return Status::OK();
}

}  // namespace

namespace {

// The fast path of DecodeContainerEvent: lc-render and lc-stdout decode
// every event lc-discover writes, and a JSON tree per event was most of
// lc-render's time.  It takes only lines that are well-formed objects of
// valid UTF-8 without a backslash (so every string is its own bytes) and
// only events it can decode whole; for anything else -- an error to word,
// a number it would have to round, an escape -- it returns false and the
// tree decoder below decides, so both paths agree by construction.  A key
// given twice counts once, with its last value, as in the tree.
class FastDecoder {
 public:
  static bool Decode(std::string_view line, ContainerEvent* out) {
    if (line.find('\\') != std::string_view::npos) return false;
    // One strict pass: the grammar, and UTF-8 in strings (outside them only
    // ASCII is allowed), so nested values are walked below without checks.
    std::vector<JsonMember> top;
    bool whole = ForEachStrictJsonMember(line, [&](const JsonMember& m) {
      top.push_back(m);
      return true;
    });
    if (!whole) return false;
    std::string event;
    if (!Str(Find(top, "event"), &event)) return false;
    ContainerEvent e;
    if (event == "upsert") {
      e.type = ContainerEvent::kUpsert;
      if (!Upsert(top, &e.container)) return false;
    } else if (event == "remove") {
      e.type = ContainerEvent::kRemove;
      if (!Str(Find(top, "id"), &e.container.id) || e.container.id.empty()) return false;
      if (!Time(Find(top, "finished"), &e.container.finished)) return false;
    } else if (event == "sync") {
      e.type = ContainerEvent::kSync;
      const JsonMember* ids = Find(top, "ids");
      if (ids == nullptr || !Strings(ids, &e.ids)) return false;
    } else {
      return false;
    }
    *out = std::move(e);
    return true;
  }

 private:
  static bool Collect(std::string_view object, std::vector<JsonMember>* out) {
    return ForEachJsonMember(object, [&](const JsonMember& m) {
      out->push_back(m);
      return true;
    });
  }
  static const JsonMember* Find(const std::vector<JsonMember>& v, std::string_view key) {
    for (auto it = v.rbegin(); it != v.rend(); ++it) {
      if (it->key == key) return &*it;
    }
    return nullptr;
  }
  // Each reader leaves *out alone for an absent member (m == nullptr) and
  // returns false for one it cannot take.
  static bool Str(const JsonMember* m, std::string* out) {
    if (m == nullptr) return true;
    if (m->type != JsonMember::kString) return false;
    out->assign(m->value);
    return true;
  }
  static bool Time(const JsonMember* m, int64_t* out) {
    if (m == nullptr) return true;
    if (m->type != JsonMember::kString) return false;
    return m->value.empty() || ParseRfc3339(m->value.data(), m->value.size(), out);
  }
  static bool Strings(const JsonMember* m, std::vector<std::string>* out) {
    if (m->type != JsonMember::kArray) return false;
    bool ok = true;
    ForEachJsonElement(m->value, [&](const JsonMember& d) {
      ok = d.type == JsonMember::kString;
      if (ok) out->emplace_back(d.value);
      return ok;
    });
    return ok;
  }
  static bool StringMap(const JsonMember* m, std::map<std::string, std::string>* out) {
    if (m == nullptr) return true;
    if (m->type != JsonMember::kObject) return false;
    bool ok = true;
    ForEachJsonMember(m->value, [&](const JsonMember& v) {
      ok = v.type == JsonMember::kString;
      if (ok) (*out)[std::string(v.key)].assign(v.value);
      return ok;
    });
    return ok;
  }
  // Only what fits an int64 for certain (18 digits); the tree decides the rest.
  static bool Int(const JsonMember* m, int64_t* out) {
    if (m == nullptr) return true;
    std::string_view v = m->value;
    bool negative = !v.empty() && v[0] == '-';
    if (negative) v.remove_prefix(1);
    if (m->type != JsonMember::kNumber || v.empty() || v.size() > 18) return false;
    int64_t n = 0;
    for (char c : v) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + (c - '0');
    }
    *out = negative ? -n : n;
    return true;
  }
  static bool Upsert(const std::vector<JsonMember>& top, ContainerInfo* c) {
    if (!Str(Find(top, "id"), &c->id) || c->id.empty()) return false;
    for (auto [field, out] : {std::pair{"name", &c->name}, {"image", &c->image}, {"state", &c->state},
                              {"runtime", &c->runtime}, {"rootfs", &c->rootfs}, {"upperdir", &c->upperdir},
                              {"log_path", &c->log_path}, {"log_format", &c->log_format}}) {
      if (!Str(Find(top, field), out)) return false;
    }
    if (!Int(Find(top, "pid"), &c->pid)) return false;
    for (auto [field, out] : {std::pair{"created", &c->created}, {"started", &c->started}, {"finished", &c->finished}}) {
      if (!Time(Find(top, field), out)) return false;
    }
    if (!StringMap(Find(top, "labels"), &c->labels) || !StringMap(Find(top, "env"), &c->env)) return false;
    if (const JsonMember* mounts = Find(top, "mounts")) {
      if (mounts->type != JsonMember::kArray) return false;
      bool ok = true;
      ForEachJsonElement(mounts->value, [&](const JsonMember& d) {
        std::vector<JsonMember> m;
        ContainerMount cm;
        ok = d.type == JsonMember::kObject && Collect(d.value, &m) && Str(Find(m, "source"), &cm.source) &&
             Str(Find(m, "destination"), &cm.destination);
        if (const JsonMember* rw = ok ? Find(m, "rw") : nullptr) {
          ok = rw->type == JsonMember::kTrue || rw->type == JsonMember::kFalse;
          cm.rw = rw->type == JsonMember::kTrue;
        }
        if (ok) c->mounts.push_back(std::move(cm));
        return ok;
      });
      if (!ok) return false;
    }
    if (const JsonMember* lower = Find(top, "lowerdirs"); lower != nullptr && !Strings(lower, &c->lowerdirs)) {
      return false;
    }
    if (const JsonMember* k8s = Find(top, "k8s")) {
      std::vector<JsonMember> k;
      if (k8s->type != JsonMember::kObject || !Collect(k8s->value, &k)) return false;
      for (auto [field, out] : {std::pair{"namespace", &c->k8s.namespace_name}, {"pod", &c->k8s.pod},
                                {"pod_uid", &c->k8s.pod_uid}, {"container", &c->k8s.container}}) {
        if (!Str(Find(k, field), out)) return false;
      }
    }
    return true;
  }
};

}  // namespace

Status DecodeContainerEvent(std::string_view line, ContainerEvent* out) {
  if (FastDecoder::Decode(line, out)) return Status::OK();
  json j = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("not a JSON object");
  std::string event;
  if (Status s = ReadString(j, "event", "event", &event); !s.ok()) return s;
  ContainerEvent e;
  if (event == "upsert") {
    e.type = ContainerEvent::kUpsert;
    if (Status s = DecodeUpsert(j, &e.container); !s.ok()) return s;
  } else if (event == "remove") {
    e.type = ContainerEvent::kRemove;
    if (Status s = ReadString(j, "remove", "id", &e.container.id); !s.ok()) return s;
    if (e.container.id.empty()) return Status::InvalidArgument("remove without an \"id\"");
    if (Status s = ReadTime(j, "remove", "finished", &e.container.finished); !s.ok()) return s;
  } else if (event == "sync") {
    e.type = ContainerEvent::kSync;
    auto it = j.find("ids");
    if (it == j.end() || !it->is_array()) return Status::InvalidArgument("sync without \"ids\"");
    for (const json& id : *it) {
      if (!id.is_string()) return Bad("sync", "ids", "an array of strings");
      e.ids.push_back(id.get<std::string>());
    }
  } else {
    return Status::InvalidArgument("unknown event '" + event + "'");
  }
  *out = std::move(e);
  return Status::OK();
}

}  // namespace lc
