// Sink factory: the SINK argument of lc-ship (a URL) to a Sink.
//
//   elasticsearch+http(s)://HOST[:PORT][/PREFIX]/INDEX
//   loki+http(s)://HOST[:PORT][/PREFIX]
//   otlp+http(s)://HOST[:PORT][/PREFIX]
//   syslog+tcp://HOST:PORT[?facility=F&msg=body|record&confirm=DUR&timeout=DUR]
//   kafka://BROKER[,BROKER...]/TOPIC[?<librdkafka property>=VALUE&...]
// and lc-ship's plain sinks (NewSink):
//   stdout:
//   file:///DIR[?max_bytes=N&max_age=DUR]     (common/sink_file.h)
//   archive:///DIR[?format=zst|gz&level=N]   (common/sink_archive.h)
//   http(s)://HOST[:PORT]/PATH               (common/sink_http.h)  Query values are taken literally (no
// percent-decoding).  A bad URL or option is InvalidArgument naming the URL
// without credentials; the caller exits 2.
#ifndef LC_COMMON_SINK_FACTORY_H_
#define LC_COMMON_SINK_FACTORY_H_

#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/http_poster.h"
#include "common/sink.h"
#include "common/status.h"

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

// True for the sinks that are one ordered stream (stdout:, file://), where
// batches in flight at once would only reorder records: lc-ship's default
// there is one sender.
bool SinkIsOrderedStream(const std::string& url);

// `url` without user:password and without the query, for messages.
std::string RedactedSinkUrl(const std::string& url);

}  // namespace lc

#endif  // LC_COMMON_SINK_FACTORY_H_
