// OTLP/HTTP JSON codec: lc-ship records to the body of POST /v1/logs
// (ExportLogsServiceRequest in the protobuf JSON mapping), and the response's
// partialSuccess back.
//
// Records are grouped into resourceLogs by their resource attributes: the
// fields named container.*, k8s.*, host.* (e.g. host.name).  Each record
// becomes a logRecord of one scopeLogs (scope "lc-ship"):
//   timeUnixNano          the record's "time" (RFC 3339) in ns; omitted when
//                         the record has no usable "time"
//   observedTimeUnixNano  `now` (when lc-ship encoded it)
//   body                  {"stringValue": body}; a non-string body as its
//                         JSON text; omitted when the record has no body
//   attributes            every other field (lc.cursor and log.* included):
//                         strings as stringValue, integers as intValue,
//                         other numbers as doubleValue, booleans as
//                         boolValue, objects and arrays as their JSON text
// 64-bit integers are written as decimal strings, as the JSON mapping says.
#ifndef LC_COMMON_SINK_OTLP_H_
#define LC_COMMON_SINK_OTLP_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/clock.h"
#include "common/ship/http_poster.h"
#include "common/ship/sinks/http_protocol_sink.h"
#include "common/base/status.h"

namespace lc {

// True for a field that belongs to the resource, not to the log record.
bool IsOtlpResourceField(std::string_view field);

void EncodeOtlpLogs(const std::vector<std::string_view>& records, int64_t now_nanos,
                    std::string* out);

// The partialSuccess of a 200 response.  An empty body, "{}" or a body
// that is not JSON (a collector may answer in protobuf) means all accepted.
struct OtlpPartialSuccess {
  int64_t rejected = 0;
  std::string message;
};
OtlpPartialSuccess ParseOtlpResponse(std::string_view body);

// The protocol: POST <base>/v1/logs.  Statuses are the skeleton's table
// (common/ship/sinks/http_protocol_sink.h): every 5xx is resent, never
// dead-lettered, though OTLP/HTTP names only 502, 503 and 504 retryable (a
// collector's 500 is as transient as any).  A 2xx with partialSuccess is
// delivered, and its rejectedLogRecords and errorMessage are reported in
// server_rejected and server_message (OTLP says not to resend them, and not
// which they were).
class OtlpProtocol : public HttpProtocol {
 public:
  void Encode(const Batch& batch, size_t begin, size_t end, int64_t now_nanos, std::string* scratch,
              HttpRequest* request) override;
  void Accepted(const HttpReply& reply, const std::string& where, size_t begin, size_t end,
                SendResult* r) override;
};

class OtlpSink : public HttpProtocolSink {
 public:
  OtlpSink(std::unique_ptr<HttpPoster> poster, Clock* clock, std::string compress = "none",
           int compress_level = 0)
      : HttpProtocolSink(std::move(poster), std::make_unique<OtlpProtocol>(), std::move(compress),
                         clock, compress_level) {}
};

}  // namespace lc

#endif  // LC_COMMON_SINK_OTLP_H_
