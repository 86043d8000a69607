#include "common/metrics/cgroup_locator.h"

#include <sstream>
#include <vector>

#include "common/base/mount_info_field.h"
#include "common/metrics/proc_file.h"

namespace lc {

namespace {

const char* const kControllers[] = {"cpu", "cpuacct", "memory", "blkio", "pids"};

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  return out;
}

}  // namespace

void CgroupLocator::LoadMountInfo(const std::string& mountinfo) {
  std::istringstream in(mountinfo);
  std::string line;
  while (std::getline(in, line)) {
    // id parent maj:min root mountpoint opts [optional...] - fstype source superopts
    std::vector<std::string> f = Split(line, ' ');
    size_t dash = 0;
    for (size_t i = 6; i < f.size(); ++i) {
      if (f[i] == "-") {
        dash = i;
        break;
      }
    }
    if (dash == 0 || dash + 3 >= f.size()) continue;
    const std::string& fstype = f[dash + 1];
    Mount m{UnescapeMountInfoField(f[3]), UnescapeMountInfoField(f[4])};
    if (fstype == "cgroup2") {
      mounts_.emplace("", m);
    } else if (fstype == "cgroup") {
      for (const std::string& opt : Split(f[dash + 3], ',')) {
        for (const char* c : kControllers) {
          if (opt == c) mounts_.emplace(c, m);  // the first mount of a hierarchy wins
        }
      }
    }
  }
}

Status CgroupLocator::LoadRoot(const std::string& root) {
  FileInfo info;
  if (fs_->Stat(JoinPath(root, "cgroup.controllers"), &info).ok()) {
    mounts_[""] = Mount{"/", root};
    return Status::OK();
  }
  std::vector<std::string> names;
  if (Status s = fs_->ListDir(root, &names); !s.ok()) return s;
  for (const std::string& name : names) {
    if (name == "unified") {
      mounts_[""] = Mount{"/", JoinPath(root, name)};
      continue;
    }
    for (const std::string& part : Split(name, ',')) {
      for (const char* c : kControllers) {
        if (part == c) mounts_[c] = Mount{"/", JoinPath(root, name)};
      }
    }
  }
  if (mounts_.empty()) return Status::NotFound(root + ": no cgroup file system there");
  return Status::OK();
}

std::string CgroupLocator::Dir(const std::string& controller, const std::string& path) const {
  auto it = mounts_.find(controller);
  if (it == mounts_.end()) return "";
  const Mount& m = it->second;
  std::string rel = path;
  // A mount of a subtree (a container's own cgroup namespace view) holds the
  // paths below its root.
  if (m.root != "/" && rel.compare(0, m.root.size(), m.root) == 0) rel = rel.substr(m.root.size());
  if (rel.empty() || rel == "/") return m.mountpoint;
  return m.mountpoint + (rel[0] == '/' ? "" : "/") + rel;
}

void CgroupLocator::Fill(const std::map<std::string, std::string>& by, CgroupPaths* out) const {
  auto get = [&](const char* c) {
    auto it = by.find(c);
    return it == by.end() ? std::string() : Dir(c, it->second);
  };
  out->cpu = get("cpu");
  out->cpuacct = get("cpuacct");
  out->memory = get("memory");
  out->blkio = get("blkio");
  out->pids = get("pids");
  out->unified = get("");
}

Status CgroupLocator::Locate(int64_t pid, const std::string& id, CgroupPaths* out) const {
  *out = CgroupPaths();
  if (pid > 0) {
    std::string text;
    Status s = ReadProcFile(fs_, proc_ + "/" + std::to_string(pid) + "/cgroup", &text);
    if (!s.ok() && !s.IsNotFound()) return s;
    std::map<std::string, std::string> by;  // controller -> path
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      size_t a = line.find(':'), b = a == std::string::npos ? a : line.find(':', a + 1);
      if (b == std::string::npos) continue;
      std::string ctrls = line.substr(a + 1, b - a - 1), path = line.substr(b + 1);
      if (line.compare(0, a, "0") == 0 && ctrls.empty()) {
        by[""] = path;
        continue;
      }
      for (const std::string& c : Split(ctrls, ',')) by[c] = path;
    }
    Fill(by, out);
    // The pid's cgroups must be the container's: a pid reused by a host
    // process after the container died would name the host's.
    std::string probe = !out->unified.empty() ? out->unified : out->memory;
    if (out->any() && (id.empty() || probe.find(id) != std::string::npos)) return Status::OK();
    *out = CgroupPaths();
  }
  if (id.empty()) return Status::NotFound("no container id");
  for (const std::string& p : {"/docker/" + id, "/system.slice/docker-" + id + ".scope",
                               "/machine.slice/libpod-" + id + ".scope", "/libpod_parent/libpod-" + id}) {
    std::map<std::string, std::string> by;
    for (const auto& [c, m] : mounts_) by[c] = p;
    CgroupPaths guess;
    Fill(by, &guess);
    // Keep only the hierarchies where the directory exists.
    FileInfo info;
    bool found = false;
    for (std::string* d : {&guess.cpu, &guess.cpuacct, &guess.memory, &guess.blkio, &guess.pids, &guess.unified}) {
      if (d->empty()) continue;
      if (fs_->Stat(*d, &info).ok() && info.is_dir) found = true;
      else d->clear();
    }
    if (found) {
      *out = guess;
      return Status::OK();
    }
  }
  return Status::NotFound(id.substr(0, 12) + ": no cgroup found");
}

}  // namespace lc
