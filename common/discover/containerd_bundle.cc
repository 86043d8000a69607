#include "common/discover/containerd_bundle.h"

#include "common/base/file_system.h"
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
