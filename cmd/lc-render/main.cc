// lc-render: container events in, watch events out: which files inside
// which containers lc-tail follows, from collection configs
// (man/lc-render.1, man/lc-config.5).
#include <sys/stat.h>

#include <cstdio>

#include "common/base/cli.h"
#include "common/base/signals.h"
#include "common/render/config_fetcher.h"
#include "common/render/pipeline_args.h"
#include "common/render/render_loop.h"

namespace {

int Fail(int rc, const lc::Status& s) {
  std::fprintf(stderr, "lc-render: %s\n", s.message().c_str());
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

// --fetch-configs URL --config-dir DIR: prints "changed" or "unchanged".
int Fetch(const std::string& url, const std::string& dir) {
  if (dir.empty()) return Fail(2, lc::Status::InvalidArgument("--fetch-configs needs --config-dir"));
  mkdir(dir.c_str(), 0700);
  bool changed = false;
  auto getter = lc::NewCurlGetter(lc::CurlGetterOptions());
  if (lc::Status s = lc::ConfigFetcher(getter.get(), dir).Sync(url, &changed); !s.ok()) return Fail(1, s);
  std::printf("%s\n", changed ? "changed" : "unchanged");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Turn container events into lc-tail watch events, from collection configs.", "lc-render"};
  lc::SetupCli(app);
  std::string dir, host_root, container, host, url;
  std::vector<std::string> files, paths;
  bool check = false, found = false;
  lc::RenderStreamOptions ro;
  std::string every = "10s";
  app.add_option("--config-dir", dir, "Directory of collection configs (*.json, man lc-config)");
  app.add_option("--config", files, "One collection config (repeatable)");
  app.add_option("--host-root", host_root, "The host's / as seen here (event paths already carry it)");
  app.add_flag("--once", ro.once, "Read the events to EOF, write the watches, exit");
  app.add_option("--container", container, "ID|NAME: print the host files that hold PATH in this running container");
  app.add_option("--docker-host", host, "Engine API address for --container (default $DOCKER_HOST)");
  app.add_flag("--check-config", check, "Check each config FILE given alone; print a shell line per good one");
  app.add_option("--fetch-configs", url, "URL of a config index: bring --config-dir in step with it, then exit");
  app.add_option("--metrics-file", ro.metrics_file, "Write containers and watches there (Prometheus text)");
  app.add_option("--metrics-interval", every, "Write --metrics-file this often");
  app.add_option("path", paths, "PATH inside the container (with --container); FILE (with --check-config)");
  if (int rc = lc::ParseCli(app, "lc-render", argc, argv); rc >= 0) return rc;
  if (!lc::ParseDurationFlags("lc-render", {{"--metrics-interval", &every, &ro.metrics_interval_ns, true}})) return 2;
  lc::InstallSignalHandlers();
  if (check) return Check(paths, host_root);
  if (!url.empty()) return Fetch(url, dir);
  if (!container.empty() || !paths.empty()) {
    if (container.empty() || paths.empty()) return Fail(2, lc::Status::InvalidArgument("--container and PATH go together"));
    lc::Status s = lc::PrintHostFiles(host, host_root, container, paths, &found);
    return !s.ok() ? Fail(s.IsInvalidArgument() ? 2 : 1, s) : found ? 0 : 1;
  }
  std::vector<lc::CollectionConfig> configs;
  if (dir.empty() && files.empty()) return Fail(2, lc::Status::InvalidArgument("--config-dir or --config is required"));
  if (lc::Status s = lc::LoadCollectionConfigs(lc::RealFileSystem(), dir, files, &configs); !s.ok()) return Fail(2, s);
  lc::Renderer renderer(std::move(configs), lc::RealFileSystem(),
                        [](const std::string& m) { std::fprintf(stderr, "%s\n", m.c_str()); });
  lc::OutputWriter out(1);
  ro.wake_fd = lc::SignalFd();
  ro.stop = [] { return lc::StopSignal() != 0; };
  lc::Status s = lc::RunRenderStream(0, &out, &renderer, ro);
  if (!s.ok()) return Fail(1, s);
  return lc::ExitStatusForStop(lc::StopSignal());
}
