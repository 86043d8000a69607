#include "common/discover/oci_spec.h"

#include <nlohmann/json.hpp>

#include "common/base/file_system.h"
#include "common/json/json_fields.h"
#include "common/json/json_member.h"

namespace lc {

using json = nlohmann::json;

std::string Annotation(const std::map<std::string, std::string>& annotations, const char* key) {
  auto it = annotations.find(key);
  return it == annotations.end() ? std::string() : it->second;
}

Status ParseOciSpec(const std::string& config_json, const OciSpecOptions& opt, ContainerInfo* out) {
  const std::string& where = opt.where;
  // Only the members read below are parsed into a tree: "linux" (its
  // seccomp profile) is most of a spec, two thirds of CRI-O's, and was most
  // of a scan's time.  The rest is still scanned whole, so a half-written
  // file (cut short) is refused as before.
  json j = json::object();
  bool parsed = true;
  bool whole = ForEachJsonMember(config_json, [&](const JsonMember& m) {
    if (!m.KeyIs("root") && !m.KeyIs("process") && !m.KeyIs("mounts") && !m.KeyIs("annotations")) return true;
    json v = m.type == JsonMember::kString ? json(m.ValueText()) : json::parse(m.value, nullptr, false);
    if (v.is_discarded()) return parsed = false;
    j[m.KeyText()] = std::move(v);
    return true;
  });
  if (!whole || !parsed) return Status::Corruption(where + ": not a JSON object (being written?)");
  auto root = j.find("root");
  auto process = j.find("process");
  if (root == j.end() || !root->is_object() || StringMember(*root, "path").empty() || process == j.end() ||
      !process->is_object()) {
    return Status::Corruption(where + ": not an OCI runtime spec (no root.path or process)");
  }
  ContainerInfo& c = *out;
  if (auto a = j.find("annotations"); a != j.end() && a->is_object()) {
    for (auto it = a->begin(); it != a->end(); ++it) {
      if (it.value().is_string()) c.labels[it.key()] = it.value().get<std::string>();
    }
  }
  if (auto e = process->find("env"); e != process->end() && e->is_array()) {
    for (const json& v : *e) {
      if (!v.is_string()) continue;
      const std::string& kv = v.get_ref<const std::string&>();
      size_t eq = kv.find('=');
      if (eq == std::string::npos) c.env[kv] = "";
      else c.env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
  }
  if (auto m = j.find("mounts"); m != j.end() && m->is_array()) {
    for (const json& v : *m) {
      if (!v.is_object()) continue;
      std::string src = StringMember(v, "source"), dst = StringMember(v, "destination");
      // proc, tmpfs, sysfs, ... have no host path: only binds are mounts of host files.
      if (src.empty() || src[0] != '/' || dst.empty()) continue;
      ContainerMount cm;
      cm.source = HostPath(opt.host_root, src);
      cm.destination = dst;
      if (auto o = v.find("options"); o != v.end() && o->is_array()) {
        for (const json& opt_v : *o) {
          if (opt_v.is_string() && opt_v.get_ref<const std::string&>() == "ro") cm.rw = false;
        }
      }
      c.mounts.push_back(std::move(cm));
    }
  }
  std::string rootfs = StringMember(*root, "path");
  if (rootfs[0] != '/') rootfs = JoinPath(opt.bundle_dir, rootfs);
  c.rootfs = HostPath(opt.host_root, rootfs);

  return Status::OK();
}

}  // namespace lc
