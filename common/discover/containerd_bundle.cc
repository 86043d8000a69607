#include "common/discover/containerd_bundle.h"

#include <nlohmann/json.hpp>

#include "common/base/file_system.h"
#include "common/json/json_member.h"

namespace lc {
namespace {

using json = nlohmann::json;


std::string Annotation(const std::map<std::string, std::string>& a, const char* key) {
  auto it = a.find(key);
  return it == a.end() ? std::string() : it->second;
}

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string Unoctal(const std::string& s) {
  std::string r;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
        s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
      r += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      r += s[i];
    }
  }
  return r;
}

}  // namespace

Status ParseContainerdBundle(const std::string& config_json, const BundleOptions& opt, ContainerInfo* out) {
  json j = json::parse(config_json, nullptr, false);
  std::string where = JoinPath(opt.bundle_dir, "config.json");
  if (j.is_discarded() || !j.is_object()) return Status::Corruption(where + ": not a JSON object (being written?)");
  auto root = j.find("root");
  auto process = j.find("process");
  if (root == j.end() || !root->is_object() || StringMember(*root, "path").empty() || process == j.end() ||
      !process->is_object()) {
    return Status::Corruption(where + ": not an OCI runtime spec (no root.path or process)");
  }
  ContainerInfo c;
  c.id = BaseName(opt.bundle_dir);
  c.runtime = "containerd";
  c.state = "running";
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

  const auto& a = c.labels;
  c.k8s.namespace_name = Annotation(a, "io.kubernetes.cri.sandbox-namespace");
  c.k8s.pod = Annotation(a, "io.kubernetes.cri.sandbox-name");
  c.k8s.pod_uid = Annotation(a, "io.kubernetes.cri.sandbox-uid");
  c.k8s.container = Annotation(a, "io.kubernetes.cri.container-name");
  c.sandbox = Annotation(a, "io.kubernetes.cri.container-type") == "sandbox";
  c.image = Annotation(a, "io.kubernetes.cri.image-name");
  c.name = c.k8s.container.empty() ? c.id : c.k8s.container;
  *out = std::move(c);
  return Status::OK();
}

std::string OverlayUpperDir(const std::string& mountinfo, const std::string& mount_point) {
  std::string upper;  // the last mount at that point is the one seen there
  size_t pos = 0;
  while (pos < mountinfo.size()) {
    size_t end = mountinfo.find('\n', pos);
    if (end == std::string::npos) end = mountinfo.size();
    std::string line = mountinfo.substr(pos, end - pos);
    pos = end + 1;
    // id parent major:minor root mount-point options [optional...] - fstype source super-options
    std::vector<std::string> f;
    size_t i = 0;
    while (i < line.size()) {
      size_t k = line.find(' ', i);
      if (k == std::string::npos) k = line.size();
      f.push_back(line.substr(i, k - i));
      i = k + 1;
    }
    if (f.size() < 7 || Unoctal(f[4]) != mount_point) continue;
    size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") dash++;
    if (dash + 3 >= f.size() || f[dash + 1] != "overlay") continue;
    const std::string& opts = f[dash + 3];
    size_t u = opts.find("upperdir=");
    if (u == std::string::npos) continue;
    u += 9;
    size_t comma = opts.find(',', u);
    upper = Unoctal(opts.substr(u, comma == std::string::npos ? std::string::npos : comma - u));
  }
  return upper;
}

}  // namespace lc
