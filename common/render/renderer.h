// Renderer: container events in (lc-streams(7), CONTAINER EVENTS), watch
// events out (WATCH EVENTS): lc-render's core.
//
// Contracts:
//  - One watch per (config, container) the config's filter accepts, keyed
//    "<config>/<container id>", with the host globs of host_patterns.h, the
//    container's root (`root`: lc-tail resolves symlinks in it), the
//    config's from/parser/multiline, and tags: container.id,
//    container.name, container.image.name, the k8s.* fields the container
//    has, lc.config, then the config's tags, label_tags and env_tags (a
//    label or variable the container lacks gives no tag).
//  - Idempotent: an upsert that renders what was already sent sends
//    nothing; one that renders differently sends the new add; one that
//    renders nothing (the filter no longer accepts it, no path maps) sends
//    a remove.  A fresh Renderer fed the same events sends the same adds.
//  - A container's remove sends a remove for each of its watches: lc-tail
//    drains their files before letting them go.  An upsert of a stopped
//    container keeps what was rendered while it ran (its merged dir is
//    gone; what lc-tail follows is in the upper dir and mounts).
//  - lc-discover's sync becomes a watch sync of every live watch, after a
//    remove for the watches of containers the sync no longer lists.
//  - Why a pattern is skipped (tmpfs, a symlink loop, ...) goes to `warn`
//    once per watch and reason.
#ifndef LC_COMMON_RENDER_RENDERER_H_
#define LC_COMMON_RENDER_RENDERER_H_

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/base/file_system.h"
#include "common/base/status.h"
#include "common/render/collection_config.h"
#include "common/stream/container_event.h"
#include "common/stream/watch_event.h"

namespace lc {

// What a Renderer has done, for lc-render's self-metrics (lc-render(1)).
struct RenderCounters {
  int64_t containers = 0;  // with at least one watch now
  int64_t watches = 0;     // added and not removed
  int64_t events = 0;      // container events applied, since start
  int64_t bad_events = 0;  // lines that were not container events
  int64_t adds = 0;        // watch adds written (a changed watch is added again)
  int64_t removes = 0;     // watch removes written
};

// `c` in the Prometheus text format, names lc_render_… (self_metrics.h).
std::string RenderMetricsText(const RenderCounters& c);

class Renderer {
 public:
  using Warn = std::function<void(const std::string& message)>;
  Renderer(std::vector<CollectionConfig> configs, FileSystem* fs, Warn warn);

  // Appends the watch events (NDJSON lines) that `e` calls for to *out.
  void Apply(const ContainerEvent& e, std::string* out);
  // Decodes one line of the container-event stream and applies it.
  Status ApplyLine(const std::string& line, std::string* out);

  // The watch add for (config, container); false if it renders no path.
  bool Render(const CollectionConfig& config, const ContainerInfo& c, WatchEvent* out);

  RenderCounters counters() const;

 private:
  bool Render(FileSystem* fs, const CollectionConfig& config, const ContainerInfo& c, WatchEvent* out);
  void Upsert(const ContainerInfo& c, std::string* out);
  void RemoveContainer(const std::string& id, std::string* out);

  std::vector<CollectionConfig> configs_;
  FileSystem* fs_;
  Warn warn_;
  std::map<std::string, std::map<std::string, WatchEvent>> sent_;  // container id -> key -> add sent
  std::set<std::string> warned_;
  RenderCounters counters_;  // the totals; the gauges are counted when asked
};

}  // namespace lc

#endif  // LC_COMMON_RENDER_RENDERER_H_
