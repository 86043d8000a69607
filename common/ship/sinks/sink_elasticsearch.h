// Elasticsearch bulk codec: lc-ship records to a `_bulk` request body, and
// the bulk response back to one outcome per record.
//
// Every record becomes a `create` action with a deterministic `_id` derived
// from its lc.cursor, so a batch sent twice (a retry after a lost response,
// a restart after kill -9) is stored once: the second `create` of the same
// _id answers 409 (version conflict), which means "already there" and counts
// as delivered.  The record line itself is the document, byte for byte.
//
// Pure functions, no I/O: the sink (ElasticsearchSink, below the codec)
// does the HTTP.
#ifndef LC_COMMON_SINK_ELASTICSEARCH_H_
#define LC_COMMON_SINK_ELASTICSEARCH_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/ship/http_poster.h"
#include "common/base/clock.h"
#include "common/ship/sinks/http_protocol_sink.h"
#include "common/base/status.h"

namespace lc {

// The _id of a record: 32 hex digits of SHA-256 over its lc.cursor value
// (over the whole line when it has no lc.cursor, so the id is still a
// function of the record).  128 bits: a collision, which would make ES drop a
// record as a "duplicate", is out of reach for any number of records a node
// can produce.
std::string BulkDocumentId(std::string_view record);

// Appends the _bulk body for `records` (JSON objects without their newline):
//   {"create":{"_id":"<id>"}}\n<record>\n   per record.
// The index is in the URL (/<index>/_bulk), not in each action.
void EncodeBulkRequest(const std::vector<std::string_view>& records, std::string* out);

// What the bulk API said about one item.
struct BulkItemOutcome {
  enum Kind { kDelivered, kRetry, kReject };
  Kind kind = kDelivered;
  int status = 0;      // the item's HTTP status (0 when errors:false skipped items)
  std::string reason;  // for kReject/kRetry: "<status> <error.type>: <error.reason>"
};

// Parses a 200 response of _bulk for a request of `n` records.  Per item:
//   2xx, 409          delivered (409: the _id exists: sent before)
//   429, 5xx          retry this record alone
//   other 4xx         reject: send it to the dead-letter file with the reason
// A body that is not a bulk response, or whose item count is not `n`, is
// Corruption (the caller retries the whole batch).
Status ParseBulkResponse(std::string_view body, size_t n, std::vector<BulkItemOutcome>* out);

// The protocol: POST <base>/<index>/_bulk.  Statuses of the whole request
// are the skeleton's table (common/ship/sinks/http_protocol_sink.h); a 2xx
// is read per item, as ParseBulkResponse says (a malformed answer: the whole
// range is resent).
class BulkProtocol : public HttpProtocol {
 public:
  explicit BulkProtocol(std::string index) : path_("/" + index + "/_bulk") {}
  void Encode(const Batch& batch, size_t begin, size_t end, int64_t now_nanos, std::string* scratch,
              HttpRequest* request) override;
  void Accepted(const HttpReply& reply, const std::string& where, size_t begin, size_t end,
                SendResult* r) override;

 private:
  std::string path_;
};

class ElasticsearchSink : public HttpProtocolSink {
 public:
  ElasticsearchSink(std::unique_ptr<HttpPoster> poster, std::string index,
                    std::string compress = "none", Clock* clock = SystemClock(),
                    int compress_level = 0)
      : HttpProtocolSink(std::move(poster), std::make_unique<BulkProtocol>(std::move(index)),
                         std::move(compress), clock, compress_level) {}
};

}  // namespace lc

#endif  // LC_COMMON_SINK_ELASTICSEARCH_H_
