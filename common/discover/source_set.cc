#include "common/discover/source_set.h"

#include <algorithm>
#include <cstdlib>

#include "common/discover/containerd_source.h"
#include "common/discover/crio_source.h"
#include "common/discover/docker_client.h"
#include "common/discover/pods_source.h"
#include "common/discover/source_api.h"

namespace lc {

SourceSet::~SourceSet() = default;

Status SourceSet::Create(const SourceSetOptions& opt, FileSystem* fs, Clock* clock, std::unique_ptr<SourceSet>* out) {
  std::vector<std::string> rts = opt.runtimes.empty() ? std::vector<std::string>{"auto"} : opt.runtimes;
  auto has = [&](const char* r) { return std::find(rts.begin(), rts.end(), r) != rts.end(); };
  bool is_auto = has("auto");
  std::unique_ptr<SourceSet> set(new SourceSet());

  bool docker = has("docker");
  std::string host = ChooseDockerHost(is_auto && !docker ? "auto" : "docker", opt.docker_host, opt.host_root);
  if (is_auto && !docker) {
    const char* env = std::getenv("DOCKER_HOST");
    docker = !opt.docker_host.empty() || (env != nullptr && *env != '\0');
    if (!docker) {  // does the engine ChooseDockerHost settled on answer?
      DockerClientOptions probe;
      probe.host = host;
      probe.request_timeout_ms = 2000;
      std::unique_ptr<DockerClient> c;
      std::string rt;
      docker = DockerClient::Create(probe, &c).ok() && c->Version(&rt).ok();
    }
  }

  ContainerdSourceOptions co;
  co.state = opt.containerd_state;
  if (!opt.containerd_namespaces.empty()) co.namespaces = opt.containerd_namespaces;
  co.pods_dir = opt.pods_dir;
  co.host_root = opt.host_root;
  if (has("containerd") || is_auto) {
    auto src = std::make_unique<ContainerdSource>(fs, co);
    if (Status s = src->Present(); !s.ok() && !is_auto) {
      return Status::InvalidArgument("--containerd-state " + opt.containerd_state + ": " + s.message());
    }
    set->sources_.push_back(std::move(src));
  }
  if (has("crio") || is_auto) {
    CrioSourceOptions cr;
    if (!opt.crio_state.empty()) cr.dirs = opt.crio_state;
    cr.host_root = opt.host_root;
    auto src = std::make_unique<CrioSource>(fs, cr);
    if (Status s = src->Present(); !s.ok() && !is_auto) return Status::InvalidArgument("--crio-state " + s.message());
    set->sources_.push_back(std::move(src));
  }
  if (has("pods") || (is_auto && !docker)) {
    auto src = std::make_unique<PodsSource>(fs, opt.pods_dir, opt.host_root);
    if (Status s = src->Present(); !s.ok() && has("pods")) {
      return Status::InvalidArgument("--pods-dir " + opt.pods_dir + ": " + s.message());
    }
    set->sources_.push_back(std::move(src));
  }
  if (is_auto && !docker) {
    // Nothing answers and no state directory is there: wait for Docker, as ever.
    bool any = false;
    for (auto& s : set->sources_) any = any || s->Present().ok();
    if (!any) {
      docker = true;
      set->sources_.clear();
    }
  }
  if (docker) {
    DockerClientOptions copt;
    copt.host = host;
    copt.max_inspects = opt.max_inspects;
    copt.wake_fd = opt.wake_fd;
    std::unique_ptr<DockerClient> client;
    if (Status s = DockerClient::Create(copt, &client); !s.ok()) {
      return Status::InvalidArgument("--docker-host: " + s.message());
    }
    set->docker_ = std::move(client);
  }
  if (set->sources_.empty()) {
    set->api_ = set->docker_.get();
  } else {
    SourceApiOptions so;
    so.wake_fd = opt.wake_fd;
    so.warn_missing = !is_auto;
    std::vector<ContainerSource*> srcs;
    for (auto& s : set->sources_) srcs.push_back(s.get());
    set->merged_ = std::make_unique<SourceApi>(srcs, set->docker_.get(), clock, so);
    set->api_ = set->merged_.get();
  }
  *out = std::move(set);
  return Status::OK();
}

}  // namespace lc
