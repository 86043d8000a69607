// HttpPoster: the one HTTP exchange a protocol sink needs, a POST of a body
// to a path under a base URL, as an interface.
//
// The Elasticsearch, Loki and OTLP sinks hold their protocol logic (split on
// 413, per-item resends, Retry-After) and talk to an HttpPoster, so unit
// tests drive that logic with a scripted poster and no network.  CurlPoster
// is the real one (libcurl, one reused connection, keep-alive).
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

class HttpPoster {
 public:
  virtual ~HttpPoster() = default;
  // POSTs `body` to base URL + `path`.  A non-OK Status is a transport
  // failure (refused, reset, timed out): the caller resends.  Any HTTP
  // status, even 500, is OK with the status in `reply`.
  virtual Status Post(const std::string& path, const std::string& content_type,
                      std::string_view body, HttpReply* reply) = 0;
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
  std::string compress = "none";       // none | gzip | zstd (Content-Encoding)
  int64_t timeout_nanos = 60'000'000'000;
};

// InvalidArgument for an unreadable auth file (names it) or an unknown
// compression.  The Authorization value is never printed.
Status NewCurlPoster(const HttpOptions& options, std::unique_ptr<HttpPoster>* out);

// Compresses `in` for Content-Encoding `encoding` (gzip, zstd).
Status CompressBody(const std::string& encoding, std::string_view in, std::string* out);

}  // namespace lc

#endif  // LC_COMMON_HTTP_POSTER_H_
