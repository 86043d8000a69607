#include "common/ship/sink_factory.h"

#include <cstdlib>
#include <utility>

#include "common/base/duration.h"
#include "common/ship/sinks/sink_archive.h"
#include "common/ship/sinks/sink_elasticsearch.h"
#include "common/ship/sinks/sink_file.h"
#include "common/ship/sinks/sink_http.h"
#include "common/ship/sinks/sink_kafka.h"
#include "common/ship/sinks/sink_loki.h"
#include "common/ship/sinks/sink_otlp.h"
#include "common/ship/sinks/sink_s3.h"
#include "common/ship/sinks/sink_stdout.h"
#include "common/ship/sinks/sink_syslog.h"

namespace lc {

namespace {

bool StartsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

// "a=1&b=2" -> pairs; false on an item without '='.
bool ParseQuery(const std::string& q, std::vector<std::pair<std::string, std::string>>* out) {
  size_t i = 0;
  while (i < q.size()) {
    size_t amp = q.find('&', i);
    if (amp == std::string::npos) amp = q.size();
    std::string item = q.substr(i, amp - i);
    size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) return false;
    out->emplace_back(item.substr(0, eq), item.substr(eq + 1));
    i = amp + 1;
  }
  return true;
}

// "scheme://user:pw@host/x" -> "scheme://host/x".
std::string Redacted(const std::string& url) {
  size_t s = url.find("://");
  if (s == std::string::npos) return url;
  size_t at = url.find('@', s + 3), slash = url.find('/', s + 3);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) return url;
  return url.substr(0, s + 3) + url.substr(at + 1);
}

Status Bad(const std::string& url, const std::string& why) {
  return Status::InvalidArgument(Redacted(url) + ": " + why);
}

Status NewPoster(const std::string& url, const std::string& base, const SinkOptions& o,
                 bool zstd_ok, std::unique_ptr<HttpPoster>* out) {
  if (!zstd_ok && o.http.compress == "zstd")
    return Bad(url, "--compress zstd: this server takes gzip only");
  HttpOptions h = o.http;
  h.base_url = base;
  Status st = NewCurlPoster(h, out);
  return st.ok() ? st : Status::InvalidArgument(st.message());
}

}  // namespace

bool IsProtocolSinkUrl(const std::string& url) {
  for (const char* p : {"elasticsearch+http://", "elasticsearch+https://", "loki+http://",
                        "loki+https://", "otlp+http://", "otlp+https://", "syslog+tcp://",
                        "kafka://"})
    if (StartsWith(url, p)) return true;
  return false;
}

