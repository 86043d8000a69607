#include "common/base/mount_info_field.h"

namespace lc {

std::string UnescapeMountInfoField(const std::string& s) {
  auto octal = [&](size_t i, char max) { return s[i] >= '0' && s[i] <= max; };
  std::string r;
  r.reserve(s.size());
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '\\' && i + 3 < s.size() && octal(i + 1, '3') && octal(i + 2, '7') && octal(i + 3, '7')) {
      r += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      r += s[i];
    }
  }
  return r;
}

}  // namespace lc
