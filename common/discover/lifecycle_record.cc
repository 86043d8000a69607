#include "common/discover/lifecycle_record.h"

#include <algorithm>
#include <cstdio>

#include "common/base/rfc3339.h"
#include "common/discover/container_tags.h"

namespace lc {

namespace {

// Attributes that are not labels (Docker puts both in Actor.Attributes).
bool IsEngineAttribute(const std::string& k) {
  return k == "name" || k == "image" || k == "exitCode" || k == "signal" || k == "execDuration" ||
         k == "container" || k == "podId" || k == "podName";
}

std::string Attribute(const RuntimeEvent& e, const char* key) {
  auto it = e.attributes.find(key);
  return it == e.attributes.end() ? "" : it->second;
}

bool IsNumber(const std::string& s) {
  return !s.empty() && s.size() < 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string LifecycleEventName(const std::string& a) {
  if (a == "start") return "container.start";
  if (a == "die" || a == "died") return "container.die";
  if (a == "oom") return "container.oom";
  if (a == "restart") return "container.restart";
  if (a.compare(0, 13, "health_status") == 0) return "container.health_status";
  if (a == "destroy" || a == "remove") return "container.destroy";
  return "";
}

ContainerInfo ContainerFromAttributes(const RuntimeEvent& e) {
  ContainerInfo c;
  c.id = e.id;
  c.name = Attribute(e, "name");
  c.image = Attribute(e, "image");
  for (const auto& [k, v] : e.attributes) {
    if (!IsEngineAttribute(k)) c.labels[k] = v;
  }
  c.k8s = K8sMetadata::From(c.labels, c.name);
  return c;
}

Record LifecycleRecord(const RuntimeEvent& e, const ContainerInfo& c, const std::string& host_name, int64_t now) {
  Record r;
  r.time = FormatRfc3339Nanos(e.time > 0 ? e.time : now);
  std::string name = LifecycleEventName(e.action);
  std::string who = "container " + (c.name.empty() ? c.id.substr(0, 12) : c.name);
  r.fields.push_back({"event.name", name, true});
  if (!host_name.empty()) r.fields.push_back({"host.name", host_name, true});
  AppendContainerTags(c, &r.fields);
  if (name == "container.start") {
    r.body = who + " started";
  } else if (name == "container.die") {
    std::string code = Attribute(e, "exitCode");
    r.body = who + " died" + (code.empty() ? "" : " (exit code " + code + ")");
    if (IsNumber(code)) r.fields.push_back({"container.exit_code", code, false});
  } else if (name == "container.oom") {
    r.body = who + " ran out of memory (OOM kill)";
  } else if (name == "container.restart") {
    r.body = who + " restarted";
  } else if (name == "container.health_status") {
    size_t colon = e.action.find(':');
    std::string status = colon == std::string::npos ? Attribute(e, "health_status") : e.action.substr(colon + 1);
    status.erase(0, status.find_first_not_of(' '));
    r.body = who + " is " + (status.empty() ? "of unknown health" : status);
    if (!status.empty()) r.fields.push_back({"container.health.status", status, true});
  } else {
    r.body = who + " destroyed";
  }
  return r;
}

void LifecycleRecorder::Warn(const std::string& msg) { std::fprintf(stderr, "%s: %s\n", opt_.tool.c_str(), msg.c_str()); }

Status LifecycleRecorder::Connect() {
  if (Status s = api_->Version(&runtime_); !s.ok()) return s;
  if (Status s = api_->Subscribe(); !s.ok()) return s;
  // Learn the running containers, so a later die or destroy names them.
  std::vector<std::string> ids;
  if (Status s = api_->List(false, &ids); !s.ok()) return s;
  for (const std::string& id : ids) {
    ContainerInfo c;
    Inspect(id, &c);
  }
  return Status::OK();
}

bool LifecycleRecorder::Inspect(const std::string& id, ContainerInfo* c) {
  std::vector<ContainerApi::Inspected> got;
  api_->Inspect({id}, &got);
  if (got.empty() || !got[0].status.ok()) return false;
  if (got[0].parsed) {
    *c = got[0].info;
  } else {
    InspectOptions io;
    io.host_root = opt_.host_root;
    io.runtime = runtime_;
    if (!ParseInspect(got[0].body, io, c).ok()) return false;
  }
  known_[id] = *c;
  return true;
}

void LifecycleRecorder::Apply(const std::vector<RuntimeEvent>& events) {
  std::string line;
  for (const RuntimeEvent& e : events) {
    std::string name = LifecycleEventName(e.action);
    if (name.empty()) continue;
    ContainerInfo c;
    bool fresh = name == "container.start" || name == "container.restart" || name == "container.health_status";
    if (!(fresh && Inspect(e.id, &c))) {
      auto it = known_.find(e.id);
      if (it != known_.end()) c = it->second;
      else if (!Inspect(e.id, &c)) c = ContainerFromAttributes(e);
    }
    if (name == "container.destroy") known_.erase(e.id);
    if (c.sandbox || K8sMetadata::IsSandbox(c.labels, c.name) || !filter_->Matches(c)) continue;
    line.clear();
    AppendRecord(LifecycleRecord(e, c, opt_.host_name, clock_->NowNanos()), &line);
    out_->Append(line);
  }
}

Status LifecycleRecorder::Run() {
  int64_t backoff = opt_.backoff_min_ns;
  bool connected = false, outage_said = false;
  while (!stop_() && !out_->closed()) {
    if (!connected) {
      Status s = Connect();
      if (!s.ok()) {
        api_->CloseEvents();
        if (!outage_said) Warn(s.message() + "; retrying (up to every " + std::to_string(opt_.backoff_max_ns / kMillis) + " ms)");
        outage_said = true;
        api_->Sleep(backoff);
        backoff = std::min(backoff * 2, opt_.backoff_max_ns);
        continue;
      }
      if (outage_said) Warn(api_->Describe() + ": connected");
      outage_said = false;
      connected = true;
      backoff = opt_.backoff_min_ns;
    }
    std::vector<RuntimeEvent> events;
    Status s = api_->WaitEvents(kSeconds, &events);
    Apply(events);
    if (Status w = out_->Flush(); !w.ok()) return w;
    if (!s.ok()) {
      // What happened while the stream was down is not told: records are
      // what was seen, and a scan cannot say what a container went through.
      Warn(s.message() + "; reconnecting");
      outage_said = true;
      api_->CloseEvents();
      connected = false;
    }
  }
  return out_->Flush();
}

}  // namespace lc
