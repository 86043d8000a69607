#include "common/discover/crio_source.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/discover/overlay_mounts.h"

namespace lc {

namespace {

constexpr size_t kMaxConfig = 4 << 20;       // an OCI spec is a few KiB
constexpr size_t kMaxIndex = 64 << 20;       // containers.json: ~600 bytes a container

bool IsContainerId(const std::string& s) {
  if (s.size() != 64) return false;
  for (char ch : s) {
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
  }
  return true;
}

// containers/storage mounts <home>/<layer>/merged from its overlay driver's
// home, <graph root>/overlay, where its relative l/<link> and <layer>/diff
// paths are; "" for a root not of that shape.
std::string StorageOverlayDir(const std::string& root) {
  if (BaseName(root) != "merged") return "";
  std::string home = DirName(DirName(root));
  return BaseName(home) == "overlay" ? home : "";
}

}  // namespace

std::string CrioSource::Describe() const {
  std::string d = "crio";
  for (const std::string& dir : opt_.dirs) d += " " + dir;
  return d;
}

Status CrioSource::Present() {
  for (const std::string& dir : opt_.dirs) {
    FileInfo fi;
    if (fs_->Stat(HostPath(opt_.host_root, dir), &fi).ok() && fi.is_dir) return Status::OK();
  }
  return Status::NotFound(Describe().substr(5) + ": no such directory");
}

Status CrioSource::Scan(SourceScan* out) {
  if (Status s = Present(); !s.ok()) return s;
  std::map<std::string, StorageEntry> index;
  // Where each id's userdata directories are, in the order of opt_.dirs.
  std::map<std::string, std::vector<std::string>> userdata;
  for (const std::string& dir : opt_.dirs) {
    std::string oc = JoinPath(dir, "overlay-containers");
    std::vector<std::string> names;
    if (!fs_->ListDir(HostPath(opt_.host_root, oc), &names).ok()) continue;
    out->dirs.push_back(HostPath(opt_.host_root, oc));
    std::map<std::string, StorageEntry> more;
    FileInfo fi;
    if (indexes_.Get(HostPath(opt_.host_root, JoinPath(oc, "containers.json")), kMaxIndex, ParseStorageContainers,
                     &more, &fi).ok()) {
      index.insert(more.begin(), more.end());
    }
    for (const std::string& id : names) {
      if (IsContainerId(id)) userdata[id].push_back(JoinPath(JoinPath(oc, id), "userdata"));
    }
  }
  OverlayMounts mounts(fs_, opt_.mountinfo);
  HostProcesses processes(fs_, HostPath(opt_.host_root, opt_.proc));
  for (const auto& [id, uds] : userdata) {
    std::string config_dir;
    ContainerInfo c;
    bool pid_seen = false, have_pid = false;
    int64_t pid = 0, pid_mtime = 0;
    Status s = Status::NotFound("");
    for (const std::string& ud : uds) {
      out->dirs.push_back(HostPath(opt_.host_root, ud));  // config.json and pidfile come later
      FileInfo fi;
      if (config_dir.empty()) {
        CrioContainerOptions co{ud, opt_.host_root};
        Status r = configs_.Get(
            HostPath(opt_.host_root, JoinPath(ud, "config.json")), kMaxConfig,
            [&co](const std::string& text, ContainerInfo* parsed) { return ParseCrioContainer(text, nullptr, co, parsed); },
            &c, &fi);
        if (!r.IsNotFound()) {
          s = r;
          config_dir = ud;
        }
      }
      if (!pid_seen) {
        Status r = pids_.Get(HostPath(opt_.host_root, JoinPath(ud, "pidfile")), 64, ParsePidFile, &pid, &fi);
        if (!r.IsNotFound()) {
          pid_seen = true;
          have_pid = r.ok();
          pid_mtime = fi.mtime_ns;
        }
      }
    }
    if (config_dir.empty()) continue;  // being created, or removed
    if (!s.ok()) {
      out->problems.push_back(s);
      continue;
    }
    if (auto entry = index.find(id); entry != index.end()) ApplyStorageEntry(entry->second, &c);
    if (have_pid) {
      c.pid = pid;
      c.started = pid_mtime;
    }
    // rootfs is the path as we see it: the host's path under the host root.
    std::string root = c.rootfs.substr(std::min(opt_.host_root.size(), c.rootfs.size()));
    const OverlayLayers* overlay = mounts.At(c.rootfs);
    if (overlay == nullptr && !opt_.host_root.empty()) overlay = mounts.At(root);
    // Stopped: its userdata stays until it is removed.
    if (overlay == nullptr && (c.pid <= 0 || processes.Gone(c.pid))) continue;
    if (overlay != nullptr) {
      std::string storage = StorageOverlayDir(root);
      c.upperdir = ResolveLayer(overlay->upper, storage, opt_.host_root);
      c.lowerdirs = ResolveLowerDirs(overlay->lowers, storage, opt_.host_root);
    }
    // podman's k8s-file log, looked for only when the spec names none.
    for (size_t i = 0; c.log_path.empty() && i < uds.size(); i++) {
      FileInfo fi;
      if (fs_->Stat(HostPath(opt_.host_root, JoinPath(uds[i], "ctr.log")), &fi).ok()) {
        c.log_path = HostPath(opt_.host_root, JoinPath(uds[i], "ctr.log"));
        c.log_format = "cri";
      }
    }
    out->containers.push_back(std::move(c));
  }
  indexes_.Sweep();
  configs_.Sweep();
  pids_.Sweep();
  return Status::OK();
}

}  // namespace lc
