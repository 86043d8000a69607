// lc-render: container events in, watch events out: which files inside
// which containers lc-tail follows, from collection configs
// (man/lc-render.1, man/lc-config.5).
#include <cstdio>

#include "common/base/cli.h"
#include "common/base/signals.h"
#include "common/discover/docker_client.h"
#include "common/render/pipeline_args.h"
#include "common/render/render_loop.h"

namespace {

// The ad-hoc form: the host files that hold PATHs inside one container.
int AdHoc(const std::string& container, const std::string& host, const std::string& host_root,
          const std::vector<std::string>& paths) {
  lc::DockerClientOptions copt;
  copt.host = lc::ChooseDockerHost("auto", host, host_root);
  std::unique_ptr<lc::DockerClient> client;
  if (lc::Status s = lc::DockerClient::Create(copt, &client); !s.ok()) {
    std::fprintf(stderr, "lc-render: --docker-host: %s\n", s.message().c_str());
    return 2;
  }
  std::vector<lc::DockerClient::Response> got;
  client->GetMany({"/containers/" + container + "/json"}, 1, &got);
  lc::ContainerInfo c;
  lc::InspectOptions iopt;
  iopt.host_root = host_root;
  if (!got[0].status.ok() || got[0].code != 200 || !lc::ParseInspect(got[0].body, iopt, &c).ok()) {
    std::fprintf(stderr, "lc-render: --container %s: %s\n", container.c_str(),
                 got[0].status.ok() ? ("HTTP " + std::to_string(got[0].code)).c_str() : got[0].status.message().c_str());
    return 1;
  }
  int rc = 0;
  for (const std::string& p : paths) {
    std::vector<std::string> files, skipped;
    lc::HostFilesOf(lc::RealFileSystem(), c, p, &files, &skipped);
    for (const std::string& why : skipped) std::fprintf(stderr, "lc-render: %s\n", why.c_str());
    for (const std::string& f : files) std::printf("%s\n", f.c_str());
    if (files.empty()) rc = 1;
  }
  return rc;
}

// --check-config: each file alone; a shell line per good one (lc-agent's).
int Check(const std::vector<std::string>& files, const std::string& host_root) {
  std::vector<std::string> lines, errors;
  lc::CheckCollectionConfigs(lc::RealFileSystem(), files, host_root, &lines, &errors);
  for (const std::string& l : lines) std::printf("%s\n", l.c_str());
  for (const std::string& e : errors) std::fprintf(stderr, "lc-render: %s\n", e.c_str());
  return errors.empty() && !files.empty() ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Turn container events into lc-tail watch events, from collection configs.", "lc-render"};
  lc::SetupCli(app);
  std::string dir, host_root, container, host;
  std::vector<std::string> files, paths;
  bool once = false, check = false;
  app.add_option("--config-dir", dir, "Directory of collection configs (*.json, man lc-config)");
  app.add_option("--config", files, "One collection config (repeatable)");
  app.add_option("--host-root", host_root, "The host's / as seen here (event paths already carry it)");
  app.add_flag("--once", once, "Read the events to EOF, write the watches, exit");
  app.add_option("--container", container, "ID|NAME: print the host files that hold PATH in this running container");
  app.add_option("--docker-host", host, "Engine API address for --container (default $DOCKER_HOST)");
  app.add_flag("--check-config", check, "Check each config FILE given alone; print a shell line per good one");
  app.add_option("path", paths, "PATH inside the container (with --container); FILE (with --check-config)");
  if (int rc = lc::ParseCli(app, "lc-render", argc, argv); rc >= 0) return rc;
  lc::InstallSignalHandlers();
  if (check) return Check(paths, host_root);
  if (!container.empty() || !paths.empty()) {
    if (container.empty() || paths.empty()) {
      std::fprintf(stderr, "lc-render: --container and PATH go together\n");
      return 2;
    }
    return AdHoc(container, host, host_root, paths);
  }
  std::vector<lc::CollectionConfig> configs;
  if (dir.empty() && files.empty()) {
    std::fprintf(stderr, "lc-render: --config-dir or --config is required\n");
    return 2;
  }
  if (lc::Status s = lc::LoadCollectionConfigs(lc::RealFileSystem(), dir, files, &configs); !s.ok()) {
    std::fprintf(stderr, "lc-render: %s\n", s.message().c_str());
    return 2;
  }
  lc::Renderer renderer(std::move(configs), lc::RealFileSystem(),
                        [](const std::string& m) { std::fprintf(stderr, "%s\n", m.c_str()); });
  lc::OutputWriter out(1);
  lc::Status s = lc::RunRenderStream(0, &out, &renderer, once, lc::SignalFd(), [] { return lc::StopSignal() != 0; });
  if (!s.ok()) {
    std::fprintf(stderr, "lc-render: %s\n", s.message().c_str());
    return 1;
  }
  return lc::ExitStatusForStop(lc::StopSignal());
}
