#include "common/stream/forget_line.h"

#include "common/json/json_escape.h"
#include "common/json/json_unescape.h"

namespace lc {

void AppendForgetLine(std::string_view key, std::string* out) {
  out->append(kForgetLinePrefix);
  AppendJsonEscaped(out, key.data(), key.size());
  out->append("\"}\n");
}

bool ParseForgetLineAfterCheck(std::string_view line, std::string* key) {
  const std::string_view prefix = kForgetLinePrefix;
  if (line.size() < prefix.size() + 2 || line.compare(0, prefix.size(), prefix) != 0) return false;
  const char* p = line.data() + prefix.size();
  size_t n = line.size() - prefix.size();
  size_t end = UnescapeJsonString(p, n, key);
  // Just past the closing quote, the closing brace and nothing more.
  return end != 0 && end + 1 == n && p[end] == '}';
}

}  // namespace lc
