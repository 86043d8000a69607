#include "common/ship/sinks/batch_object_name.h"

#include <fmt/format.h>

#include "common/base/rfc3339.h"
#include "common/json/json_fields.h"
#include "common/tail/file_identity.h"

namespace lc {
namespace {

uint64_t Hash(std::string_view s) { return HashBytes(s.data(), s.size()); }

// The hash of a record's cursor ("<key>:<offset>", escapes in the key
// decoded); false when it has none.
bool CursorHash(std::string_view record, uint64_t* h) {
  std::string scratch;
  std::string_view key;
  int64_t offset;
  if (!FindCursor(record, &scratch, &key, &offset)) return false;
  *h = Hash(fmt::format("{}:{}", key, offset));
  return true;
}

}  // namespace

std::string BatchObjectName(const Batch& batch, size_t begin, size_t end, int64_t now_nanos,
                            std::string_view ext) {
  uint64_t a, b;
  if (!CursorHash(batch.at(begin), &a) || !CursorHash(batch.at(end - 1), &b)) {
    a = Hash(batch.at(begin));
    b = 0xcbf29ce484222325ULL;
    for (size_t i = begin; i < end; ++i) b = b * 0x100000001b3ULL ^ Hash(batch.at(i));
  }
  std::string stamp = FormatRfc3339Nanos(RecordTime(batch.at(begin), now_nanos));  // YYYY-MM-DDThh:...
  return fmt::format("{}/{}/{}/{}/{:016x}-{:016x}.{}", stamp.substr(0, 4), stamp.substr(5, 2),
                     stamp.substr(8, 2), stamp.substr(11, 2), a, b, ext);
}

int64_t RecordTime(std::string_view record, int64_t now_nanos) {
  int64_t t = now_nanos;
  ForEachJsonMember(record, [&](const JsonMember& m) {
    if (!m.KeyIs("time")) return true;
    int64_t parsed;
    if (m.type == JsonMember::kString && !m.value_escaped &&
        ParseRfc3339(m.value.data(), m.value.size(), &parsed))
      t = parsed;
    return false;
  });
  return t;
}

}  // namespace lc
