// HttpConnection: one HTTP client connection of lc-listen's loop: the bytes
// read go through HttpRequestParser, each request through HttpIngest, and
// the replies queue here until the loop has written the records out (a
// reply says the records are in the pipe) and can send them.
//
// Contract: after a reply that ends the connection (an error, a refusal
// on the head, "Connection: close", HTTP/1.0) the connection reads no
// more, and the loop closes it once the reply is sent.  "Expect:
// 100-continue" is answered on the head, unless the head is refused.
#ifndef LC_COMMON_LISTEN_HTTP_CONNECTION_H_
#define LC_COMMON_LISTEN_HTTP_CONNECTION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/listen/http_ingest.h"
#include "common/listen/http_request_parser.h"

namespace lc {

class HttpConnection {
 public:
  HttpConnection(HttpIngest* ingest, std::string peer, size_t max_body)
      : ingest_(ingest), peer_(std::move(peer)), parser_(max_body) {}

  // Bytes read from the socket; the records of the requests they complete
  // are appended to *records.
  void OnData(std::string_view data, int64_t now, std::string* records);

  // Replies waiting to be sent; the loop removes what it wrote.
  std::string& pending() { return out_; }
  // True once a reply that ends the connection is queued.
  bool closing() const { return closing_; }

 private:
  void Reply(const IngestReply& r, bool close);

  HttpIngest* ingest_;
  std::string peer_;
  HttpRequestParser parser_;
  std::string in_;
  std::string out_;
  bool closing_ = false;
};

}  // namespace lc

#endif  // LC_COMMON_LISTEN_HTTP_CONNECTION_H_