Status NewProtocolSink(const std::string& url, const SinkOptions& options,
                       std::unique_ptr<Sink>* out) {
  Clock* clock = options.clock ? options.clock : SystemClock();
  size_t plus = url.find('+');
  size_t colon = url.find("://");
  if (colon == std::string::npos) return Bad(url, "not a sink URL");
  std::string scheme = url.substr(0, colon);
  std::string rest = url.substr(colon + 3);  // host[:port][/path][?query]
  std::string query;
  size_t qm = rest.find('?');
  if (qm != std::string::npos) {
    query = rest.substr(qm + 1);
    rest = rest.substr(0, qm);
  }
  std::vector<std::pair<std::string, std::string>> params;
  if (!ParseQuery(query, &params)) return Bad(url, "query: want NAME=VALUE&...");
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (authority.empty()) return Bad(url, "no host");

  if (plus != std::string::npos && plus < colon) {
    std::string kind = url.substr(0, plus);
    std::string transport = url.substr(plus + 1, colon - plus - 1);
    if (kind == "elasticsearch" || kind == "loki" || kind == "otlp") {
      if (!params.empty()) return Bad(url, "takes no query options");
      std::string base = transport + "://" + authority;
      std::unique_ptr<HttpPoster> poster;
      if (kind == "elasticsearch") {
        size_t last = path.rfind('/');
        std::string index = last == std::string::npos ? "" : path.substr(last + 1);
        if (index.empty()) return Bad(url, "no index: want elasticsearch+http://HOST/INDEX");
        Status st = NewPoster(url, base + path.substr(0, last), options, false, &poster);
        if (!st.ok()) return st;
        out->reset(new ElasticsearchSink(std::move(poster), index, options.http.compress, clock));
        return Status::OK();
      }
      Status st = NewPoster(url, base + path, options, kind == "otlp", &poster);
      if (!st.ok()) return st;
      if (kind == "loki") {
        out->reset(new LokiSink(std::move(poster), options.labels, clock, options.http.compress));
      } else {
        out->reset(new OtlpSink(std::move(poster), clock, options.http.compress));
      }
      return Status::OK();
    }
    if (kind == "syslog" && transport == "tcp") {
      if (!path.empty()) return Bad(url, "want syslog+tcp://HOST:PORT");
      std::string host, port;
      if (authority[0] == '[') {  // [v6]:port
        size_t close = authority.find("]:");
        if (close == std::string::npos) return Bad(url, "want [ADDRESS]:PORT");
        host = authority.substr(1, close - 1);
        port = authority.substr(close + 2);
      } else {
        size_t c = authority.rfind(':');
        if (c == std::string::npos) return Bad(url, "no port: want syslog+tcp://HOST:PORT");
        host = authority.substr(0, c);
        port = authority.substr(c + 1);
      }
      if (host.empty() || port.empty() || port.find_first_not_of("0123456789") != std::string::npos)
        return Bad(url, "want syslog+tcp://HOST:PORT");
      SyslogFormat format;
      format.default_host = options.host_name.empty() ? "-" : options.host_name;
      int64_t timeout = 30 * kSeconds, confirm = 100 * kMillis;
      for (const auto& [k, v] : params) {
        if (k == "facility") {
          format.facility = SyslogFacility(v);
          if (format.facility < 0) return Bad(url, "facility " + v + ": unknown");
        } else if (k == "msg") {
          if (v != "body" && v != "record") return Bad(url, "msg: want body or record");
          format.whole_record = v == "record";
        } else if (k == "confirm" || k == "timeout") {
          int64_t n;
          Status st = ParseDuration(v, &n);
          if (!st.ok()) return Bad(url, k + ": " + st.message());
          (k == "confirm" ? confirm : timeout) = n;
        } else {
          return Bad(url, "unknown option " + k + " (facility, msg, confirm, timeout)");
        }
      }
      out->reset(new SyslogSink(host, port, format, timeout, confirm, clock));
      return Status::OK();
    }
    return Bad(url, "unknown sink");
  }
  if (scheme == "kafka") {
    KafkaOptions k;
    k.brokers = authority;
    k.topic = path.empty() ? "" : path.substr(1);
    if (k.topic.empty() || k.topic.find('/') != std::string::npos)
      return Bad(url, "want kafka://BROKERS/TOPIC");
    if (options.http.compress != "none") k.properties.emplace_back("compression.type", options.http.compress);
    for (const auto& p : params) {
      if (p.first == "delivery.timeout.ms" || p.first == "message.timeout.ms") {
        k.delivery_timeout_nanos = std::atoll(p.second.c_str()) * kMillis;
      }
      k.properties.push_back(p);
    }
    std::unique_ptr<KafkaProducer> producer;
    Status st = KafkaProducer::Open(k, &producer);
    if (!st.ok()) return Bad(url, st.message());
    out->reset(new KafkaSink(std::move(producer)));
    return Status::OK();
  }
  return Bad(url, "unknown sink");
}

SinkDefaults DefaultsForSink(const std::string& url) {
  SinkDefaults d;
  if (url == "stdout:" || StartsWith(url, "file://")) d.concurrency = 1;
  if (StartsWith(url, "archive://") || StartsWith(url, "s3")) d.batch_bytes = 8 << 20;
  return d;
}

std::string RedactedSinkUrl(const std::string& url) {
  std::string r = Redacted(url);
  return r.substr(0, r.find('?'));
}

