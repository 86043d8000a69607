// Fuzz target: a line of records (common/stream/record.h) as lc-ship reads
// it from a pipe: the full decoder and the fast cursor finder.  What decodes
// must encode and decode to the same body and cursor.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/stream/record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* p = reinterpret_cast<const char*>(data);
  std::string_view line(p, size);
  std::string scratch;
  std::string_view key;
  int64_t offset = 0;
  if (lc::FindCursor(line, &scratch, &key, &offset)) {
    bool in_line = key.data() >= p && key.data() + key.size() <= p + size;
    bool in_scratch = key.data() >= scratch.data() && key.data() + key.size() <= scratch.data() + scratch.size();
    if (!key.empty() && !in_line && !in_scratch) abort();
  }
  lc::Record r;
  lc::Status s = lc::DecodeRecord(line, &r);
  if (!s.ok()) {
    if (s.message().empty()) abort();
    return 0;
  }
  std::string again;
  lc::AppendRecord(r, &again);
  if (again.empty() || again.back() != '\n') abort();
  again.pop_back();
  lc::Record back;
  if (!lc::DecodeRecord(again, &back).ok() || back.body != r.body || back.has_cursor != r.has_cursor ||
      back.cursor.key != r.cursor.key || back.cursor.offset != r.cursor.offset || back.truncated != r.truncated) {
    abort();
  }
  return 0;
}
