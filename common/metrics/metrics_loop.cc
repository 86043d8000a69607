#include "common/metrics/metrics_loop.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <vector>

#include "common/base/atomic_file.h"
#include "common/metrics/cgroup_stats.h"
#include "common/metrics/metric_record.h"
#include "common/metrics/net_dev_stats.h"
#include "common/metrics/prometheus_text.h"
#include "common/stream/event_stream.h"

namespace lc {

void MetricsLoop::Warn(Followed* f, const std::string& msg) {
  if (f->warned) return;
  f->warned = true;
  std::fprintf(stderr, "%s: %s\n", opt_.tool.c_str(), msg.c_str());
}

Status MetricsLoop::ApplyEvent(const std::string& line) {
  ContainerEvent e;
  if (Status s = DecodeContainerEvent(line, &e); !s.ok()) return s;
  switch (e.type) {
    case ContainerEvent::kUpsert: {
      Followed& f = containers_.try_emplace(e.container.id, fs_, &fd_budget_).first->second;
      if (f.info.pid != e.container.pid) {
        f.oom_kills = -1;
        f.located = false;
        f.tried = false;
        f.warned = false;
        f.files.Reset();
      }
      f.info = std::move(e.container);
      break;
    }
    case ContainerEvent::kRemove:
      containers_.erase(e.container.id);
      break;
    case ContainerEvent::kSync: {
      std::set<std::string> live(e.ids.begin(), e.ids.end());
      for (auto it = containers_.begin(); it != containers_.end();) {
        it = live.count(it->first) ? std::next(it) : containers_.erase(it);
      }
      break;
    }
  }
  return Status::OK();
}

Status MetricsLoop::Sample() {
  std::vector<ContainerSample> samples;
  std::string rec;
  for (auto& [id, f] : containers_) {
    if (!f.located) {
      if (f.tried) continue;
      f.tried = true;
      Status s = locator_->Locate(f.info.pid, id, &f.paths);
      if (!s.ok()) {
        if (!s.IsNotFound()) Warn(&f, id.substr(0, 12) + ": " + s.message());
        continue;
      }
      f.located = true;
    }
    MetricSample m;
    m.time = clock_->NowNanos();
    Status s = ReadCgroupStats(&f.files, f.paths, &m.cgroup);
    if (s.IsNotFound()) {
      f.located = false;  // gone: quiet until an upsert brings a new pid
      f.files.Reset();    // and its network namespace let go
      continue;
    }
    if (!s.ok()) {
      Warn(&f, id.substr(0, 12) + ": " + s.message());
      continue;
    }
    if (f.info.pid > 0) {
      m.has_net = ReadNetDevStats(&f.files, opt_.proc, f.info.pid, opt_.include_loopback, &m.net).ok();
    }
    rec.clear();
    int64_t kills = m.cgroup.memory_oom_kills;
    if (f.oom_kills >= 0 && kills > f.oom_kills) AppendRecord(OomRecord(f.info, m, kills - f.oom_kills, opt_.host_name), &rec);
    if (kills >= 0) f.oom_kills = kills;
    AppendRecord(MetricRecord(f.info, m, opt_.host_name), &rec);
    out_->Append(rec);
    if (Status w = out_->MaybeFlush(); !w.ok()) return w;
    if (!opt_.prometheus_path.empty()) samples.push_back({&f.info, m});
  }
  if (Status w = out_->Flush(); !w.ok()) return w;
  if (!opt_.prometheus_path.empty()) {
    if (Status w = WriteFileAtomically(opt_.prometheus_path, PrometheusText(samples), fs_); !w.ok()) return w;
  }
  return Status::OK();
}

Status MetricsLoop::Run(int fd, int wake_fd, const std::function<bool()>& stop) {
  EventStream events(fd, "stdin", opt_.tool.c_str(), [this](const std::string& l) { return ApplyEvent(l); });
  if (opt_.once) {
    events.ReadAll();
    return Sample();
  }
  int64_t next = clock_->MonoNanos() + opt_.interval_ns;
  bool open = true;
  while (open && !stop() && !out_->closed()) {
    int64_t now = clock_->MonoNanos();
    if (now >= next) {
      if (Status s = Sample(); !s.ok()) return s;
      // Skipped intervals are not made up for: a late sample is still one.
      next = std::max(next + opt_.interval_ns, clock_->MonoNanos() + 1);
      continue;
    }
    struct pollfd p[2] = {{fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
    int ms = static_cast<int>(std::min<int64_t>((next - now + 999'999) / 1'000'000, 3'600'000));
    int r = poll(p, wake_fd >= 0 ? 2 : 1, ms);
    if (r > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) open = events.ReadAvailable();
    if (r > 0 && wake_fd >= 0 && (p[1].revents & POLLIN)) {
      char buf[64];
      while (read(wake_fd, buf, sizeof buf) > 0) {
      }
    }
  }
  return out_->Flush();
}

}  // namespace lc
