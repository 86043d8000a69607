#include "common/render/container_view.h"

namespace lc {

std::string HostLocation::HostPath() const {
  if (rest.empty()) return base;
  return base.empty() || base.back() != '/' ? base + "/" + rest : base + rest;
}

bool PathHasPrefix(const std::string& path, const std::string& prefix) {
  if (prefix == "/") return !path.empty() && path[0] == '/';
  if (path.size() < prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

std::string NormalizeContainerPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string c = path.substr(i, j - i);
    if (c == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!c.empty() && c != ".") {
      parts.push_back(std::move(c));
    }
    i = j + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

ContainerView::ContainerView(const ContainerInfo& c) : c_(c) {}

namespace {

std::string Below(const std::string& path, const std::string& prefix) {
  if (prefix == "/") return path.substr(1);
  return path.size() == prefix.size() ? "" : path.substr(prefix.size() + 1);
}

std::string Trim(std::string d) {
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  return d;
}

}  // namespace

HostLocation ContainerView::Locate(const std::string& path) const {
  const ContainerMount* best = nullptr;
  size_t best_len = 0;
  for (const ContainerMount& m : c_.mounts) {
    std::string d = Trim(m.destination);
    if (d.empty() || d[0] != '/' || !PathHasPrefix(path, d)) continue;
    if (best == nullptr || d.size() >= best_len) {  // later mounts cover earlier ones at one destination
      best = &m;
      best_len = d.size();
    }
  }
  HostLocation loc;
  if (best != nullptr) {
    std::string d = Trim(best->destination);
    loc.kind = best->source.empty() ? HostLocation::kTmpfs : HostLocation::kMount;
    loc.base = best->source;
    loc.rest = Below(path, d);
    loc.destination = d;
    return loc;
  }
  if (!c_.upperdir.empty()) {
    loc.kind = HostLocation::kUpper;
    loc.base = c_.upperdir;
  } else if (!c_.rootfs.empty()) {
    loc.kind = HostLocation::kRootfs;
    loc.base = c_.rootfs;
  } else {
    return loc;
  }
  loc.rest = path.substr(1);
  return loc;
}

std::string ContainerView::LookPath(const std::string& path) const {
  HostLocation loc = Locate(path);
  if (loc.kind == HostLocation::kMount) return loc.HostPath();
  if (loc.kind == HostLocation::kTmpfs || loc.kind == HostLocation::kNone) return "";
  if (!c_.rootfs.empty() && c_.alive()) {
    HostLocation merged{HostLocation::kRootfs, c_.rootfs, path.substr(1), ""};
    return merged.HostPath();
  }
  return loc.HostPath();
}

std::vector<const ContainerMount*> ContainerView::MountsBelow(const std::string& dir) const {
  std::vector<const ContainerMount*> out;
  for (const ContainerMount& m : c_.mounts) {
    std::string d = Trim(m.destination);
    if (d != dir && PathHasPrefix(d, dir)) out.push_back(&m);
  }
  return out;
}

}  // namespace lc
