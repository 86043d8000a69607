// HttpProtocolSink: the one skeleton of lc-ship's HTTP sinks (http(s)://,
// loki+, otlp+, elasticsearch+, s3://).  It owns what they share: the
// request (through an HttpPoster), compression, halving on 413, Retry-After
// and one status table.  What differs, the body and the reading of a 2xx
// answer, is an HttpProtocol (NDJSON, Loki push, OTLP/HTTP JSON, ES bulk,
// S3 object PUT).
//
// The status table (man/lc-ship.1, STATUS CODES), for a request's records:
//   2xx                 delivered, unless the protocol reads per-record
//                       results in the answer (ES bulk items, OTLP
//                       partialSuccess)
//   408, 425, 429, 5xx,
//   transport errors    resent after a backoff; Retry-After is obeyed
//   401, 403            resent after a backoff, and the message says the
//                       credentials were refused: a rotated token is fixed by
//                       an operator, not by dropping data
//   413                 halved, each half sent on its own; a single record
//                       the server still refuses is dead-lettered
//   other (4xx, 3xx)    resent until kRefuseAfterTries consecutive sends were
//                       answered so, then dead-lettered with the status and
//                       the start of the answer (a proxy or a load balancer
//                       may answer 404 for a moment; a bad request stays bad)
// --retry-max, when set, bounds every resend (common/ship/batch_sender.h).
#ifndef LC_COMMON_HTTP_PROTOCOL_SINK_H_
#define LC_COMMON_HTTP_PROTOCOL_SINK_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/clock.h"
#include "common/base/compress.h"
#include "common/ship/batch.h"
#include "common/ship/http_poster.h"
#include "common/ship/sink.h"

namespace lc {

// What a status means for the records of the request it answers.
enum class HttpVerdict { kDelivered, kRetry, kAuthRetry, kSplit, kRefuse };
HttpVerdict ClassifyHttpStatus(int status);

// Consecutive sends answered "other" before those records are dead-lettered.
constexpr int kRefuseAfterTries = 3;

// The per-protocol part of an HTTP sink.
class HttpProtocol {
 public:
  virtual ~HttpProtocol() = default;
  // Fills `request` (method, path, content type, body) for records
  // [begin, end) of `batch`; the body may point into `batch` or `scratch`.
  // The skeleton compresses it afterwards when asked to.
  virtual void Encode(const Batch& batch, size_t begin, size_t end, int64_t now_nanos,
                      std::string* scratch, HttpRequest* request) = 0;
  // Records [begin, end) were answered 2xx: the protocol may mark some of
  // them otherwise from the answer (r->outcomes are indexed like the batch).
  // `where` names the endpoint for messages.
  virtual void Accepted(const HttpReply& reply, const std::string& where, size_t begin, size_t end,
                        SendResult* r) {
    (void)reply, (void)where, (void)begin, (void)end, (void)r;
  }
  // True: compression is the body's Content-Encoding (POST protocols).
  // False: the protocol's format says it (S3 object names end .gz / .zst).
  virtual bool CompressionIsContentEncoding() const { return true; }
};

class HttpProtocolSink : public Sink {
 public:
  // `compress`: none, gzip or zstd; `compress_level` 0 (the default) or
  // one CheckCompressLevel accepts (the factory checked it).
  HttpProtocolSink(std::unique_ptr<HttpPoster> poster, std::unique_ptr<HttpProtocol> protocol,
                   std::string compress, Clock* clock, int compress_level = 0);
  SendResult Send(const Batch& batch) override;

 private:
  void SendRange(const Batch& batch, size_t begin, size_t end, SendResult* r);

  std::unique_ptr<HttpPoster> poster_;
  std::unique_ptr<HttpProtocol> protocol_;
  std::string compress_;
  int compress_level_;
  std::unique_ptr<Compressor> compressor_;  // made at the first body, kept across batches
  Clock* clock_;
  std::string body_, compressed_;
  int refusals_ = 0;       // consecutive sends answered "other"
  bool refused_ = false;   // this send had such an answer
};

}  // namespace lc

#endif  // LC_COMMON_HTTP_PROTOCOL_SINK_H_
