// ConfigFetcher: the collection configs that an HTTP server lists, kept in a
// local directory (lc-agent --config-url; lc-render --fetch-configs).
//
// The server publishes an index, a JSON object listing the configs' URLs
// (relative ones are resolved against the index's URL):
//
//   {"configs": ["web-stdout.json", "https://cfg.example/nginx-files.json"]}
//
// Sync() brings the directory in step with it: each config is stored as
// <DIR>/<last segment of its URL> (which must be NAME.json), a config no
// longer listed is removed.  Every GET is conditional on the validators
// (ETag, Last-Modified) of the copy held, so a poll where nothing changed
// costs the server 304s and writes nothing.  All or nothing: if the index
// or any config cannot be fetched (server down, 404, not an index), the
// directory is left exactly as it was, so an agent keeps running, and
// starts, on the last good set.  Files are 0600 and written atomically;
// the validators live in <DIR>/.fetch-state (hidden: not a config).
#ifndef LC_COMMON_RENDER_CONFIG_FETCHER_H_
#define LC_COMMON_RENDER_CONFIG_FETCHER_H_

#include <string>

#include "common/base/status.h"
#include "common/render/http_getter.h"

namespace lc {

// The URL `ref` names when found in the document at `base` ("a.json",
// "/x/a.json" and "https://h/a.json" forms; no "..").
std::string ResolveUrl(const std::string& base, const std::string& ref);

class ConfigFetcher {
 public:
  ConfigFetcher(HttpGetter* getter, std::string dir) : getter_(getter), dir_(std::move(dir)) {}

  // One poll.  `*changed`: a config was written or removed.  IOError for a
  // server that cannot be reached or answers other than 200/304,
  // InvalidArgument for an index that is not one (names the URL and what is
  // wrong); the directory is untouched then.
  Status Sync(const std::string& index_url, bool* changed);

 private:
  HttpGetter* getter_;
  std::string dir_;
};

}  // namespace lc

#endif  // LC_COMMON_RENDER_CONFIG_FETCHER_H_
