// LokiPush: the body of a POST to /loki/api/v1/push in Loki's JSON form
// (what Promtail, Grafana Alloy, Fluent Bit's loki output and lc-ship's own
// loki sink send with Content-Type application/json), as records:
//
//   {"streams":[{"stream":{"job":"web"},
//                "values":[["<epoch ns>","<line>"],["<ns>","<line>",{"k":"v"}]]}]}
//
// Each value is a record: time its nanoseconds, body its line, fields the
// stream's labels then the entry's structured metadata (IngestRecord
// renames the names the record format owns).  Loki takes or refuses a push
// whole, and so does this: InvalidArgument, saying where, for a body that
// is not this shape, and nothing is appended.  (The protobuf form, with
// snappy, is not read: the caller answers 415 for it.)
#ifndef LC_COMMON_LISTEN_LOKI_PUSH_H_
#define LC_COMMON_LISTEN_LOKI_PUSH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace lc {

// Appends the records of `body` to *out and counts them in *records.
Status AppendLokiPush(std::string_view body, std::string_view client, std::string* out, size_t* records);

}  // namespace lc

#endif  // LC_COMMON_LISTEN_LOKI_PUSH_H_
