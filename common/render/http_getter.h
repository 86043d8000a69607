// HttpGetter: a conditional HTTP GET of one URL, as an interface, for the
// configs lc-agent polls from a server (config_fetcher.h).
//
// A poll must cost the server almost nothing when nothing changed, so each
// GET carries the validators of the copy the caller holds (If-None-Match
// with its ETag, If-Modified-Since with its Last-Modified) and a 304 reply
// means "yours is current".  CurlGetter is the real one (libcurl; http and
// https; redirects followed; a body larger than the limit is an error, not
// a truncation).  Unit tests drive ConfigFetcher with a scripted getter.
#ifndef LC_COMMON_RENDER_HTTP_GETTER_H_
#define LC_COMMON_RENDER_HTTP_GETTER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "common/base/status.h"

namespace lc {

// What identifies one version of a document to its server.
struct HttpValidators {
  std::string etag;           // the ETag header as sent (quotes included)
  std::string last_modified;  // the Last-Modified header as sent
  bool empty() const { return etag.empty() && last_modified.empty(); }
};

struct HttpGetReply {
  int status = 0;  // 200, 304, 404, ...
  std::string body;
  HttpValidators validators;  // of the body, from a 200
};

class HttpGetter {
 public:
  virtual ~HttpGetter() = default;
  // GETs `url` with `have` as the conditions (none when empty).  A transport
  // failure (refused, timed out, too large) is IOError naming the URL; any
  // HTTP status is OK with the status in `reply`.
  virtual Status Get(const std::string& url, const HttpValidators& have, HttpGetReply* reply) = 0;
};

struct CurlGetterOptions {
  int64_t timeout_ms = 10'000;
  int64_t max_body_bytes = 4 << 20;
};
std::unique_ptr<HttpGetter> NewCurlGetter(const CurlGetterOptions& options);

}  // namespace lc

#endif  // LC_COMMON_RENDER_HTTP_GETTER_H_
