#include "common/ship/sink_message.h"

#include <string_view>

namespace lc {

std::string SinkPrefix(const std::string& sink, const std::string& why) {
  if (sink.empty() || why.find(sink) != std::string::npos) return std::string();
  // A field "scheme://..." (no blank in it) between ": " separators: where it happened.
  for (size_t b = 0; b < why.size();) {
    size_t e = why.find(": ", b);
    if (e == std::string::npos) e = why.size();
    std::string_view f(why.data() + b, e - b);
    size_t scheme = f.find("://");
    if (scheme != std::string_view::npos && scheme > 0 && f.find(' ') == std::string_view::npos) {
      return std::string();
    }
    b = e + 2;
  }
  return sink + ": ";
}

}  // namespace lc
