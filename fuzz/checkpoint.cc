// Fuzz target: a checkpoint file (common/tail/checkpoint.h), which lc-tail
// reads at start from disk: what decodes must encode and decode the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/tail/checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<lc::CheckpointEntry> entries;
  lc::Status s = lc::DecodeCheckpoint(text, "fuzz.json", &entries);
  if (!s.ok()) {
    if (s.message().empty()) abort();
    return 0;
  }
  std::string again = lc::EncodeCheckpoint(entries);
  std::vector<lc::CheckpointEntry> back;
  if (!lc::DecodeCheckpoint(again, "fuzz.json", &back).ok() || back.size() != entries.size()) abort();
  for (size_t i = 0; i < back.size(); i++) {
    if (back[i].key != entries[i].key || back[i].path != entries[i].path || back[i].offset != entries[i].offset ||
        back[i].start != entries[i].start) {
      abort();
    }
  }
  if (lc::EncodeCheckpoint(back) != again) abort();
  return 0;
}
