#include "common/discover/overlay_mounts.h"

#include "common/base/mount_info_field.h"
#include "common/discover/container_source.h"
#include "common/stream/container_event.h"

namespace lc {

bool SplitOverlayLowerDir(const std::string& value, std::vector<std::string>* out) {
  std::string s = UnescapeMountInfoField(value);
  std::vector<std::string> layers(1);
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '\\') {
      if (++i == s.size()) return false;  // a lone trailing backslash
      layers.back() += s[i];
    } else if (s[i] == ':') {
      if (layers.back().empty()) {
        // "::" starts the data-only layers; an empty first layer is no layer.
        if (layers.size() == 1) return false;
        layers.pop_back();
        break;
      }
      layers.emplace_back();
    } else {
      layers.back() += s[i];
    }
  }
  if (layers.back().empty()) return false;  // empty, or ends with ':'
  *out = std::move(layers);
  return true;
}

std::map<std::string, OverlayLayers> ParseOverlayMounts(const std::string& mountinfo) {
  std::map<std::string, OverlayLayers> mounts;
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
    // A ',' inside a value is \054, so the raw text splits on ','.
    OverlayLayers layers;
    const std::string& opts = f[dash + 3];
    for (size_t o = 0; o <= opts.size();) {
      size_t comma = opts.find(',', o);
      if (comma == std::string::npos) comma = opts.size();
      std::string opt = opts.substr(o, comma - o);
      if (opt.compare(0, 9, "upperdir=") == 0) {
        layers.upper = UnescapeMountInfoField(opt.substr(9));
      } else if (opt.compare(0, 9, "lowerdir=") == 0) {
        layers.lowers.clear();
        SplitOverlayLowerDir(opt.substr(9), &layers.lowers);
      }
      o = comma + 1;
    }
    mounts[UnescapeMountInfoField(f[4])] = std::move(layers);
  }
  return mounts;
}

std::string ResolveLayer(const std::string& layer, const std::string& relative_to, const std::string& host_root) {
  if (!layer.empty() && layer[0] == '/') return HostPath(host_root, layer);
  if (layer.empty() || relative_to.empty() || relative_to[0] != '/') return "";
  return HostPath(host_root, JoinPath(relative_to, layer));
}

std::vector<std::string> ResolveLowerDirs(const std::vector<std::string>& lowers, const std::string& relative_to,
                                          const std::string& host_root) {
  std::vector<std::string> out;
  for (const std::string& l : lowers) {
    out.push_back(ResolveLayer(l, relative_to, host_root));
    if (out.back().empty()) return {};
  }
  return out;
}

const OverlayLayers* OverlayMounts::At(const std::string& mount_point) {
  if (!read_) {
    read_ = true;
    std::string text;
    if (ReadSmallFile(fs_, path_, 64 << 20, &text).ok()) mounts_ = ParseOverlayMounts(text);
  }
  auto it = mounts_.find(mount_point);
  return it == mounts_.end() ? nullptr : &it->second;
}

}  // namespace lc
