#include "common/stream/cursor.h"

#include <cstring>

namespace lc {

bool Cursor::Split(std::string_view c, std::string_view* key, int64_t* offset) {
  const char* last = c.empty() ? nullptr : static_cast<const char*>(memrchr(c.data(), ':', c.size()));
  if (last == nullptr) return false;
  size_t colon = static_cast<size_t>(last - c.data()) + 1;
  if (colon == c.size()) return false;
  int64_t v = 0;
  for (size_t i = colon; i < c.size(); i++) {
    unsigned d = static_cast<unsigned char>(c[i]) - '0';
    if (d > 9) return false;
    if (v > (INT64_MAX - 9) / 10 && v > (INT64_MAX - d) / 10) return false;  // the exact test only near the top
    v = v * 10 + d;
  }
  *key = c.substr(0, colon - 1);
  *offset = v;
  return true;
}

Status Cursor::Parse(std::string_view text, Cursor* out) {
  std::string_view key;
  int64_t offset;
  if (Split(text, &key, &offset)) {
    out->key.assign(key.data(), key.size());
    out->offset = offset;
    return Status::OK();
  }
  std::string quoted = "cursor '" + std::string(text) + "': ";
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return Status::InvalidArgument(quoted + "no ':' before the offset");
  }
  if (colon + 1 == text.size()) return Status::InvalidArgument(quoted + "no offset after the last ':'");
  return Status::InvalidArgument(quoted + "the offset after the last ':' is not a decimal number " +
                                 "from 0 to " + std::to_string(INT64_MAX));
}

void Cursor::AppendTo(std::string* out) const {
  out->append(key);
  out->push_back(':');
  out->append(std::to_string(offset));
}

std::string Cursor::ToString() const {
  std::string s;
  AppendTo(&s);
  return s;
}

}  // namespace lc
