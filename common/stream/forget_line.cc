#include "common/stream/forget_line.h"

#include "common/json/json_escape.h"
#include "common/json/json_unescape.h"

namespace lc {
namespace {
constexpr std::string_view kPrefix = "{\"lc.forget\":\"";
}  // namespace

void AppendForgetLine(std::string_view key, std::string* out) {
  out->append(kPrefix);
  AppendJsonEscaped(out, key.data(), key.size());
  out->append("\"}\n");
}

bool ParseForgetLine(std::string_view line, std::string* key) {
  if (line.size() < kPrefix.size() + 2 || line.compare(0, kPrefix.size(), kPrefix) != 0) return false;
  const char* p = line.data() + kPrefix.size();
  size_t n = line.size() - kPrefix.size();
  size_t end = UnescapeJsonString(p, n, key);
  // Just past the closing quote, the closing brace and nothing more.
  return end != 0 && end + 1 == n && p[end] == '}';
}

}  // namespace lc
