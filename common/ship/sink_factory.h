// Sink factory: the SINK argument of lc-ship (a URL) to a Sink.
//
//   elasticsearch+http(s)://HOST[:PORT][/PREFIX]/INDEX
//   loki+http(s)://HOST[:PORT][/PREFIX]
//   otlp+http(s)://HOST[:PORT][/PREFIX]
//   syslog+tcp://HOST:PORT[?facility=F&msg=body|record&confirm=DUR&timeout=DUR]
//   kafka://BROKER[,BROKER...]/TOPIC[?<librdkafka property>=VALUE&...]
// and lc-ship's plain sinks (NewSink):
//   stdout:
//   file:///DIR[?max_bytes=N&max_age=DUR]     (common/ship/sinks/sink_file.h)
//   archive:///DIR[?format=zst|gz&level=N]   (common/ship/sinks/sink_archive.h)
//   s3://BUCKET[/PREFIX], s3+http(s)://HOST[:PORT]/BUCKET[/PREFIX]
//                                            (common/ship/sinks/sink_s3.h)
//   http(s)://HOST[:PORT]/PATH               (common/ship/sinks/sink_http.h)  Query values are taken literally (no
// percent-decoding).  A bad URL or option is InvalidArgument naming the URL
// without credentials; the caller exits 2.
#ifndef LC_COMMON_SINK_FACTORY_H_
#define LC_COMMON_SINK_FACTORY_H_

#include <memory>
#include <string>
#include <vector>

#include "common/base/clock.h"
#include "common/ship/http_poster.h"
#include "common/ship/sink.h"
#include "common/base/status.h"

namespace lc {

struct SinkOptions {
  HttpOptions http;                 // all but base_url, which the URL gives
  std::vector<std::string> labels;  // --labels (Loki)
  std::string host_name;            // this host, for syslog's HOSTNAME default
  Clock* clock = nullptr;           // SystemClock() when null
};

// True when `url` names one of the sinks this factory builds.
bool IsProtocolSinkUrl(const std::string& url);

Status NewProtocolSink(const std::string& url, const SinkOptions& options,
                       std::unique_ptr<Sink>* out);

// Any SINK argument of lc-ship, plain or protocol.  Called once per sender
// (--concurrency), so each Sink object has one caller at a time.
Status NewSink(const std::string& url, const SinkOptions& options, std::unique_ptr<Sink>* out);

// lc-ship's defaults that depend on the sink, used where the flag is not
// given.  stdout: and file:// are one ordered stream, where batches in
// flight at once would only reorder records: one sender.  archive:// writes
// a file per batch (an fsync, a rename and a directory fsync each), and an
// archive of ~100 KB objects serves nobody: 8 MiB batches.
struct SinkDefaults {
  int concurrency = 2;
  size_t batch_bytes = 1 << 20;
};
SinkDefaults DefaultsForSink(const std::string& url);

// `url` without user:password and without the query, for messages.
std::string RedactedSinkUrl(const std::string& url);

}  // namespace lc

#endif  // LC_COMMON_SINK_FACTORY_H_
