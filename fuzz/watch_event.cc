// Fuzz target: a line of the watch events lc-tail reads with --watches
// (common/stream/watch_event.h): what decodes must encode and decode to an
// equal event.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/stream/watch_event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  lc::WatchEvent e;
  lc::Status s = lc::DecodeWatchEvent(line, &e);
  if (!s.ok()) {
    if (s.message().empty()) abort();
    return 0;
  }
  std::string again;
  lc::AppendWatchEvent(e, &again);
  if (!again.empty() && again.back() == '\n') again.pop_back();
  lc::WatchEvent back;
  if (!lc::DecodeWatchEvent(again, &back).ok() || !(back == e)) abort();
  return 0;
}
