// Fuzz target: one line of a container runtime's log file (runtime_log.h):
// Docker json-file and CRI, each with and without the time cache, as
// lc-stdout reads them from a file a container writes into.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/runtime/runtime_log.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* p = reinterpret_cast<const char*>(data);
  lc::DetectRuntimeFormat(p, size);
  static std::string scratch;  // reused, as the hot path reuses it
  static lc::TimeParseCache times;
  lc::RuntimeLine rl;
  const char* error = nullptr;
  bool ok = lc::ParseDockerJsonLine(p, size, &scratch, &rl, &error);
  bool cached = lc::ParseDockerJsonLine(p, size, &scratch, &rl, &error, &times);
  if (ok != cached) abort();  // the cache changes speed, never the answer
  if (!ok && error == nullptr) abort();
  if (ok && rl.msg_len > 0 && (rl.msg < scratch.data() || rl.msg + rl.msg_len > scratch.data() + scratch.size())) {
    abort();  // the message lies in the scratch buffer
  }
  ok = lc::ParseCriLine(p, size, &rl, &error);
  lc::RuntimeLine rl2;
  cached = lc::ParseCriLine(p, size, &rl2, &error, &times);
  if (ok != cached || (ok && (rl.time != rl2.time || rl.msg_len != rl2.msg_len))) abort();
  if (ok && (rl.msg < p || rl.msg + rl.msg_len > p + size)) abort();  // a view into the line
  return 0;
}
