#include "common/render/host_patterns.h"

#include <fnmatch.h>

#include "common/render/in_container_resolver.h"
#include "common/tail/path_glob.h"

namespace lc {

namespace {

std::vector<std::string> Components(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, size_t from) {
  std::string out;
  for (size_t i = from; i < parts.size(); i++) out += (out.empty() ? "" : "/") + parts[i];
  return out;
}

std::string Under(const std::string& base, const std::string& rest) {
  if (rest.empty()) return base;
  return base.back() == '/' ? base + rest : base + "/" + rest;
}

// What of `segs` (from si) is left once they have matched `comps` (from ci):
// the pattern below a nested mount's destination.
void Remainders(const std::vector<std::string>& segs, size_t si, const std::vector<std::string>& comps, size_t ci,
                std::vector<std::string>* out) {
  if (ci == comps.size()) {
    std::string r = Join(segs, si);
    for (const std::string& o : *out) {
      if (o == r) return;
    }
    out->push_back(r);
    return;
  }
  if (si == segs.size()) return;
  if (segs[si] == "**") {
    Remainders(segs, si + 1, comps, ci, out);
    Remainders(segs, si, comps, ci + 1, out);
    return;
  }
  if (fnmatch(segs[si].c_str(), comps[ci].c_str(), FNM_PERIOD) == 0) Remainders(segs, si + 1, comps, ci + 1, out);
}

bool SafeInClass(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '+' || c == '@' || c == ',' || c == '=' || c == ':' || c == '%' || c == '~' || c == '#';
}

// A file the merged dir shows and the upper dir does not is the topmost
// read-only layer's that has an entry for it.  It is read there, not
// through the merged dir, where a held descriptor would keep the overlay
// mounted after the container ends.  The merged dir stays the answer when
// that entry is not a regular file (a whiteout, a link) or no layer is known.
// A layer is the image's, not the container's, yet it is walked without
// following a link: each directory on the way is lstat'ed (an image may
// hold /var/log -> /etc, which on the host is the host's /etc).
HostLocation ImageLayerOf(FileSystem* fs, const ContainerInfo& c, const HostLocation& merged) {
  FileInfo info;
  for (const std::string& layer : c.lowerdirs) {
    std::string path = layer;
    size_t i = 0;
    Status s;
    while (s.ok()) {
      size_t slash = merged.rest.find('/', i);
      path += "/" + merged.rest.substr(i, slash == std::string::npos ? std::string::npos : slash - i);
      s = fs->Lstat(path, &info);
      if (slash == std::string::npos) break;
      if (s.ok() && !info.is_dir) return merged;  // a link or a file where the container sees a directory
      i = slash + 1;
    }
    if (s.IsNotFound()) continue;
    if (!s.ok() || !info.is_regular) return merged;
    return HostLocation{HostLocation::kLower, layer, merged.rest, ""};
  }
  return merged;
}

}  // namespace

std::string WatchRoot(const ContainerInfo& c) {
  if (!c.upperdir.empty()) return c.upperdir;
  if (!c.rootfs.empty()) return c.rootfs;
  for (const ContainerMount& m : c.mounts) {
    if (!m.source.empty()) return m.source;
  }
  return "";
}

std::string ConfinedGlob(const std::string& base, const std::string& rest) {
  size_t slash = rest.find('/');
  if (slash == std::string::npos) return Under(base, rest);
  std::string first = rest.substr(0, slash);
  if (HasGlobMagic(first)) return Under(base, rest);
  // A leading '.' must stay literal (FNM_PERIOD); the first safe character
  // after it becomes the class.
  for (size_t i = first[0] == '.' ? 1 : 0; i < first.size(); i++) {
    if (SafeInClass(first[i])) {
      first = first.substr(0, i) + "[" + first[i] + "]" + first.substr(i + 1);
      return Under(base, first + rest.substr(slash));
    }
  }
  return Under(base, rest);
}

void MapContainerPattern(FileSystem* fs, const ContainerView& view, const std::string& pattern,
                         const std::string& root, HostPatterns* out) {
  std::vector<std::string> comps = Components(pattern);
  size_t first_glob = comps.size();
  for (size_t i = 0; i < comps.size(); i++) {
    if (HasGlobMagic(comps[i])) {
      first_glob = i;
      break;
    }
  }
  std::vector<std::string> segs;
  for (size_t i = first_glob; i < comps.size(); i++) {
    if (comps[i] == ".") continue;
    if (comps[i] == "..") {
      out->skipped.push_back(pattern + ": '..' after a glob cannot be resolved in the container: skipped");
      return;
    }
    segs.push_back(comps[i]);
  }
  std::vector<std::string> literal(comps.begin(), comps.begin() + first_glob);
  std::string resolved;
  Status s = ResolveInContainer(fs, view, "/" + Join(literal, 0), /*resolve_last=*/true, &resolved);
  if (!s.ok()) {
    out->skipped.push_back(s.message() + ": skipped");
    return;
  }
  HostLocation loc = view.Locate(resolved);
  if (loc.kind == HostLocation::kTmpfs) {
    out->skipped.push_back(pattern + ": on the tmpfs at " + loc.destination +
                           ", which the host cannot read: skipped");
    return;
  }
  if (loc.kind == HostLocation::kNone) {
    out->skipped.push_back(pattern + ": the container has no upper dir, merged dir or mount for it: skipped");
    return;
  }
  const ContainerInfo& c = view.container();
  FileInfo info;
  if (segs.empty() && loc.kind == HostLocation::kUpper && !c.rootfs.empty() && c.alive() &&
      fs->Lstat(loc.HostPath(), &info).IsNotFound()) {
    // Only in the image: the merged dir shows it (while the container runs).
    HostLocation merged{HostLocation::kRootfs, c.rootfs, loc.rest, ""};
    if (fs->Lstat(merged.HostPath(), &info).ok() && info.is_regular) loc = ImageLayerOf(fs, c, merged);
  }
  std::string rest = loc.rest;
  if (!segs.empty()) rest = rest.empty() ? Join(segs, 0) : rest + "/" + Join(segs, 0);
  out->paths.push_back(loc.base == root ? Under(loc.base, rest) : ConfinedGlob(loc.base, rest));
  if (segs.empty()) return;
  for (const ContainerMount* m : view.MountsBelow(resolved)) {
    std::string dest = NormalizeContainerPath(m->destination);
    std::vector<std::string> below = Components(resolved == "/" ? dest : dest.substr(resolved.size()));
    std::vector<std::string> left;
    Remainders(segs, 0, below, 0, &left);
    if (left.empty()) continue;
    // What the mount hides in the layer, or the mount, below it.
    std::string hidden = Under(loc.HostPath(), Join(below, 0));
    size_t parent_len = 0;
    for (const ContainerMount* n : view.MountsBelow(resolved)) {
      std::string nd = NormalizeContainerPath(n->destination);
      if (nd != dest && PathHasPrefix(dest, nd) && nd.size() > parent_len && !n->source.empty()) {
        parent_len = nd.size();
        hidden = Under(n->source, dest.substr(nd.size() + 1));
      }
    }
    out->excludes.push_back(hidden);
    out->excludes.push_back(hidden + "/**");
    if (m->source.empty()) {
      out->skipped.push_back(pattern + ": on the tmpfs at " + dest + ", which the host cannot read: skipped");
      continue;
    }
    // A deeper mount inside this one is handled by its own MountsBelow entry;
    // its directory here is excluded by the entry above for it.
    for (const std::string& r : left) {
      out->paths.push_back(m->source == root ? Under(m->source, r) : ConfinedGlob(m->source, r));
    }
  }
}

}  // namespace lc
