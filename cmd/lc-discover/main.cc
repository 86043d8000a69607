// lc-discover: the node's containers as a stream of upsert/remove/sync
// events, from the Docker or podman Engine API, containerd's task bundles,
// CRI-O's and podman's containers/storage or the kubelet's pods directory
// (man/lc-discover.1).
#include <cstdio>

#include "common/base/cli.h"
#include "common/discover/discoverer.h"
#include "common/discover/filter_flags.h"
#include "common/discover/lifecycle_record.h"
#include "common/discover/source_set.h"
#include "common/base/duration.h"
#include "common/base/host_name.h"
#include "common/base/self_metrics.h"
#include "common/base/signals.h"

int main(int argc, char** argv) {
  CLI::App app{"Stream the node's containers as NDJSON upsert/remove/sync events.", "lc-discover"};
  lc::SetupCli(app);
  lc::DiscoverOptions opt;
  lc::SourceSetOptions so;
  std::string rescan = "60s", grace = "60s";
  app.add_option("--runtime", so.runtimes, "Source (repeatable): docker, containerd, crio, pods, or auto (every one present)")
      ->check(CLI::IsMember({"docker", "containerd", "crio", "pods", "auto"}));
  app.add_option("--docker-host", so.docker_host, "Engine API address (default $DOCKER_HOST, else unix:///var/run/docker.sock)");
  app.add_option("--containerd-state", so.containerd_state, "containerd's state directory (default /run/containerd)");
  app.add_option("--containerd-namespace", so.containerd_namespaces, "containerd namespace (repeatable; default k8s.io)");
  app.add_option("--crio-state", so.crio_state,
                 "CRI-O/podman containers/storage directory (repeatable; default /var/lib/containers/storage and /run/containers/storage)");
  app.add_option("--pods-dir", so.pods_dir, "The kubelet's pod log directory (default /var/log/pods)");
  app.add_option("--host-root", opt.host_root, "Prefix for every host path read or emitted (host / mounted here)");
  app.add_option("--rescan", rescan, "Full rescan period");
  app.add_option("--grace", grace, "Time a stopped container stays announced before its remove");
  app.add_option("--max-inspects", so.max_inspects, "Inspect requests in flight at once")->check(CLI::Range(1, 256));
  app.add_flag("--once", opt.once, "One full scan (an upsert per container, a sync), then exit");
  app.add_flag("--all", opt.all, "Include stopped containers");
  bool records = false;
  app.add_flag("--records", records, "Lifecycle records instead of events: start, die, oom, restart, health_status, destroy")
      ->excludes("--once");
  lc::FilterFlags filters;
  filters.AddTo(&app);
  std::string metrics_file, metrics_every = "10s";
  app.add_option("--metrics-file", metrics_file, "Write containers known, events and engine errors there (Prometheus text)")
      ->excludes("--records");
  app.add_option("--metrics-interval", metrics_every, "Write --metrics-file this often");
  if (int rc = lc::ParseCli(app, "lc-discover", argc, argv); rc >= 0) return rc;

  const char* tool = "lc-discover";
  if (!lc::ParseDurationFlags(tool, {{"--rescan", &rescan, &opt.rescan_ns, true},
                                      {"--grace", &grace, &opt.grace_ns, true},
                                      {"--metrics-interval", &metrics_every, &opt.report_interval_ns, true}})) {
    return 2;
  }
  lc::ContainerFilter filter;
  if (!filters.Build(tool, &filter)) return 2;
  bool said = false;
  if (!metrics_file.empty()) {
    opt.report = [&](const lc::DiscoverCounters& c) {
      lc::WriteSelfMetrics(tool, metrics_file, lc::DiscoverMetricsText(c), &said);
    };
  }
  lc::InstallSignalHandlers();
  so.host_root = opt.host_root;
  so.wake_fd = lc::SignalFd();
  std::unique_ptr<lc::SourceSet> sources;
  if (lc::Status s = lc::SourceSet::Create(so, lc::RealFileSystem(), lc::SystemClock(), &sources); !s.ok()) {
    std::fprintf(stderr, "lc-discover: %s\n", s.message().c_str());
    return 2;
  }
  lc::OutputWriter out(1);
  auto stop = [] { return lc::StopSignal() != 0; };
  lc::Status s;
  if (records) {
    lc::LifecycleOptions lo;
    lo.host_root = opt.host_root;
    lo.host_name = lc::HostName();
    s = lc::LifecycleRecorder(sources->api(), &filter, lc::SystemClock(), &out, lo, stop).Run();
  } else {
    s = lc::Discoverer(sources->api(), &filter, lc::SystemClock(), &out, opt, stop).Run();
  }
  if (!s.ok()) {
    std::fprintf(stderr, "lc-discover: %s\n", s.message().c_str());
    return 1;
  }
  return lc::ExitStatusForStop(lc::StopSignal());
}
