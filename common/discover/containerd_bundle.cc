#include "common/discover/containerd_bundle.h"

#include "common/base/file_system.h"
#include "common/discover/container_source.h"
#include "common/discover/oci_spec.h"

namespace lc {
namespace {

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
  ContainerInfo c;
  OciSpecOptions so{JoinPath(opt.bundle_dir, "config.json"), opt.bundle_dir, opt.host_root};
  if (Status s = ParseOciSpec(config_json, so, &c); !s.ok()) return s;
  c.id = BaseName(opt.bundle_dir);
  c.runtime = "containerd";
  c.state = "running";

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

std::map<std::string, std::string> OverlayUpperDirs(const std::string& mountinfo) {
  std::map<std::string, std::string> upper;  // the last mount at a point is the one seen there
  std::vector<std::string> f;
  size_t pos = 0;
  while (pos < mountinfo.size()) {
    size_t end = mountinfo.find('\n', pos);
    if (end == std::string::npos) end = mountinfo.size();
    // id parent major:minor root mount-point options [optional...] - fstype source super-options
    f.clear();
    size_t i = pos;
    while (i < end) {
      size_t k = mountinfo.find(' ', i);
      if (k == std::string::npos || k > end) k = end;
      f.emplace_back(mountinfo, i, k - i);
      i = k + 1;
    }
    pos = end + 1;
    if (f.size() < 7) continue;
    size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") dash++;
    if (dash + 3 >= f.size() || f[dash + 1] != "overlay") continue;
    const std::string& opts = f[dash + 3];
    size_t u = opts.find("upperdir=");
    if (u == std::string::npos) continue;
    u += 9;
    size_t comma = opts.find(',', u);
    upper[Unoctal(f[4])] = Unoctal(opts.substr(u, comma == std::string::npos ? std::string::npos : comma - u));
  }
  return upper;
}

std::string OverlayUpperDir(const std::string& mountinfo, const std::string& mount_point) {
  std::map<std::string, std::string> all = OverlayUpperDirs(mountinfo);
  auto it = all.find(mount_point);
  return it == all.end() ? "" : it->second;
}

std::string OverlayMounts::UpperDir(const std::string& mount_point) {
  if (!read_) {
    read_ = true;
    std::string text;
    if (ReadSmallFile(fs_, path_, 64 << 20, &text).ok()) upper_ = OverlayUpperDirs(text);
  }
  auto it = upper_.find(mount_point);
  return it == upper_.end() ? "" : it->second;
}

}  // namespace lc
