// HttpRequestParser: HTTP/1.1 requests read from a connection's bytes, one
// after another (keep-alive and pipelining), for lc-listen's receiver.
//
// Contract:
//  - The head (request line and headers) may be at most kMaxHeadBytes
//    (else 431).  Lines end with "\r\n" (a bare "\n" is taken too).
//  - The body is framed by Content-Length or by "Transfer-Encoding:
//    chunked" (chunk extensions and trailers skipped); neither means no
//    body.  A body longer than `max_body` is refused (413) as soon as that
//    is known: from Content-Length before any of it is read.
//  - Only the headers the receiver acts on are kept (Content-Type,
//    Content-Encoding, Authorization, Expect, Connection), lower-cased
//    names, values trimmed.
//  - A request that does not parse is an error with the status to answer
//    (400, 413, 431, 501) and a reason; the connection is then closed.
#ifndef LC_COMMON_LISTEN_HTTP_REQUEST_PARSER_H_
#define LC_COMMON_LISTEN_HTTP_REQUEST_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lc {

struct IncomingRequest {
  std::string method;
  std::string target;  // as sent, query included
  std::string content_type;
  std::string content_encoding;
  std::string authorization;
  bool keep_alive = true;       // HTTP/1.1 without "Connection: close"
  bool expect_continue = false;  // "Expect: 100-continue"
  std::string body;              // as sent (still encoded)

  // The target without its query string.
  std::string_view path() const;
};

class HttpRequestParser {
 public:
  static constexpr size_t kMaxHeadBytes = 64 * 1024;

  enum Result {
    kNeedMore,  // everything given was used; feed more
    kHead,      // the head of a request is read, its body is not yet
    kRequest,   // a whole request is ready: request(); then feed the rest
    kError,     // error_status(), error(); feed nothing more
  };

  explicit HttpRequestParser(size_t max_body) : max_body_(max_body) {}

  // Reads from *in, removing what it used.  Call again with what is left
  // after kHead and kRequest: more requests may follow.
  Result Parse(std::string* in);
  const IncomingRequest& request() const { return req_; }
  IncomingRequest& request() { return req_; }
  int error_status() const { return error_status_; }
  const std::string& error() const { return error_; }

 private:
  enum State { kReadHead, kReadBody, kChunkSize, kChunkData, kChunkEnd, kTrailers, kDone };
  Result Fail(int status, std::string why);
  Result ParseHead(std::string_view head);

  size_t max_body_;
  State state_ = kReadHead;
  IncomingRequest req_;
  uint64_t remaining_ = 0;  // body or chunk bytes still to read
  int error_status_ = 0;
  std::string error_;
};

}  // namespace lc

#endif  // LC_COMMON_LISTEN_HTTP_REQUEST_PARSER_H_
