// HttpSink: the plain `http(s)://HOST/PATH` sink, a POST of each batch as
// NDJSON (Content-Type application/x-ndjson; gzip or zstd Content-Encoding
// with --compress) through an HttpPoster (libcurl, common/ship/http_poster.h).
//
//   2xx                      delivered
//   408, 429, 5xx, transport resent whole, after Retry-After when given
//   413                      the batch is split in halves, each sent alone;
//                            a single record still too large is refused
//   other 4xx                refused for good (dead-lettered with the status
//                            and the start of the reply)
#ifndef LC_COMMON_SINK_HTTP_H_
#define LC_COMMON_SINK_HTTP_H_

#include <memory>
#include <string>

#include "common/ship/http_poster.h"
#include "common/ship/sink.h"

namespace lc {

class HttpSink : public Sink {
 public:
  explicit HttpSink(std::unique_ptr<HttpPoster> poster) : poster_(std::move(poster)) {}
  SendResult Send(const Batch& batch) override;

 private:
  // Sends records[begin, end) and fills their outcomes; returns the
  // Retry-After of a retryable answer (0 if none).
  void SendRange(const std::vector<std::string_view>& records, size_t begin, size_t end, SendResult* r);
  std::unique_ptr<HttpPoster> poster_;
  std::string body_;
};

}  // namespace lc

#endif  // LC_COMMON_SINK_HTTP_H_
