// Sink factory: the SINK argument of lc-ship (a URL) to a Sink, through one
// table of the schemes lc-ship knows (SinkSchemes()).  That table is the
// only list of sinks: the factory, the sink-dependent defaults and --help
// read it, and tests/lc-ship.bats checks that man/lc-ship.1 and both
// completions name exactly its schemes.
//
// URLs are parsed by libcurl's curl_url().  Query values are taken literally
// (no percent-decoding); paths are percent-decoded.  kafka:// holds a list of
// brokers where a URL has one host: the list is split at commas and each
// broker parsed as a host[:port].  A bad URL or option is InvalidArgument
// naming the URL without credentials and query; the caller exits 2.
#ifndef LC_COMMON_SINK_FACTORY_H_
#define LC_COMMON_SINK_FACTORY_H_

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/base/clock.h"
#include "common/base/status.h"
#include "common/ship/http_poster.h"
#include "common/ship/sink.h"

namespace lc {

struct SinkOptions {
  HttpOptions http;                 // all but base_url and compress, which the URL and
                                    // `compress` give
  std::string compress;             // --compress; "" when not given: the sink's default
  int compress_level = 0;           // --compress-level; 0 when not given: the codec's
                                    // fast default (common/base/compress.h; archive: 1)
  std::vector<std::string> labels;  // --labels (Loki)
  std::string host_name;            // this host, for syslog's HOSTNAME default
  Clock* clock = nullptr;           // SystemClock() when null
};

// A SINK argument taken apart.
struct SinkUrl {
  std::string text;       // as given (may hold credentials: never print it)
  std::string scheme;     // "archive", "elasticsearch+https", "stdout"
  std::string authority;  // host[:port], or kafka's broker list
  std::string host, port; // host of a one-host URL, "[v6]" bracketed
  std::string path;       // percent-decoded, without trailing '/'
  std::string user, password;
  std::vector<std::pair<std::string, std::string>> params;  // the query
};

using SinkBuilder = Status (*)(const SinkUrl& url, const SinkOptions& options, std::unique_ptr<Sink>* out);

// One row per URL scheme.
struct SinkScheme {
  const char* scheme;      // as in the URL before ':'
  const char* usage;       // the argument's form, for --help and messages
  int concurrency;         // default --concurrency
  size_t batch_bytes;      // default --batch-bytes
  // The --compress values that mean something here, the default first.
  // "none" alone: the sink writes records as they are, and --compress
  // gzip|zstd is refused (exit 2) rather than silently ignored.
  std::vector<std::string> compress;
  SinkBuilder make;
};

const std::vector<SinkScheme>& SinkSchemes();
// The row for `url`'s scheme, or null.
const SinkScheme* FindSinkScheme(const std::string& url);
// "stdout: | file:///DIR | ..." for --help: every row's usage, once.
std::string SinkUsage();

// Parses `url` (InvalidArgument naming it on a malformed URL).
Status ParseSinkUrl(const std::string& url, SinkUrl* out);

// Any SINK argument of lc-ship.  Called once per sender (--concurrency), so
// each Sink object has one caller at a time.
Status NewSink(const std::string& url, const SinkOptions& options, std::unique_ptr<Sink>* out);

// lc-ship's defaults that depend on the sink, used where the flag is not
// given (the table's row; the defaults of http:// for an unknown scheme,
// which NewSink refuses anyway).
struct SinkDefaults {
  int concurrency = 2;
  size_t batch_bytes = 1 << 20;
};
SinkDefaults DefaultsForSink(const std::string& url);

// `url` without user:password and without the query, for messages.
std::string RedactedSinkUrl(const std::string& url);

}  // namespace lc

#endif  // LC_COMMON_SINK_FACTORY_H_
