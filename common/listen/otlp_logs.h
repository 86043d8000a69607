// OtlpLogs: the body of a POST to /v1/logs in OTLP/HTTP's JSON encoding
// (an ExportLogsServiceRequest: what OpenTelemetry SDKs and collectors send
// with Content-Type application/json), as records.
//
// Each logRecord is a record: time its timeUnixNano, else its
// observedTimeUnixNano, else the receive time; body its body (a string
// value as it is, any other AnyValue as JSON: {"k":v} for a kvlist, [..]
// for an array); fields, in order: the resource's attributes, the scope's
// name and version (otel.scope.name, otel.scope.version), the record's
// attributes, severity_text, severity_number, trace_id, span_id (each only
// when set).  Attribute values: strings as text, ints, doubles and bools as
// JSON numbers and literals, arrays and kvlists as JSON, bytes as base64.
// A body that is not this shape is InvalidArgument saying where, and
// nothing is appended.  (Protobuf bodies are not read: the caller answers
// 415.)
#ifndef LC_COMMON_LISTEN_OTLP_LOGS_H_
#define LC_COMMON_LISTEN_OTLP_LOGS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace lc {

// Appends the records of `body` to *out and counts them in *records.
Status AppendOtlpLogs(std::string_view body, int64_t now, std::string_view client, std::string* out,
                      size_t* records);

}  // namespace lc

#endif  // LC_COMMON_LISTEN_OTLP_LOGS_H_
