// ContainerEvent: the container-event stream of lc-streams(7), CONTAINER EVENTS, which
// lc-discover writes and lc-render / lc-stdout read (man/lc-streams.7):
//   {"event":"upsert", ...one container...}
//   {"event":"remove","id":"…","finished":"…"}
//   {"event":"sync","ids":["…"]}
// ContainerInfo is what an upsert carries; ParseInspect builds it from the
// body of the Engine API's GET /containers/{id}/json (Docker or podman).
// AppendContainerEvent (and the Append* it dispatches to) is the stream's one
// encoder, DecodeContainerEvent its one decoder.  Encoded objects have their
// keys sorted, so two runs can be diffed.
#ifndef LC_COMMON_CONTAINER_EVENT_H_
#define LC_COMMON_CONTAINER_EVENT_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/stream/k8s_metadata.h"
#include "common/base/status.h"

namespace lc {

struct ContainerMount {
  std::string source;       // host path (with the host root prefixed)
  std::string destination;  // path inside the container
  bool rw = true;
};

struct ContainerInfo {
  std::string id;
  std::string name;   // without Docker's leading '/'
  std::string image;  // as the container was created from ("nginx:1.25")
  std::string state;  // "running", "exited", "paused", "created", ...
  int64_t pid = 0;
  int64_t created = 0;   // wall nanoseconds; 0 = unknown
  int64_t started = 0;
  int64_t finished = 0;  // 0 while it has not finished
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> env;
  std::vector<ContainerMount> mounts;
  std::string rootfs;    // overlay merged dir (host path)
  std::string upperdir;  // overlay upper dir (host path)
  // The overlay's read-only layers (host paths), the topmost first: where a
  // file only the image holds is read (lc-render), so that no descriptor is
  // held under `rootfs`, which must be unmountable when the container ends.
  std::vector<std::string> lowerdirs;
  std::string log_path;  // stdout/stderr log file (host path); empty if none
  std::string log_format;  // "docker-json" or "cri"; empty with log_path
  std::string runtime;     // "docker" or "podman"
  K8sMetadata k8s;
  bool sandbox = false;  // a pod's pause/infra container: never announced

  // Running, paused or restarting: it still has a process and a log.
  bool alive() const { return state == "running" || state == "paused" || state == "restarting"; }
};

struct InspectOptions {
  std::string host_root;        // prefixed to every host path ("" = none)
  std::string runtime = "docker";  // "docker" or "podman": decides log_format
};

// Parses an inspect body.  Corruption if it is not a container object.
Status ParseInspect(const std::string& body, const InspectOptions& opt, ContainerInfo* out);

// `host_root` + `path` for an absolute path ("" and relative paths unchanged).
std::string HostPath(const std::string& host_root, const std::string& path);

// The layers of an overlay "lowerdir" value ("a:b:c", the topmost first),
// each with the host root prefixed.
std::vector<std::string> SplitLowerDirs(const std::string& lowerdir, const std::string& host_root);

// One event of the stream, decoded.
struct ContainerEvent {
  enum Type { kUpsert, kRemove, kSync };
  Type type = kUpsert;
  // upsert: the container as announced (`sandbox` is never set: sandboxes
  // are not announced); remove: its id and, when known, finished.
  ContainerInfo container;
  std::vector<std::string> ids;  // sync: every container announced and not removed
};

// Append one NDJSON line each.
void AppendUpsert(const ContainerInfo& c, std::string* out);
void AppendRemove(const std::string& id, int64_t finished, std::string* out);
void AppendSync(const std::vector<std::string>& ids, std::string* out);
void AppendContainerEvent(const ContainerEvent& e, std::string* out);

// Decodes one line.  InvalidArgument says what is wrong: not a JSON object,
// an unknown event, an upsert or remove without an "id", a sync without
// "ids", or a known field of the wrong type (a time that is not RFC 3339).
// Fields this version does not know are ignored.
Status DecodeContainerEvent(std::string_view line, ContainerEvent* out);

}  // namespace lc

#endif  // LC_COMMON_CONTAINER_EVENT_H_
