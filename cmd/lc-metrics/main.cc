// lc-metrics: container events in (from lc-discover), one record per
// container and interval out, with its cgroup and network counters under
// OpenTelemetry names; optionally a Prometheus text file (man/lc-metrics.1).
#include <cstdio>

#include "common/base/atomic_file.h"
#include "common/base/cli.h"
#include "common/base/descriptor_limit.h"
#include "common/base/host_name.h"
#include "common/base/signals.h"
#include "common/metrics/metrics_loop.h"

int main(int argc, char** argv) {
  CLI::App app{"Sample the cgroup statistics of the containers that lc-discover announces.", "lc-metrics"};
  lc::SetupCli(app);
  lc::MetricsOptions opt;
  std::string interval = "15s", host_root, cgroup_root;
  bool no_host_name = false;
  app.add_option("--interval", interval, "Time between samples (default 15s)");
  app.add_flag("--once", opt.once, "Read the events to EOF, write one sample of every container, exit");
  app.add_option("--prometheus", opt.prometheus_path, "Also write each sample to FILE in the Prometheus text format (atomically)");
  app.add_option("--host-root", host_root, "The host's / as seen here: its /proc is read there");
  app.add_option("--cgroup-root", cgroup_root, "The cgroup file systems are under DIR (default: from /proc/self/mountinfo)");
  app.add_flag("--include-loopback", opt.include_loopback, "Count the loopback interface in the network counters");
  app.add_flag("--no-host-name", no_host_name, "Leave host.name out of the records");
  if (int rc = lc::ParseCli(app, "lc-metrics", argc, argv); rc >= 0) return rc;
  if (!lc::ParseDurationFlags("lc-metrics", {{"--interval", &interval, &opt.interval_ns, true}})) return 2;
  opt.proc = host_root.empty() || host_root == "/" ? "/proc" : host_root + "/proc";
  if (!no_host_name) opt.host_name = lc::HostName();

  lc::CgroupLocator locator(lc::RealFileSystem(), opt.proc);
  if (!cgroup_root.empty()) {
    if (lc::Status s = locator.LoadRoot(cgroup_root); !s.ok()) {
      std::fprintf(stderr, "lc-metrics: --cgroup-root: %s\n", s.message().c_str());
      return 2;
    }
  } else {
    std::string mountinfo;
    if (lc::Status s = lc::ReadWholeFile("/proc/self/mountinfo", &mountinfo); !s.ok()) {
      std::fprintf(stderr, "lc-metrics: %s\n", s.message().c_str());
      return 1;
    }
    locator.LoadMountInfo(mountinfo);
    if (!locator.has_mounts()) {
      std::fprintf(stderr, "lc-metrics: no cgroup file system is mounted (see --cgroup-root)\n");
      return 2;
    }
  }
  lc::InstallSignalHandlers();
  lc::OutputWriter out(1);
  opt.kept_files = lc::RaiseDescriptorLimit() / 2;  // the rest for everything else
  lc::MetricsLoop loop(lc::RealFileSystem(), lc::SystemClock(), &locator, &out, opt);
  lc::Status s = loop.Run(0, lc::SignalFd(), [] { return lc::StopSignal() != 0; });
  if (!s.ok()) {
    std::fprintf(stderr, "lc-metrics: %s\n", s.message().c_str());
    return 1;
  }
  return lc::ExitStatusForStop(lc::StopSignal());
}
