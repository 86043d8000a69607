// ContainerdSource: containerd's running tasks, read from their bundles
// (<state>/io.containerd.runtime.v2.task/<namespace>/<id>/, containerd_bundle.h)
// in the namespaces asked for ("k8s.io" for the CRI plugin, "moby" for
// Docker's), with no call to containerd.  Beyond the bundle's config.json:
// pid from init.pid, created from config.json's mtime, started from
// init.pid's; upperdir and lowerdirs from the overlay mounted on the
// bundle's rootfs (overlay_mounts.h); for a CRI container, log_path is its newest
// <pods-dir>/<ns>_<pod>_<uid>/<container>/<N>.log (log_format cri).
// A bundle with no config.json yet is being created and is skipped quietly.
// A task whose process has exited keeps its bundle until it is deleted (the
// CRI plugin deletes at once; ctr and nerdctl users may not): it is left out
// when its init.pid names no process in the host's /proc (under the host
// root), unless that /proc cannot be read at all (no "self" in it).
// A rescan re-reads a bundle's config.json and init.pid only when their
// stat stamp changed (parsed_file_cache.h); the mount table is read once per
// scan, when there is a task.
#ifndef LC_COMMON_CONTAINERD_SOURCE_H_
#define LC_COMMON_CONTAINERD_SOURCE_H_

#include <string>
#include <vector>

#include "common/discover/container_source.h"
#include "common/discover/parsed_file_cache.h"

namespace lc {

struct ContainerdSourceOptions {
  std::string state = "/run/containerd";
  std::vector<std::string> namespaces = {"k8s.io"};
  std::string pods_dir = "/var/log/pods";
  std::string host_root;
  std::string mountinfo = "/proc/self/mountinfo";  // read as is (our own mount table)
  std::string proc = "/proc";                        // under the host root: the host's processes
};

class ContainerdSource : public ContainerSource {
 public:
  ContainerdSource(FileSystem* fs, ContainerdSourceOptions opt)
      : fs_(fs), opt_(std::move(opt)), configs_(fs), pids_(fs) {}
  std::string Describe() const override { return "containerd " + opt_.state; }
  Status Present() override;
  Status Scan(SourceScan* out) override;

 private:
  FileSystem* fs_;
  ContainerdSourceOptions opt_;
  ParsedFileCache<ContainerInfo> configs_;  // config.json, as ParseContainerdBundle made it
  ParsedFileCache<int64_t> pids_;           // init.pid
};

}  // namespace lc

#endif  // LC_COMMON_CONTAINERD_SOURCE_H_
