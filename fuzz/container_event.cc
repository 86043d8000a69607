// Fuzz target: a line of lc-discover's container events
// (common/stream/container_event.h), read by lc-stdout from a pipe: what
// decodes must encode and decode again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/stream/container_event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  lc::ContainerEvent e;
  lc::Status s = lc::DecodeContainerEvent(line, &e);
  if (!s.ok()) {
    if (s.message().empty()) abort();
    return 0;
  }
  std::string again;
  lc::AppendContainerEvent(e, &again);
  if (again.empty() || again.back() != '\n') abort();
  again.pop_back();
  lc::ContainerEvent back;
  if (!lc::DecodeContainerEvent(again, &back).ok() || back.type != e.type || back.container.id != e.container.id ||
      back.ids != e.ids) {
    abort();
  }
  return 0;
}
