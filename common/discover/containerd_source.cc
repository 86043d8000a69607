#include "common/discover/containerd_source.h"

#include <cstdlib>

#include "common/discover/containerd_bundle.h"
#include "common/discover/overlay_mounts.h"
#include "common/discover/pods_source.h"

namespace lc {

namespace {
constexpr size_t kMaxConfig = 4 << 20;  // an OCI spec is a few KiB
}  // namespace

Status ContainerdSource::Present() {
  FileInfo fi;
  std::string d = HostPath(opt_.host_root, opt_.state);
  if (Status s = fs_->Stat(d, &fi); !s.ok()) return s;
  if (!fi.is_dir) return Status::NotFound(d + ": not a directory");
  return Status::OK();
}

Status ContainerdSource::Scan(SourceScan* out) {
  if (Status s = Present(); !s.ok()) return s;
  OverlayMounts mounts(fs_, opt_.mountinfo);
  HostProcesses processes(fs_, HostPath(opt_.host_root, opt_.proc));
  std::string tasks = JoinPath(opt_.state, "io.containerd.runtime.v2.task");
  // Watched too, so the first task of a namespace (its directory created
  // then) is seen at once.
  out->dirs.push_back(HostPath(opt_.host_root, opt_.state));
  FileInfo tfi;
  if (fs_->Stat(HostPath(opt_.host_root, tasks), &tfi).ok()) out->dirs.push_back(HostPath(opt_.host_root, tasks));
  for (const std::string& ns : opt_.namespaces) {
    std::string ns_dir = JoinPath(tasks, ns);
    std::vector<std::string> ids;
    if (!fs_->ListDir(HostPath(opt_.host_root, ns_dir), &ids).ok()) continue;  // no task in it yet
    out->dirs.push_back(HostPath(opt_.host_root, ns_dir));
    for (const std::string& id : ids) {
      std::string bundle = JoinPath(ns_dir, id);
      out->dirs.push_back(HostPath(opt_.host_root, bundle));  // config.json and init.pid are written after
      ContainerInfo c;
      FileInfo fi;
      BundleOptions bo{bundle, opt_.host_root};
      Status s = configs_.Get(
          HostPath(opt_.host_root, JoinPath(bundle, "config.json")), kMaxConfig,
          [&bo](const std::string& text, ContainerInfo* parsed) { return ParseContainerdBundle(text, bo, parsed); },
          &c, &fi);
      if (s.IsNotFound()) continue;  // being created, or removed
      if (!s.ok()) {
        out->problems.push_back(s);
        continue;
      }
      c.created = fi.mtime_ns;
      int64_t pid = 0;
      if (pids_.Get(HostPath(opt_.host_root, JoinPath(bundle, "init.pid")), 64, ParsePidFile, &pid, &fi).ok()) {
        c.pid = pid;
        if (processes.Gone(c.pid)) continue;  // exited, not yet deleted
        c.started = fi.mtime_ns;
      } else {
        c.state = "created";  // the task exists, its process not yet
      }
      // rootfs is the path as we see it: the host's path under the host root.
      // containerd's snapshotter mounts with absolute paths: a relative one
      // would be relative to a directory we do not know.
      const OverlayLayers* overlay = mounts.At(c.rootfs);
      if (overlay == nullptr && !opt_.host_root.empty()) overlay = mounts.At(JoinPath(bundle, "rootfs"));
      if (overlay != nullptr) {
        c.upperdir = ResolveLayer(overlay->upper, "", opt_.host_root);
        c.lowerdirs = ResolveLowerDirs(overlay->lowers, "", opt_.host_root);
      }
      c.log_path = PodLogPath(fs_, opt_.host_root, opt_.pods_dir, c.k8s);
      if (!c.log_path.empty()) {
        c.log_path = HostPath(opt_.host_root, c.log_path);
        c.log_format = "cri";
      }
      out->containers.push_back(std::move(c));
    }
  }
  configs_.Sweep();
  pids_.Sweep();
  return Status::OK();
}

}  // namespace lc
