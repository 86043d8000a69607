// HttpSink: the plain `http(s)://HOST/PATH` sink, a POST of each batch as
// NDJSON (Content-Type application/x-ndjson; gzip or zstd Content-Encoding
// with --compress).  The body is the batch's own NDJSON text (or a slice of
// it after a 413), never rebuilt.  Statuses, 413 and Retry-After as every
// HTTP sink (common/ship/sinks/http_protocol_sink.h).
#ifndef LC_COMMON_SINK_HTTP_H_
#define LC_COMMON_SINK_HTTP_H_

#include <memory>
#include <string>

#include "common/base/clock.h"
#include "common/ship/http_poster.h"
#include "common/ship/sinks/http_protocol_sink.h"

namespace lc {

class NdjsonProtocol : public HttpProtocol {
 public:
  void Encode(const Batch& batch, size_t begin, size_t end, int64_t now_nanos, std::string* scratch,
              HttpRequest* request) override;
};

class HttpSink : public HttpProtocolSink {
 public:
  explicit HttpSink(std::unique_ptr<HttpPoster> poster, std::string compress = "none",
                    Clock* clock = SystemClock(), int compress_level = 0)
      : HttpProtocolSink(std::move(poster), std::make_unique<NdjsonProtocol>(), std::move(compress),
                         clock, compress_level) {}
};

}  // namespace lc

#endif  // LC_COMMON_SINK_HTTP_H_
