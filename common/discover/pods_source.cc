#include "common/discover/pods_source.h"

#include "common/runtime/pod_path.h"

namespace lc {

std::string LatestRestartLog(const std::vector<std::string>& names) {
  std::string best;
  long long best_n = -1;
  for (const std::string& n : names) {
    if (n.size() < 5 || n.size() > 24 || n.compare(n.size() - 4, 4, ".log") != 0) continue;
    long long v = 0;
    bool digits = true;
    for (size_t i = 0; i + 4 < n.size(); i++) {
      if (n[i] < '0' || n[i] > '9') { digits = false; break; }
      v = v * 10 + (n[i] - '0');
    }
    if (digits && v > best_n) {
      best_n = v;
      best = n;
    }
  }
  return best;
}

std::string PodLogPath(FileSystem* fs, const std::string& host_root, const std::string& pods_dir,
                       const K8sMetadata& k8s) {
  if (k8s.namespace_name.empty() || k8s.pod.empty() || k8s.pod_uid.empty() || k8s.container.empty()) return "";
  std::string dir = JoinPath(JoinPath(pods_dir, k8s.namespace_name + "_" + k8s.pod + "_" + k8s.pod_uid), k8s.container);
  std::vector<std::string> names;
  if (!fs->ListDir(HostPath(host_root, dir), &names).ok()) return "";
  std::string log = LatestRestartLog(names);
  return log.empty() ? "" : JoinPath(dir, log);
}

Status PodsSource::Present() {
  FileInfo fi;
  std::string d = HostPath(host_root_, dir_);
  if (Status s = fs_->Stat(d, &fi); !s.ok()) return s;
  if (!fi.is_dir) return Status::NotFound(d + ": not a directory");
  return Status::OK();
}

Status PodsSource::Scan(SourceScan* out) {
  std::string top = HostPath(host_root_, dir_);
  std::vector<std::string> pods;
  if (Status s = fs_->ListDir(top, &pods); !s.ok()) return s;
  out->dirs.push_back(top);
  for (const std::string& pod : pods) {
    std::string pod_dir = JoinPath(dir_, pod);
    std::vector<std::string> containers;
    if (!fs_->ListDir(HostPath(host_root_, pod_dir), &containers).ok()) continue;  // a file, or gone
    out->dirs.push_back(HostPath(host_root_, pod_dir));
    for (const std::string& name : containers) {
      std::string cdir = JoinPath(pod_dir, name);
      std::vector<std::string> logs;
      if (!fs_->ListDir(HostPath(host_root_, cdir), &logs).ok()) continue;
      out->dirs.push_back(HostPath(host_root_, cdir));
      std::string log = LatestRestartLog(logs);
      PodPath pp;
      if (log.empty() || !ParsePodPath(JoinPath(cdir, log), &pp)) continue;
      ContainerInfo c;
      c.id = pp.uid + "_" + pp.container;
      c.name = pp.container;
      c.state = "running";
      c.runtime = "pods";
      c.k8s.namespace_name = pp.ns;
      c.k8s.pod = pp.pod;
      c.k8s.pod_uid = pp.uid;
      c.k8s.container = pp.container;
      c.log_path = HostPath(host_root_, JoinPath(cdir, log));
      c.log_format = "cri";
      FileInfo fi;
      if (fs_->Stat(HostPath(host_root_, cdir), &fi).ok()) c.created = fi.mtime_ns;
      out->containers.push_back(std::move(c));
    }
  }
  return Status::OK();
}

}  // namespace lc
