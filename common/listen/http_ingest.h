// HttpIngest: what lc-listen's HTTP receiver answers, and the records a
// request becomes.
//
//   POST /                   NDJSON, plain lines or a JSON array (LineRecords):
//                            200 {"taken":N,"invalid":M}; 400 when no line
//                            is a valid record (nothing is taken then)
//   POST /loki/api/v1/push   Loki's JSON push (LokiPush): 204; 400 saying why
//   POST /v1/logs            OTLP/HTTP JSON (OtlpLogs): 200 {}; 400 saying why
//   GET  /ready              200 "ok" (no token needed)
//
// For every POST: Content-Encoding gzip or zstd is decompressed (415 for
// another); a body over the limit, before or after decompression, is 413;
// with a bearer token configured, "Authorization: Bearer <token>" is
// required (401, checked on the head, before the body is read); a protobuf
// Content-Type is 415 (JSON only).  Another path is 404, another method 405.
// While the journal is full (set_full), a POST is 503 with "Retry-After: 1".
// The token is compared in constant time and never appears in a reply or
// a message.
#ifndef LC_COMMON_LISTEN_HTTP_INGEST_H_
#define LC_COMMON_LISTEN_HTTP_INGEST_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/listen/http_request_parser.h"
#include "common/listen/line_records.h"

namespace lc {

struct IngestReply {
  int status = 0;  // 0: no reply yet (CheckHead: read the body)
  std::string content_type = "application/json";
  std::string body;
  std::string extra_headers;  // whole lines, "\r\n" each
};

// A JSON error reply: {"error":"<why>"}.
IngestReply HttpErrorReply(int status, const std::string& why);

// The bytes of a reply; `close` adds "Connection: close".
std::string FormatHttpReply(const IngestReply& r, bool close);

class HttpIngest {
 public:
  HttpIngest(size_t max_body_bytes, std::string bearer_token)
      : max_body_(max_body_bytes), token_(std::move(bearer_token)) {}

  // While full, every POST is answered 503 with Retry-After and taken not.
  void set_full(bool full) { full_ = full; }

  // On a request's head: a reply that ends it now (401, 404, 405), or
  // status 0 to read its body.
  IngestReply CheckHead(const IncomingRequest& req) const;
  // A whole request: appends its records to *out and says what to answer.
  IngestReply Handle(const IncomingRequest& req, int64_t now, std::string_view client, std::string* out);

 private:
  size_t max_body_;
  std::string token_;
  bool full_ = false;
  LineRecords lines_;
  std::string plain_;  // a decompressed body
};

}  // namespace lc

#endif  // LC_COMMON_LISTEN_HTTP_INGEST_H_
