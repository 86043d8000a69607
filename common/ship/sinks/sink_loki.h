// Loki push codec: lc-ship records to the JSON body of POST
// /loki/api/v1/push.
//
//   {"streams":[{"stream":{"<label>":"<value>",...},
//                "values":[["<unix ns>","<line>"],...]},...]}
//
// Streams are grouped by label set: the labels are the record fields named
// by --labels, with every character that Loki does not allow in a label
// name ([a-zA-Z0-9_]) turned into '_' ("k8s.namespace.name" becomes
// "k8s_namespace_name").  A field the record lacks is left out of its label
// set; a record with none of the fields gets {"job":"lc-ship"}, since Loki
// rejects a stream without labels.  Non-string field values are written as
// their JSON text.
//
// The timestamp is the record's "time" (RFC 3339) in nanoseconds, as a
// decimal string; a record without a usable "time" gets `now`.  The line is
// the whole record (its JSON text): nothing is lost, and LogQL's `| json`
// gives every field back.  Entries of a stream are sorted by timestamp
// (stable), for Loki versions that reject out-of-order writes.
#ifndef LC_COMMON_SINK_LOKI_H_
#define LC_COMMON_SINK_LOKI_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/clock.h"
#include "common/ship/http_poster.h"
#include "common/ship/sinks/http_protocol_sink.h"

namespace lc {

// "k8s.pod.name" -> "k8s_pod_name"; a leading digit gets a '_' before it.
std::string LokiLabelName(std::string_view field);

// Appends the push body for `records` to `out`.  `label_fields` are record
// field names (as given to --labels).
void EncodeLokiPush(const std::vector<std::string_view>& records,
                    const std::vector<std::string>& label_fields, int64_t now_nanos,
                    std::string* out);

// The protocol: POST <base>/loki/api/v1/push of the push body.  Loki
// answers a push as a whole, so statuses are the skeleton's table
// (common/ship/sinks/http_protocol_sink.h): 400 (too old, out of order, line
// too long) is dead-lettered after its tries, 401/403 resent loudly.
class LokiProtocol : public HttpProtocol {
 public:
  explicit LokiProtocol(std::vector<std::string> label_fields) : labels_(std::move(label_fields)) {}
  void Encode(const Batch& batch, size_t begin, size_t end, int64_t now_nanos, std::string* scratch,
              HttpRequest* request) override;

 private:
  std::vector<std::string> labels_;
};

class LokiSink : public HttpProtocolSink {
 public:
  LokiSink(std::unique_ptr<HttpPoster> poster, std::vector<std::string> label_fields, Clock* clock,
           std::string compress = "none", int compress_level = 0)
      : HttpProtocolSink(std::move(poster), std::make_unique<LokiProtocol>(std::move(label_fields)),
                         std::move(compress), clock, compress_level) {}
};

}  // namespace lc

#endif  // LC_COMMON_SINK_LOKI_H_
