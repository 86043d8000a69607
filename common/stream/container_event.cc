#include "common/stream/container_event.h"

#include <nlohmann/json.hpp>

#include "common/base/duration.h"
#include "common/base/rfc3339.h"

namespace lc {
namespace {

using json = nlohmann::json;

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json& Obj(const json& j, const char* key) {
  static const json empty = json::object();
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : empty;
}

// RFC 3339 to nanoseconds; 0 for Go's zero time ("0001-01-01T00:00:00Z"),
// an empty string or anything unparsable.
int64_t Time(const json& j, const char* key) {
  std::string s = Str(j, key);
  int64_t n = 0;
  if (s.empty() || !ParseRfc3339(s.data(), s.size(), &n) || n <= 0) return 0;
  return n;
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

Status ParseInspect(const std::string& body, const InspectOptions& opt, ContainerInfo* out) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || Str(j, "Id").empty()) {
    return Status::Corruption("inspect: not a container object");
  }
  ContainerInfo c;
  c.id = Str(j, "Id");
  c.name = Str(j, "Name");
  if (!c.name.empty() && c.name[0] == '/') c.name.erase(0, 1);
  const json& config = Obj(j, "Config");
  const json& state = Obj(j, "State");
  c.image = Str(config, "Image");
  if (c.image.empty()) c.image = Str(j, "ImageName");  // podman
  c.state = Str(state, "Status");
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
      cm.source = HostPath(opt.host_root, Str(m, "Source"));
      cm.destination = Str(m, "Destination");
      cm.rw = m.value("RW", true);
      c.mounts.push_back(std::move(cm));
    }
  }
  const json& graph = Obj(Obj(j, "GraphDriver"), "Data");
  c.rootfs = HostPath(opt.host_root, Str(graph, "MergedDir"));
  c.upperdir = HostPath(opt.host_root, Str(graph, "UpperDir"));
  c.runtime = opt.runtime;
  std::string driver = Str(Obj(Obj(j, "HostConfig"), "LogConfig"), "Type");
  c.log_format = LogFormat(opt.runtime, driver);
  if (!c.log_format.empty()) c.log_path = HostPath(opt.host_root, Str(j, "LogPath"));
  if (c.log_path.empty()) c.log_format.clear();
  c.k8s = K8sMetadata::From(c.labels, c.name);
  c.sandbox = K8sMetadata::IsSandbox(c.labels, c.name) || j.value("IsInfra", false);
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

}  // namespace lc
