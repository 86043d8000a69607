// HttpPoster: the one HTTP exchange a protocol sink needs, a request (POST
// or PUT) of a body to a path under a base URL, as an interface.
//
// The protocol logic (status table, 413 halving, Retry-After, compression:
// common/ship/sinks/http_protocol_sink.h) talks to an HttpPoster, so unit
// tests drive it with a scripted poster (testing/fake_http_poster.h) and no
// network.  CurlPoster is the real one (libcurl, one reused connection,
// keep-alive); it sends the body as given and, for S3, signs the request
// with AWS Signature V4 (CURLOPT_AWS_SIGV4).
#ifndef LC_COMMON_HTTP_POSTER_H_
#define LC_COMMON_HTTP_POSTER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"

namespace lc {

struct HttpReply {
  int status = 0;
  std::string body;
  int64_t retry_after_nanos = 0;  // from Retry-After; 0 when absent
};

struct HttpRequest {
  const char* method = "POST";    // POST or PUT
  std::string path;               // appended to the base URL
  std::string content_type;
  std::string content_encoding;   // "" or gzip / zstd: the body is compressed so
  std::string_view body;          // sent as is; must outlive the call
};

class HttpPoster {
 public:
  virtual ~HttpPoster() = default;
  // Sends `request` to base URL + request.path.  A non-OK Status is a
  // transport failure (refused, reset, timed out): the caller resends.  Any
  // HTTP status, even 500, is OK with the status in `reply`.
  virtual Status Send(const HttpRequest& request, HttpReply* reply) = 0;
  // "http://host:port" (no credentials), for messages.
  virtual std::string Describe() const = 0;
};

// Retry-After: delta-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2015
// 07:28:00 GMT", relative to `now_nanos`).  0 when absent or unparsable;
// never negative; capped at one hour.
int64_t ParseRetryAfter(std::string_view value, int64_t now_nanos);

struct HttpOptions {
  std::string base_url;                // "http://host:9200/prefix", no trailing '/'
  std::vector<std::string> headers;    // "K: V" (--header)
  std::string auth_file;               // its content is the Authorization value
  std::string tls_ca;                  // --tls-ca
  bool tls_insecure = false;           // --tls-insecure
  std::string compress = "none";       // none | gzip | zstd: done by the protocol sink
  int compress_level = 0;              // --compress-level; 0: the codec's default
  int64_t timeout_nanos = 60'000'000'000;
  // AWS Signature V4 (S3): "aws:amz:REGION:s3", the access key id, the
  // secret and an optional session token.  Empty: no signing.  Never printed.
  std::string aws_sigv4, aws_key_id, aws_secret, aws_session_token;
};

// InvalidArgument for an unreadable auth file (names it) or an unknown
// compression.  The Authorization value and AWS secrets are never printed.
Status NewCurlPoster(const HttpOptions& options, std::unique_ptr<HttpPoster>* out);

}  // namespace lc

#endif  // LC_COMMON_HTTP_POSTER_H_
