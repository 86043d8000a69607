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
#include "common/ship/sink.h"
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

// The sink: POST <base>/<index>/_bulk.
//   200          per item, as ParseBulkResponse says (a malformed answer:
//                the whole range is resent)
//   413          the range is halved and each half sent on its own; a single
//                record still too large is rejected
//   429, 5xx     the range is resent after a backoff (Retry-After obeyed)
//   400          the range is rejected with the server's message
//   other        (401, 403, 404 ...) resent: a credential or an index can be
//                fixed without losing data
class ElasticsearchSink : public Sink {
 public:
  ElasticsearchSink(std::unique_ptr<HttpPoster> poster, std::string index)
      : poster_(std::move(poster)), path_("/" + index + "/_bulk") {}
  SendResult Send(const Batch& batch) override;

 private:
  void SendRange(const std::vector<std::string_view>& records, size_t begin, size_t end,
                 SendResult* r);
  std::unique_ptr<HttpPoster> poster_;
  std::string path_;
};

}  // namespace lc

#endif  // LC_COMMON_SINK_ELASTICSEARCH_H_
