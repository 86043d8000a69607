// Fuzz target: the Docker Engine API's answers (common/discover/docker_reply.h
// and ParseInspect of common/stream/container_event.h), which lc-discover
// reads from the engine's socket.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/discover/docker_reply.h"
#include "common/stream/container_event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  lc::RuntimeEvent e;
  if (lc::ParseEngineEvent(body, &e) && (e.id.empty() || e.action.empty())) abort();
  std::vector<std::string> ids;
  lc::ParseContainerList(body, "h", &ids);
  std::string runtime;
  lc::ParseEngineVersion(body, "h", &runtime);
  lc::EngineMessage(body);
  for (const char* rt : {"docker", "podman"}) {
    lc::InspectOptions opt;
    opt.runtime = rt;
    opt.host_root = size % 2 ? "/host" : "";
    lc::ContainerInfo info;
    lc::Status s = lc::ParseInspect(body, opt, &info);
    if (s.ok()) {
      std::string line;
      lc::AppendUpsert(info, &line);  // what lc-discover then announces
      if (line.empty() || line.back() != '\n') abort();
      line.pop_back();
      lc::ContainerEvent ev;
      if (!lc::DecodeContainerEvent(line, &ev).ok()) abort();  // and lc-stdout reads it
    }
  }
  return 0;
}
