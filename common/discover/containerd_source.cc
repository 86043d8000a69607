#include "common/discover/containerd_source.h"

#include <cstdlib>

#include "common/discover/containerd_bundle.h"
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
  std::string mountinfo;
  bool have_mountinfo = false;
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
      std::string config;
      Status s = ReadSmallFile(fs_, HostPath(opt_.host_root, JoinPath(bundle, "config.json")), kMaxConfig, &config);
      if (s.IsNotFound()) continue;  // being created, or removed
      ContainerInfo c;
      BundleOptions bo{bundle, opt_.host_root};
      if (s.ok()) s = ParseContainerdBundle(config, bo, &c);
      if (!s.ok()) {
        out->problems.push_back(s);
        continue;
      }
      FileInfo fi;
      if (fs_->Stat(HostPath(opt_.host_root, JoinPath(bundle, "config.json")), &fi).ok()) c.created = fi.mtime_ns;
      std::string pid;
      if (ReadSmallFile(fs_, HostPath(opt_.host_root, JoinPath(bundle, "init.pid")), 64, &pid).ok()) {
        c.pid = std::strtoll(pid.c_str(), nullptr, 10);
        if (processes.Gone(c.pid)) continue;  // exited, not yet deleted
        if (fs_->Stat(HostPath(opt_.host_root, JoinPath(bundle, "init.pid")), &fi).ok()) c.started = fi.mtime_ns;
      } else {
        c.state = "created";  // the task exists, its process not yet
      }
      if (!have_mountinfo) {
        have_mountinfo = true;
        if (!ReadSmallFile(fs_, opt_.mountinfo, 64 << 20, &mountinfo).ok()) mountinfo.clear();
      }
      // rootfs is the path as we see it: the host's path under the host root.
      std::string upper = OverlayUpperDir(mountinfo, c.rootfs);
      if (upper.empty() && !opt_.host_root.empty()) upper = OverlayUpperDir(mountinfo, JoinPath(bundle, "rootfs"));
      if (!upper.empty()) c.upperdir = HostPath(opt_.host_root, upper);
      c.log_path = PodLogPath(fs_, opt_.host_root, opt_.pods_dir, c.k8s);
      if (!c.log_path.empty()) {
        c.log_path = HostPath(opt_.host_root, c.log_path);
        c.log_format = "cri";
      }
      out->containers.push_back(std::move(c));
    }
  }
  return Status::OK();
}

}  // namespace lc
