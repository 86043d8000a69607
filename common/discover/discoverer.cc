#include "common/discover/discoverer.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "common/base/self_metrics.h"

namespace lc {

Discoverer::Discoverer(ContainerApi* api, const ContainerFilter* filter, Clock* clock, OutputWriter* out,
                       const DiscoverOptions& opt, std::function<bool()> stop)
    : api_(api), filter_(filter), clock_(clock), out_(out), opt_(opt), stop_(std::move(stop)),
      backoff_ns_(opt.backoff_min_ns) {
  inspect_.host_root = opt.host_root;
}

void Discoverer::Warn(const std::string& msg) { std::fprintf(stderr, "%s: %s\n", opt_.tool.c_str(), msg.c_str()); }

Status Discoverer::Connect() {
  std::string runtime;
  Status s = api_->Version(&runtime);
  if (s.ok()) inspect_.runtime = runtime;
  if (s.ok() && !opt_.once) s = api_->Subscribe();
  return s;
}

Status Discoverer::Run() {
  Status s = Loop();
  if (opt_.report) Report();  // at every end: --once, a stop, an error
  return s;
}

Status Discoverer::Loop() {
  next_connect_ = clock_->MonoNanos();
  while (!stop_() && !out_->closed()) {
    int64_t now = clock_->MonoNanos();
    if (opt_.report && now >= next_report_) Report();
    if (!subscribed_) {
      if (now < next_connect_) {
        api_->Sleep(std::min(next_connect_, opt_.report ? next_report_ : next_connect_) - now);
        continue;
      }
      Status s = Connect();
      if (s.ok()) s = Scan(/*everything=*/true);
      if (!s.ok()) {
        ++counters_.engine_errors;
        api_->CloseEvents();
        if (opt_.once) return s;
        if (!outage_reported_) Warn(s.message() + "; retrying (up to every " +
                                    std::to_string(opt_.backoff_max_ns / kMillis) + " ms)");
        outage_reported_ = true;
        ScheduleReconnect();
        continue;
      }
      if (outage_reported_) Warn(api_->Describe() + ": connected");
      outage_reported_ = false;
      backoff_ns_ = opt_.backoff_min_ns;
      if (Status w = out_->Flush(); !w.ok()) return w;
      if (opt_.once) return Status::OK();
      subscribed_ = true;
    }
    std::vector<RuntimeEvent> events;
    Status s = api_->WaitEvents(std::max<int64_t>(NextDeadline() - clock_->MonoNanos(), 0), &events);
    ApplyEvents(events);
    if (!s.ok()) {
      // The stream broke (engine restarted, socket gone): resubscribe soon;
      // the scan after it heals whatever happened in between.
      ++counters_.engine_errors;
      Warn(s.message() + "; reconnecting");
      outage_reported_ = true;
      api_->CloseEvents();
      subscribed_ = false;
      ScheduleReconnect();
    }
    ExpireDying();
    if (subscribed_ && clock_->MonoNanos() >= next_scan_) {
      if (Status scan = Scan(/*everything=*/false); !scan.ok()) {
        ++counters_.engine_errors;
        Warn(scan.message() + "; reconnecting");
        outage_reported_ = true;
        api_->CloseEvents();
        subscribed_ = false;
        ScheduleReconnect();
      }
    }
    if (Status w = out_->Flush(); !w.ok()) return w;
  }
  return out_->Flush();
}

std::string DiscoverMetricsText(const DiscoverCounters& c) {
  return SelfMetricsText("lc-discover",
                         {{"containers", "gauge", "Containers announced and not removed.", c.containers},
                          {"upserts_total", "counter", "Upsert events written.", c.upserts},
                          {"removes_total", "counter", "Remove events written.", c.removes},
                          {"scans_total", "counter", "Full scans (each ends in a sync event).", c.scans},
                          {"engine_errors_total", "counter",
                           "Failed connects and scans, and broken event streams, of the runtime.", c.engine_errors}});
}

void Discoverer::Report() {
  counters_.containers = static_cast<int64_t>(known_.size());
  opt_.report(counters_);
  next_report_ = clock_->MonoNanos() + opt_.report_interval_ns;
}

// The next attempt after backoff_ns_; each failure doubles it, up to the cap.
void Discoverer::ScheduleReconnect() {
  next_connect_ = clock_->MonoNanos() + backoff_ns_;
  backoff_ns_ = std::min(backoff_ns_ * 2, opt_.backoff_max_ns);
}

int64_t Discoverer::NextDeadline() const {
  int64_t next = opt_.report ? std::min(next_scan_, next_report_) : next_scan_;
  for (const auto& [id, k] : known_) {
    if (k.dying_deadline != 0) next = std::min(next, k.dying_deadline);
  }
  return next;
}

Status Discoverer::Scan(bool everything) {
  std::vector<std::string> ids;
  if (Status s = api_->List(opt_.all, &ids); !s.ok()) return s;
  std::set<std::string> listed(ids.begin(), ids.end());
  if (!everything) {
    ids.erase(std::remove_if(ids.begin(), ids.end(),
                             [&](const std::string& id) {
                               auto k = known_.find(id);
                               return k != known_.end() && k->second.dying_deadline == 0;
                             }),
              ids.end());
  }
  InspectAndApply(ids, Evidence::kRunning);
  // Announced containers the listing no longer shows (stopped or destroyed
  // while we were not listening): ask about each; dying ones are on their
  // way out already.
  std::vector<std::string> missing;
  for (const auto& [id, k] : known_) {
    if (k.dying_deadline == 0 && listed.count(id) == 0) missing.push_back(id);
  }
  InspectAndApply(missing, Evidence::kRecheck);
  std::vector<std::string> live;
  live.reserve(known_.size());
  for (const auto& [id, k] : known_) live.push_back(id);
  std::string e;
  AppendSync(live, &e);
  out_->Append(e);
  ++counters_.scans;
  next_scan_ = clock_->MonoNanos() + opt_.rescan_ns;
  return Status::OK();
}

void Discoverer::ApplyEvents(const std::vector<RuntimeEvent>& events) {
  std::vector<std::string> inspect;
  auto queue = [&](const std::string& id) {
    if (std::find(inspect.begin(), inspect.end(), id) == inspect.end()) inspect.push_back(id);
  };
  for (const RuntimeEvent& e : events) {
    const std::string& a = e.action;
    if (a == "start" || a == "restart" || a == "unpause") {
      queue(e.id);
    } else if (a == "rename" || a == "update" || a == "pause" || (opt_.all && a == "create")) {
      queue(e.id);
    } else if (a == "die" || a == "died") {
      if (opt_.all) {
        queue(e.id);
      } else if (known_.count(e.id) && known_[e.id].dying_deadline == 0) {
        StartDying(e.id, e.time);
      }
    } else if (a == "destroy" || a == "remove") {
      inspect.erase(std::remove(inspect.begin(), inspect.end(), e.id), inspect.end());
      Remove(e.id, e.time);
    }
  }
  // start/restart are evidence that the container ran, even if it has
  // exited by the time we ask; the others only refresh what we know.
  std::vector<std::string> started, changed;
  for (const std::string& id : inspect) {
    bool ran = false;
    for (const RuntimeEvent& e : events) {
      if (e.id == id && (e.action == "start" || e.action == "restart")) ran = true;
    }
    (ran ? started : changed).push_back(id);
  }
  InspectAndApply(started, Evidence::kRunning);
  InspectAndApply(changed, Evidence::kRecheck);
}

void Discoverer::InspectAndApply(const std::vector<std::string>& ids, Evidence why) {
  if (ids.empty()) return;
  std::vector<ContainerApi::Inspected> results;
  api_->Inspect(ids, &results);
  for (const ContainerApi::Inspected& r : results) {
    if (r.status.IsNotFound()) {
      Remove(r.id, 0);  // destroyed before we could ask
      continue;
    }
    ContainerInfo c;
    Status s = r.status;
    if (s.ok() && r.parsed) c = r.info;
    else if (s.ok()) s = ParseInspect(r.body, inspect_, &c);
    if (!s.ok()) {
      Warn(s.message());  // the next scan asks again
      continue;
    }
    Apply(c, why);
  }
}

void Discoverer::Apply(const ContainerInfo& c, Evidence why) {
  if (c.sandbox) return;
  auto it = known_.find(c.id);
  bool known = it != known_.end();
  if (!filter_->Matches(c)) {
    if (known) Remove(c.id, c.finished);  // it stopped matching (a label update)
    return;
  }
  if (c.alive() || opt_.all) {
    Announce(c);
    known_[c.id].dying_deadline = 0;
    return;
  }
  // Not running, running-only mode: announce it if it ran since we last
  // looked (so its log is read), and let it go after the grace period.
  if (!known && why != Evidence::kRunning) return;
  if (known && it->second.dying_deadline != 0) return;  // already dying
  Announce(c);
  known_[c.id];
  StartDying(c.id, c.finished);
}

void Discoverer::Announce(const ContainerInfo& c) {
  std::string e;
  AppendUpsert(c, &e);
  out_->Append(e);
  ++counters_.upserts;
}

void Discoverer::StartDying(const std::string& id, int64_t finished) {
  Known& k = known_[id];
  k.finished = finished;
  // The grace runs from when the container finished, as the engine says,
  // so a container that died while we were away is not kept twice as long.
  int64_t left = opt_.grace_ns;
  if (finished > 0) left = std::clamp(opt_.grace_ns - (clock_->NowNanos() - finished), int64_t{0}, opt_.grace_ns);
  k.dying_deadline = std::max<int64_t>(clock_->MonoNanos() + left, 1);
}

void Discoverer::Remove(const std::string& id, int64_t finished) {
  auto it = known_.find(id);
  if (it == known_.end()) return;
  std::string e;
  AppendRemove(id, it->second.finished ? it->second.finished : finished, &e);
  out_->Append(e);
  ++counters_.removes;
  known_.erase(it);
}

void Discoverer::ExpireDying() {
  int64_t now = clock_->MonoNanos();
  std::vector<std::string> expired;
  for (const auto& [id, k] : known_) {
    if (k.dying_deadline != 0 && k.dying_deadline <= now) expired.push_back(id);
  }
  for (const std::string& id : expired) Remove(id, 0);
}

}  // namespace lc
