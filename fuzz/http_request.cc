// Fuzz target: HTTP/1.1 requests from the network (lc-listen's receiver):
// the parser fed the bytes whole and cut in two at a point the input
// chooses must see the same requests (paths, body) and the same error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/listen/http_request_parser.h"

namespace {

// "path|body" per request, then "E<status>" if it failed.
std::string Run(std::string_view in, size_t cut) {
  lc::HttpRequestParser p(4096);
  std::string out, buf;
  bool failed = false;
  for (std::string_view piece : {in.substr(0, cut), in.substr(cut)}) {
    if (failed) break;
    buf.append(piece.data(), piece.size());
    for (;;) {
      lc::HttpRequestParser::Result r = p.Parse(&buf);
      if (r == lc::HttpRequestParser::kRequest) {
        out += std::string(p.request().path()) + "|" + p.request().body + "\n";
        continue;
      }
      if (r == lc::HttpRequestParser::kHead) continue;
      if (r == lc::HttpRequestParser::kError) {
        if (p.error_status() < 400 || p.error_status() > 599) abort();
        out += "E" + std::to_string(p.error_status());
        failed = true;
      }
      break;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  size_t cut = in.empty() ? 0 : data[0] % (in.size() + 1);
  if (Run(in, in.size()) != Run(in, cut)) abort();
  return 0;
}
