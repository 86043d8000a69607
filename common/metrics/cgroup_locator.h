// CgroupLocator: where a container's cgroups are on this host, found once per
// container (when lc-metrics first hears of its pid), never per sample.
//
// The cgroup file systems are learned once, at start: from mountinfo (the
// "cgroup" mounts with their controllers, the "cgroup2" mount), or, with a
// cgroup root directory, from the layout under it (cgroup v2 alone when it
// holds cgroup.controllers; else v1 controllers in subdirectories named for
// them, "cpu,cpuacct" included, and v2 in "unified": the hybrid layout).
//
// A container is located from /proc/<pid>/cgroup of its first process (the
// pid its upsert carries): each line "<hier>:<controllers>:<path>" gives
// the directory under the mount of that hierarchy.  When the pid says
// nothing (pid 0, gone, or a synthetic tree), the usual paths of the runtimes
// are tried by the container's id: /docker/<id> (cgroupfs driver),
// /system.slice/docker-<id>.scope (systemd driver), and podman's
// /machine.slice/libpod-<id>.scope and /libpod_parent/libpod-<id>.
// NotFound when none exists: the container is gone or never ran.
#ifndef LC_COMMON_METRICS_CGROUP_LOCATOR_H_
#define LC_COMMON_METRICS_CGROUP_LOCATOR_H_

#include <cstdint>
#include <map>
#include <string>

#include "common/base/file_system.h"
#include "common/base/status.h"

namespace lc {

// The directories of one container's cgroups; "" where the host has none.
struct CgroupPaths {
  std::string cpu, cpuacct, memory, blkio, pids;  // cgroup v1 controllers
  std::string unified;                            // its cgroup v2 directory
  bool any() const {
    return !cpu.empty() || !cpuacct.empty() || !memory.empty() || !blkio.empty() || !pids.empty() ||
           !unified.empty();
  }
};

class CgroupLocator {
 public:
  // `proc` is the host's /proc as seen here (host root + "/proc").
  CgroupLocator(FileSystem* fs, std::string proc) : fs_(fs), proc_(std::move(proc)) {}

  // Learns the mounts from mountinfo's text (/proc/self/mountinfo).
  void LoadMountInfo(const std::string& mountinfo);
  // Learns them from the layout under `root` (see above).  NotFound when it
  // holds no cgroup file system.
  Status LoadRoot(const std::string& root);
  // True once any cgroup file system is known.
  bool has_mounts() const { return !mounts_.empty(); }

  // The cgroups of the container with `id` whose first process is `pid`.
  Status Locate(int64_t pid, const std::string& id, CgroupPaths* out) const;

 private:
  struct Mount {
    std::string root;        // the hierarchy's path that is mounted there
    std::string mountpoint;  // where
  };
  // "" for v2; a v1 controller name otherwise.
  std::string Dir(const std::string& controller, const std::string& path) const;
  void Fill(const std::map<std::string, std::string>& by_controller, CgroupPaths* out) const;

  FileSystem* fs_;
  std::string proc_;
  std::map<std::string, Mount> mounts_;  // controller ("" = cgroup2) -> its mount
};

}  // namespace lc

#endif  // LC_COMMON_METRICS_CGROUP_LOCATOR_H_
