// Fuzz target: a commit file (common/stream/commit_file.h), written by
// lc-ship and read by lc-tail and lc-stdout at start: what decodes must
// encode and decode to the same cursors.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/stream/commit_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  lc::CursorMap cursors;
  lc::Status s = lc::DecodeCommitFile(text, "fuzz.json", &cursors);
  if (!s.ok()) {
    if (s.message().empty()) abort();
    return 0;
  }
  std::string again = lc::EncodeCommitFile(cursors);
  lc::CursorMap back;
  if (!lc::DecodeCommitFile(again, "fuzz.json", &back).ok() || back != cursors) abort();
  return 0;
}
