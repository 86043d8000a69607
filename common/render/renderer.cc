#include "common/render/renderer.h"

#include <algorithm>

#include "common/base/self_metrics.h"
#include "common/render/container_view.h"
#include "common/render/host_patterns.h"
#include "common/render/lstat_memo.h"

namespace lc {

namespace {

void SortUnique(std::vector<std::string>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

}  // namespace

Renderer::Renderer(std::vector<CollectionConfig> configs, FileSystem* fs, Warn warn)
    : configs_(std::move(configs)), fs_(fs), warn_(std::move(warn)) {}

bool Renderer::Render(const CollectionConfig& config, const ContainerInfo& c, WatchEvent* out) {
  LstatMemo fs(fs_);
  return Render(&fs, config, c, out);
}

bool Renderer::Render(FileSystem* fs, const CollectionConfig& config, const ContainerInfo& c, WatchEvent* out) {
  WatchEvent w;
  w.type = WatchEvent::kAdd;
  w.key = config.name + "/" + c.id;
  w.root = WatchRoot(c);
  ContainerView view(c);
  HostPatterns hp;
  for (const std::string& p : config.paths) MapContainerPattern(fs, view, p, w.root, &hp);
  for (const std::string& x : config.excludes) {
    if (x[0] != '/') {
      hp.excludes.push_back(x);  // a base-name glob matches anywhere
      continue;
    }
    HostPatterns ex;
    MapContainerPattern(fs, view, x, w.root, &ex);
    hp.excludes.insert(hp.excludes.end(), ex.paths.begin(), ex.paths.end());
  }
  for (const std::string& why : hp.skipped) {
    std::string m = "lc-render: " + w.key + ": " + why;
    if (warned_.insert(m).second && warn_) warn_(m);
  }
  if (hp.paths.empty()) return false;
  SortUnique(&hp.paths);
  SortUnique(&hp.excludes);
  w.paths = std::move(hp.paths);
  w.excludes = std::move(hp.excludes);
  std::map<std::string, std::string> tags;
  tags["container.id"] = c.id;
  tags["container.name"] = c.name;
  tags["container.image.name"] = c.image;
  if (!c.k8s.namespace_name.empty()) tags["k8s.namespace.name"] = c.k8s.namespace_name;
  if (!c.k8s.pod.empty()) tags["k8s.pod.name"] = c.k8s.pod;
  if (!c.k8s.pod_uid.empty()) tags["k8s.pod.uid"] = c.k8s.pod_uid;
  if (!c.k8s.container.empty()) tags["k8s.container.name"] = c.k8s.container;
  tags["lc.config"] = config.name;
  for (const auto& [k, v] : config.tags) tags[k] = v;
  for (const auto& [label, field] : config.label_tags) {
    if (auto it = c.labels.find(label); it != c.labels.end()) tags[field] = it->second;
  }
  for (const auto& [var, field] : config.env_tags) {
    if (auto it = c.env.find(var); it != c.env.end()) tags[field] = it->second;
  }
  w.tags.assign(tags.begin(), tags.end());
  w.from = config.from;
  w.parser = config.parser;
  w.multiline = config.multiline;
  *out = std::move(w);
  return true;
}

void Renderer::Upsert(const ContainerInfo& c, std::string* out) {
  std::map<std::string, WatchEvent>& sent = sent_[c.id];
  if (!c.alive() && !sent.empty()) return;  // keep what was rendered while it ran
  std::map<std::string, WatchEvent> now;
  LstatMemo fs(fs_);  // the configs of one container look at the same directories
  for (const CollectionConfig& config : configs_) {
    if (config.type != "container_file" || !config.filter.Matches(c)) continue;  // others are lc-agent's
    WatchEvent w;
    if (Render(&fs, config, c, &w)) now.emplace(w.key, std::move(w));
  }
  for (const auto& [key, w] : sent) {
    if (now.count(key)) continue;
    WatchEvent r;
    r.type = WatchEvent::kRemove;
    r.key = key;
    AppendWatchEvent(r, out);
    ++counters_.removes;
  }
  for (const auto& [key, w] : now) {
    auto it = sent.find(key);
    if (it == sent.end() || !(it->second == w)) {
      AppendWatchEvent(w, out);
      ++counters_.adds;
    }
  }
  sent = std::move(now);
  if (sent.empty()) sent_.erase(c.id);
}

void Renderer::RemoveContainer(const std::string& id, std::string* out) {
  auto it = sent_.find(id);
  if (it == sent_.end()) return;
  for (const auto& [key, w] : it->second) {
    WatchEvent r;
    r.type = WatchEvent::kRemove;
    r.key = key;
    AppendWatchEvent(r, out);
    ++counters_.removes;
  }
  sent_.erase(it);
}

void Renderer::Apply(const ContainerEvent& e, std::string* out) {
  ++counters_.events;
  switch (e.type) {
    case ContainerEvent::kUpsert:
      Upsert(e.container, out);
      break;
    case ContainerEvent::kRemove:
      RemoveContainer(e.container.id, out);
      break;
    case ContainerEvent::kSync: {
      std::set<std::string> live(e.ids.begin(), e.ids.end());
      std::vector<std::string> gone;
      for (const auto& [id, watches] : sent_) {
        if (!live.count(id)) gone.push_back(id);
      }
      for (const std::string& id : gone) RemoveContainer(id, out);
      WatchEvent s;
      s.type = WatchEvent::kSync;
      for (const auto& [id, watches] : sent_) {
        for (const auto& [key, w] : watches) s.keys.push_back(key);
      }
      AppendWatchEvent(s, out);
      break;
    }
  }
}

Status Renderer::ApplyLine(const std::string& line, std::string* out) {
  ContainerEvent e;
  if (Status s = DecodeContainerEvent(line, &e); !s.ok()) {
    ++counters_.bad_events;
    return s;
  }
  Apply(e, out);
  return Status::OK();
}

RenderCounters Renderer::counters() const {
  RenderCounters c = counters_;
  c.containers = static_cast<int64_t>(sent_.size());
  for (const auto& [id, watches] : sent_) c.watches += static_cast<int64_t>(watches.size());
  return c;
}

std::string RenderMetricsText(const RenderCounters& c) {
  return SelfMetricsText("lc-render",
                         {{"containers", "gauge", "Containers with at least one watch.", c.containers},
                          {"watches", "gauge", "Watches added and not removed.", c.watches},
                          {"events_total", "counter", "Container events applied.", c.events},
                          {"bad_events_total", "counter", "Input lines that were not container events.", c.bad_events},
                          {"watch_adds_total", "counter", "Watch adds written.", c.adds},
                          {"watch_removes_total", "counter", "Watch removes written.", c.removes}});
}

}  // namespace lc
