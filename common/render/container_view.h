// ContainerView: where a path inside a container lives on the host, from
// the container's upsert (lc-streams(7), CONTAINER EVENTS) alone.
//
//  - The mount whose destination is the longest prefix of the path on a '/'
//    boundary wins: the host path is its source plus the rest.  A mount
//    without a source (tmpfs) is not readable from the host.
//  - Otherwise the path is in the container's own filesystem: its overlay
//    upper directory (what the container wrote) or, for what only the image
//    holds, the merged directory (`rootfs`, while the container runs).
// Paths given to it are absolute and normal (no ".", "..", "//" or trailing
// '/'); it looks at nothing on disk.  Resolving symlinks is
// in_container_resolver.h's business.
#ifndef LC_COMMON_RENDER_CONTAINER_VIEW_H_
#define LC_COMMON_RENDER_CONTAINER_VIEW_H_

#include <string>
#include <vector>

#include "common/stream/container_event.h"

namespace lc {

struct HostLocation {
  enum Kind { kMount, kTmpfs, kUpper, kRootfs, kLower, kNone };
  Kind kind = kNone;
  std::string base;         // a trusted host directory: the mount's source, upperdir, rootfs or a lowerdir
  std::string rest;         // below `base`, without a leading '/' ("" = base itself)
  std::string destination;  // kMount, kTmpfs: the mount's destination in the container

  // base + "/" + rest.
  std::string HostPath() const;
};

class ContainerView {
 public:
  explicit ContainerView(const ContainerInfo& c);

  // The mount holding `path`, else the upper dir (else rootfs, else kNone).
  HostLocation Locate(const std::string& path) const;
  // Where the container's current view of `path` can be looked at from the
  // host (lstat, readlink): the mount's source, else the merged dir while it
  // is there, else the upper dir.  "" when there is none (tmpfs, no layers).
  std::string LookPath(const std::string& path) const;
  // Mounts (with a source or not) whose destination is strictly below `dir`.
  std::vector<const ContainerMount*> MountsBelow(const std::string& dir) const;

  const ContainerInfo& container() const { return c_; }

 private:
  const ContainerInfo& c_;
};

// `path` made absolute and normal, ".." clamped at "/" as the kernel does
// at a root ("/a/../../b" -> "/b").  `path` must start with '/'.
std::string NormalizeContainerPath(const std::string& path);

// True if `prefix` is `path` or a directory above it ("/var/log" of
// "/var/log/app"; "/" of everything).
bool PathHasPrefix(const std::string& path, const std::string& prefix);

}  // namespace lc

#endif  // LC_COMMON_RENDER_CONTAINER_VIEW_H_
