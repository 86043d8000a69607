#include "common/render/render_loop.h"

#include <poll.h>

#include <algorithm>
#include <cstdio>

#include "common/base/self_metrics.h"
#include "common/discover/docker_client.h"
#include "common/render/container_view.h"
#include "common/render/host_patterns.h"
#include "common/stream/event_stream.h"
#include "common/tail/path_glob.h"

namespace lc {

Status RunRenderStream(int in_fd, OutputWriter* out, Renderer* renderer, const RenderStreamOptions& opt) {
  std::string batch;
  EventStream events(in_fd, "stdin", "lc-render", [&](const std::string& line) {
    Status s = renderer->ApplyLine(line, &batch);
    out->Append(batch);
    batch.clear();
    return s;
  });
  bool said = false;
  auto report = [&] {
    if (!opt.metrics_file.empty()) {
      WriteSelfMetrics("lc-render", opt.metrics_file, RenderMetricsText(renderer->counters()), &said);
    }
  };
  if (opt.once) {
    events.ReadAll();
    report();
    return out->Flush();
  }
  int64_t next_report = 0;
  bool readable = false;  // stdin may block: read it only when poll says so
  for (;;) {
    bool more = !readable || events.ReadAvailable();
    if (Status s = out->Flush(); !s.ok()) return s;
    int64_t now = SystemClock()->MonoNanos();
    if (!opt.metrics_file.empty() && now >= next_report) {
      report();
      next_report = now + opt.metrics_interval_ns;
    }
    if (!more || out->closed() || opt.stop()) {
      report();
      return Status::OK();
    }
    struct pollfd p[2] = {{in_fd, POLLIN, 0}, {opt.wake_fd, POLLIN, 0}};
    int ms = !opt.metrics_file.empty() ? static_cast<int>(std::max<int64_t>((next_report - now) / kMillis + 1, 1)) : -1;
    int r = poll(p, opt.wake_fd >= 0 ? 2 : 1, ms);
    readable = r > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
    if (opt.stop()) {
      report();
      return Status::OK();
    }
  }
}

Status InspectContainer(const std::string& docker_host, const std::string& host_root, const std::string& container,
                        ContainerInfo* out) {
  DockerClientOptions copt;
  copt.host = ChooseDockerHost("auto", docker_host, host_root);
  std::unique_ptr<DockerClient> client;
  if (Status s = DockerClient::Create(copt, &client); !s.ok()) return Status::InvalidArgument("--docker-host: " + s.message());
  std::vector<DockerClient::Response> got;
  client->GetMany({"/containers/" + container + "/json"}, 1, &got);
  InspectOptions iopt;
  iopt.host_root = host_root;
  if (!got[0].status.ok()) return Status::IOError("--container " + container + ": " + got[0].status.message());
  if (got[0].code != 200) return Status::IOError("--container " + container + ": HTTP " + std::to_string(got[0].code));
  if (Status s = ParseInspect(got[0].body, iopt, out); !s.ok()) {
    return Status::IOError("--container " + container + ": " + s.message());
  }
  return Status::OK();
}

Status PrintHostFiles(const std::string& docker_host, const std::string& host_root, const std::string& container,
                      const std::vector<std::string>& paths, bool* found) {
  ContainerInfo c;
  if (Status s = InspectContainer(docker_host, host_root, container, &c); !s.ok()) return s;
  *found = true;
  for (const std::string& p : paths) {
    std::vector<std::string> files, skipped;
    HostFilesOf(RealFileSystem(), c, p, &files, &skipped);
    for (const std::string& why : skipped) std::fprintf(stderr, "lc-render: %s\n", why.c_str());
    for (const std::string& f : files) std::printf("%s\n", f.c_str());
    if (files.empty()) *found = false;
  }
  return Status::OK();
}

void HostFilesOf(FileSystem* fs, const ContainerInfo& c, const std::string& path, std::vector<std::string>* files,
                 std::vector<std::string>* skipped) {
  ContainerView view(c);
  HostPatterns hp;
  std::string root = WatchRoot(c);
  MapContainerPattern(fs, view, path, root, &hp);
  skipped->insert(skipped->end(), hp.skipped.begin(), hp.skipped.end());
  std::vector<PathGlob> excludes;
  for (const std::string& x : hp.excludes) excludes.emplace_back(x);
  for (const std::string& pattern : hp.paths) {
    PathGlob glob(pattern);
    std::vector<PathGlob::Match> found;
    std::vector<std::string> dirs;
    glob.Expand(fs, &found, &dirs);
    for (const PathGlob::Match& m : found) {
      bool excluded = false;
      for (const PathGlob& x : excludes) excluded = excluded || x.Matches(m.path);
      if (excluded) continue;
      std::unique_ptr<File> f;
      if (Status s = fs->Open(m.path, root, glob.LiteralDir(), &f); !s.ok()) {
        skipped->push_back(s.message());
        continue;
      }
      files->push_back(m.path);
    }
  }
  std::sort(files->begin(), files->end());
  files->erase(std::unique(files->begin(), files->end()), files->end());
}

}  // namespace lc