namespace {

// file:///DIR and archive:///DIR with their query options.
Status NewDirectorySink(const std::string& url, bool archive, Clock* clock, std::unique_ptr<Sink>* out) {
  std::string rest = url.substr(archive ? 10 : 7), query;
  size_t qm = rest.find('?');
  if (qm != std::string::npos) {
    query = rest.substr(qm + 1);
    rest = rest.substr(0, qm);
  }
  while (rest.size() > 1 && rest.back() == '/') rest.pop_back();
  if (rest.empty() || rest[0] != '/') {
    return Bad(url, std::string("want an absolute directory: ") + (archive ? "archive" : "file") + ":///DIR");
  }
  std::vector<std::pair<std::string, std::string>> params;
  if (!ParseQuery(query, &params)) return Bad(url, "query: want NAME=VALUE&...");
  auto number = [](const std::string& v, int64_t* n) {
    if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) return false;
    *n = std::stoll(v);
    return true;
  };
  if (archive) {
    ArchiveSinkOptions o;
    o.dir = rest;
    for (const auto& [k, v] : params) {
      int64_t n;
      if (k == "format" && (v == "zst" || v == "gz")) {
        o.zstd = v == "zst";
        if (!o.zstd && o.level > 9) o.level = 9;
      } else if (k == "level" && number(v, &n) && n >= 1 && n <= 19) {
        o.level = static_cast<int>(n);
      } else {
        return Bad(url, "bad option '" + k + "=" + v + "' (format=zst|gz, level=1..19)");
      }
    }
    if (!o.zstd && o.level > 9) return Bad(url, "level: gzip takes 1..9");
    out->reset(new ArchiveSink(o, clock));
    return Status::OK();
  }
  FileSinkOptions o;
  o.dir = rest;
  for (const auto& [k, v] : params) {
    if (k == "max_bytes" && number(v, &o.max_bytes) && o.max_bytes > 0) continue;
    if (k == "max_age") {
      Status st = ParseDuration(v, &o.max_age_nanos);
      if (st.ok() && o.max_age_nanos > 0) continue;
    }
    return Bad(url, "bad option '" + k + "=" + v + "' (max_bytes=N, max_age=DURATION)");
  }
  out->reset(new FileSink(o, clock));
  return Status::OK();
}

}  // namespace

Status NewSink(const std::string& url, const SinkOptions& options, std::unique_ptr<Sink>* out) {
  Clock* clock = options.clock ? options.clock : SystemClock();
  if (url == "stdout:") {
    out->reset(new StdoutSink());
    return Status::OK();
  }
  if (StartsWith(url, "file://")) return NewDirectorySink(url, false, clock, out);
  if (StartsWith(url, "archive://")) return NewDirectorySink(url, true, clock, out);
  if (StartsWith(url, "http://") || StartsWith(url, "https://")) {
    if (url.find('/', url.find("://") + 3) == std::string::npos && url.size() <= url.find("://") + 3) {
      return Bad(url, "no host");
    }
    std::unique_ptr<HttpPoster> poster;
    Status st = NewPoster(url, url, options, true, &poster);
    if (!st.ok()) return st;
    out->reset(new HttpSink(std::move(poster), options.http.compress, clock));
    return Status::OK();
  }
  if (IsProtocolSinkUrl(url)) return NewProtocolSink(url, options, out);
  if (StartsWith(url, "s3://") || StartsWith(url, "s3+http://") || StartsWith(url, "s3+https://")) {
    S3Credentials creds;
    Status st = LoadS3Credentials(getenv, &creds);
    if (!st.ok()) return Bad(url, st.message());
    return NewS3Sink(url, options.http, creds, clock, out);
  }
  return Bad(url, "unknown sink (want stdout:, file:///DIR, archive:///DIR, http(s)://HOST/PATH, "
                  "elasticsearch+http(s)://, loki+http(s)://, otlp+http(s)://, syslog+tcp://, kafka://, "
                  "s3://, s3+http(s)://)");
}

}  // namespace lc
