// ContainerApi: what discovery needs from a container engine, behind one
// interface so the discovery loop (discoverer.h) runs against Docker's or
// podman's Engine API (docker_client.h), the runtimes' state on disk
// (source_api.h over containerd, CRI-O and pods-dir sources) and, in unit
// tests, a scripted fake.
#ifndef LC_COMMON_CONTAINER_API_H_
#define LC_COMMON_CONTAINER_API_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/base/status.h"
#include "common/stream/container_event.h"

namespace lc {

// One entry of the engine's event stream, for a container.
struct RuntimeEvent {
  std::string action;  // "start", "die", "destroy", "rename", "update", ...
  std::string id;
  int64_t time = 0;  // wall nanoseconds; 0 if the engine did not say
  // The engine's Actor.Attributes: name, image, the labels, and per action
  // exitCode (die), signal (kill); empty from sources without an engine.
  std::map<std::string, std::string> attributes = {};
};

class ContainerApi {
 public:
  struct Inspected {
    std::string id;
    Status status;     // NotFound: the container is gone (HTTP 404)
    std::string body;  // the inspect JSON when status is OK and !parsed
    // A source that reads no Engine API gives the container itself.
    bool parsed = false;
    ContainerInfo info;
  };

  virtual ~ContainerApi() = default;
  // What the messages name: "unix:///var/run/docker.sock".
  virtual std::string Describe() const = 0;
  // Asks the engine who it is: "docker" or "podman" in *runtime.
  virtual Status Version(std::string* runtime) = 0;
  // Opens the container event stream; OK once the engine has accepted the
  // subscription (answered 200), so nothing that happens afterwards is lost.
  virtual Status Subscribe() = 0;
  // Waits up to `timeout_ns` for events (or until woken by a signal).
  // IOError once the stream has ended; it must then be subscribed again.
  virtual Status WaitEvents(int64_t timeout_ns, std::vector<RuntimeEvent>* events) = 0;
  virtual void CloseEvents() = 0;
  // Sleeps up to `ns`, or less if woken by a signal.
  virtual void Sleep(int64_t ns) = 0;
  // Ids of the running containers (or of all, with `all`).
  virtual Status List(bool all, std::vector<std::string>* ids) = 0;
  // Inspects `ids`, with a bounded number of requests in flight; results in
  // the order of `ids`.  Events that arrive meanwhile are kept for the next
  // WaitEvents.
  virtual void Inspect(const std::vector<std::string>& ids, std::vector<Inspected>* out) = 0;
};

}  // namespace lc

#endif  // LC_COMMON_CONTAINER_API_H_
