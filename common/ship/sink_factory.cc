#include "common/ship/sink_factory.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "common/base/compress.h"
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

// "scheme://user:pw@host/x?q" -> "scheme://host/x".  By hand, not by
// curl_url(): it must also hide the credentials of a URL that does not parse.
std::string Redacted(const std::string& url) {
  std::string r = url.substr(0, url.find('?'));
  size_t s = r.find("://");
  if (s == std::string::npos) return r;
  size_t at = r.find('@', s + 3), slash = r.find('/', s + 3);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) return r;
  return r.substr(0, s + 3) + r.substr(at + 1);
}

Status Bad(const std::string& url, const std::string& why) {
  return Status::InvalidArgument(Redacted(url) + ": " + why);
}

// The parts of a URL that curl_url() accepted.
class CurlUrl {
 public:
  CurlUrl() : u_(curl_url()) {}
  ~CurlUrl() { curl_url_cleanup(u_); }
  CurlUrl(const CurlUrl&) = delete;
  CurlUrl& operator=(const CurlUrl&) = delete;
  // Empty string on success, else curl's reason.
  std::string Set(const std::string& url) {
    CURLUcode rc = curl_url_set(u_, CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME);
    return rc == CURLUE_OK ? std::string() : curl_url_strerror(rc);
  }
  std::string Get(CURLUPart part, unsigned flags = 0) const {
    char* v = nullptr;
    std::string s;
    if (curl_url_get(u_, part, &v, flags) == CURLUE_OK && v != nullptr) s = v;
    curl_free(v);
    return s;
  }

 private:
  CURLU* u_;
};

// "a=1&b=2" -> pairs; false on an item without a name or '='.
bool ParseQuery(const std::string& q, std::vector<std::pair<std::string, std::string>>* out) {
  for (size_t i = 0; i < q.size();) {
    size_t amp = std::min(q.find('&', i), q.size());
    size_t eq = q.find('=', i);
    if (eq == std::string::npos || eq >= amp || eq == i) return false;
    out->emplace_back(q.substr(i, eq - i), q.substr(eq + 1, amp - eq - 1));
    i = amp + 1;
  }
  return true;
}

bool IsDirectoryScheme(const std::string& s) { return s == "file" || s == "archive"; }

// The --compress value in effect: the flag's, else the row's default.
std::string CompressOf(const SinkOptions& o, const std::string& scheme) {
  if (!o.compress.empty()) return o.compress;
  const SinkScheme* row = FindSinkScheme(scheme + ":");
  return row ? row->compress[0] : std::string("none");
}

Status NewPoster(const SinkUrl& url, const std::string& base, const SinkOptions& o,
                 std::unique_ptr<HttpPoster>* out) {
  HttpOptions h = o.http;
  h.base_url = base;
  h.compress = CompressOf(o, url.scheme);
  h.compress_level = o.compress_level;
  Status st = NewCurlPoster(h, out);
  return st.ok() ? st : Status::InvalidArgument(st.message());
}

// transport://[user[:password]@]authority — what a protocol sink posts under.
std::string HttpBase(const SinkUrl& url) {
  std::string transport = url.scheme.substr(url.scheme.find('+') + 1);
  std::string cred;
  if (!url.user.empty()) cred = url.user + (url.password.empty() ? "" : ":" + url.password) + "@";
  return transport + "://" + cred + url.authority;
}

Status MakeStdout(const SinkUrl& url, const SinkOptions&, std::unique_ptr<Sink>* out) {
  if (url.text != "stdout:") return Bad(url.text, "want stdout:");
  out->reset(new StdoutSink());
  return Status::OK();
}

bool Number(const std::string& v, int64_t* n) {
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) return false;
  *n = std::stoll(v);
  return true;
}

Status MakeFile(const SinkUrl& url, const SinkOptions& options, std::unique_ptr<Sink>* out) {
  FileSinkOptions o;
  o.dir = url.path;
  o.compress = CompressOf(options, url.scheme);
  o.level = options.compress_level;
  for (const auto& [k, v] : url.params) {
    if (k == "max_bytes" && Number(v, &o.max_bytes) && o.max_bytes > 0) continue;
    if (k == "max_age") {
      Status st = ParseDuration(v, &o.max_age_nanos);
      if (st.ok() && o.max_age_nanos > 0) continue;
    }
    return Bad(url.text, "bad option '" + k + "=" + v + "' (max_bytes=N, max_age=DURATION)");
  }
  out->reset(new FileSink(o, options.clock));
  return Status::OK();
}

Status MakeArchive(const SinkUrl& url, const SinkOptions& options, std::unique_ptr<Sink>* out) {
  ArchiveSinkOptions o;
  o.dir = url.path;
  o.compress = CompressOf(options, url.scheme);
  bool level_given = false;
  for (const auto& [k, v] : url.params) {
    int64_t n;
    if (k == "format" && (v == "zst" || v == "gz")) {
      // The older spelling of --compress; both given must agree.
      std::string c = v == "zst" ? "zstd" : "gzip";
      if (!options.compress.empty() && options.compress != c) {
        return Bad(url.text, "format=" + v + " contradicts --compress " + options.compress);
      }
      o.compress = c;
    } else if (k == "level" && Number(v, &n) && n >= 1 && n <= 19) {
      if (options.compress_level != 0 && options.compress_level != n) {
        return Bad(url.text, "level=" + v + " contradicts --compress-level " + std::to_string(options.compress_level));
      }
      o.level = static_cast<int>(n);
      level_given = true;
    } else {
      return Bad(url.text, "bad option '" + k + "=" + v + "' (format=zst|gz, level=1..19)");
    }
  }
  if (options.compress_level != 0) {
    o.level = options.compress_level;
    level_given = true;
  }
  // libarchive's gzip filter is zlib's: 1..9.
  if (o.compress == "gzip" && o.level > 9) {
    return Bad(url.text, std::string(options.compress_level != 0 ? "--compress-level" : "level") + ": gzip takes 1..9 here");
  }
  if (o.compress == "none" && level_given) return Bad(url.text, "level: --compress none takes no level");
  out->reset(new ArchiveSink(o, options.clock));
  return Status::OK();
}

Status MakeHttp(const SinkUrl& url, const SinkOptions& options, std::unique_ptr<Sink>* out) {
  std::unique_ptr<HttpPoster> poster;
  Status st = NewPoster(url, url.text, options, &poster);
  if (!st.ok()) return st;
  out->reset(new HttpSink(std::move(poster), CompressOf(options, url.scheme), options.clock, options.compress_level));
  return Status::OK();
}

Status MakeElasticsearch(const SinkUrl& url, const SinkOptions& options, std::unique_ptr<Sink>* out) {
  if (!url.params.empty()) return Bad(url.text, "takes no query options");
  size_t last = url.path.rfind('/');
  std::string index = last == std::string::npos ? "" : url.path.substr(last + 1);
  if (index.empty()) return Bad(url.text, "no index: want " + url.scheme + "://HOST/INDEX");
  std::unique_ptr<HttpPoster> poster;
  Status st = NewPoster(url, HttpBase(url) + url.path.substr(0, last), options, &poster);
  if (!st.ok()) return st;
  out->reset(new ElasticsearchSink(std::move(poster), index, CompressOf(options, url.scheme), options.clock,
                                   options.compress_level));
  return Status::OK();
}

// Loki and OTLP post under the URL's path and take no query options.
Status MakeLokiOrOtlp(const SinkUrl& url, const SinkOptions& options, std::unique_ptr<Sink>* out) {
  if (!url.params.empty()) return Bad(url.text, "takes no query options");
  std::unique_ptr<HttpPoster> poster;
  Status st = NewPoster(url, HttpBase(url) + url.path, options, &poster);
  if (!st.ok()) return st;
  if (url.scheme.compare(0, 5, "loki+") == 0) {
    out->reset(new LokiSink(std::move(poster), options.labels, options.clock, CompressOf(options, url.scheme),
                             options.compress_level));
  } else {
    out->reset(new OtlpSink(std::move(poster), options.clock, CompressOf(options, url.scheme), options.compress_level));
  }
  return Status::OK();
}

Status MakeSyslog(const SinkUrl& url, const SinkOptions& options, std::unique_ptr<Sink>* out) {
  if (!url.path.empty() || url.port.empty()) return Bad(url.text, "want syslog+tcp://HOST:PORT");
  std::string host = url.host;
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  SyslogFormat format;
  format.default_host = options.host_name.empty() ? "-" : options.host_name;
  int64_t timeout = 30 * kSeconds, confirm = 100 * kMillis;
  for (const auto& [k, v] : url.params) {
    if (k == "facility") {
      format.facility = SyslogFacility(v);
      if (format.facility < 0) return Bad(url.text, "facility " + v + ": unknown");
    } else if (k == "msg") {
      if (v != "body" && v != "record") return Bad(url.text, "msg: want body or record");
      format.whole_record = v == "record";
    } else if (k == "confirm" || k == "timeout") {
      int64_t n;
      Status st = ParseDuration(v, &n);
      if (!st.ok()) return Bad(url.text, k + ": " + st.message());
      (k == "confirm" ? confirm : timeout) = n;
    } else {
      return Bad(url.text, "unknown option " + k + " (facility, msg, confirm, timeout)");
    }
  }
  out->reset(new SyslogSink(host, url.port, format, timeout, confirm, options.clock));
  return Status::OK();
}

Status MakeKafka(const SinkUrl& url, const SinkOptions& options, std::unique_ptr<Sink>* out) {
  KafkaOptions k;
  k.brokers = url.authority;
  k.topic = url.path.empty() ? "" : url.path.substr(1);
  if (k.topic.empty() || k.topic.find('/') != std::string::npos) return Bad(url.text, "want kafka://BROKERS/TOPIC");
  std::string compress = CompressOf(options, url.scheme);
  if (compress != "none") k.properties.emplace_back("compression.type", compress);
  if (options.compress_level != 0) {
    // librdkafka's compression.level: 0..9 for gzip, at most 12 for zstd.
    if (options.compress_level > (compress == "gzip" ? 9 : 12)) {
      return Bad(url.text, "--compress-level: " + compress + " takes 1.." + (compress == "gzip" ? "9" : "12") + " here");
    }
    k.properties.emplace_back("compression.level", std::to_string(options.compress_level));
  }
  for (const auto& p : url.params) {
    if (p.first == "delivery.timeout.ms" || p.first == "message.timeout.ms") {
      k.delivery_timeout_nanos = std::atoll(p.second.c_str()) * kMillis;
    }
    k.properties.push_back(p);
  }
  std::unique_ptr<KafkaProducer> producer;
  Status st = KafkaProducer::Open(k, &producer);
  if (!st.ok()) return Bad(url.text, st.message());
  out->reset(new KafkaSink(std::move(producer)));
  return Status::OK();
}

// Credentials from the environment or the file it names (never printed).
Status MakeS3(const SinkUrl& url, const SinkOptions& options, std::unique_ptr<Sink>* out) {
  S3Credentials creds;
  Status st = LoadS3Credentials(getenv, &creds);
  if (!st.ok()) return Bad(url.text, st.message());
  HttpOptions h = options.http;
  h.compress = CompressOf(options, url.scheme);
  h.compress_level = options.compress_level;
  return NewS3Sink(url.text, h, creds, options.clock, out);
}

const std::vector<std::string> kAny = {"none", "gzip", "zstd"};
const std::vector<std::string> kGzipOnly = {"none", "gzip"};
const std::vector<std::string> kUncompressed = {"none"};
constexpr size_t kMiB = 1 << 20;

}  // namespace

const std::vector<SinkScheme>& SinkSchemes() {
  // Batches in flight at once would only reorder an ordered stream (stdout:,
  // file://): one sender there.  archive:// writes a file per batch (an
  // fsync, a rename and a directory fsync each), and an archive of ~100 KB
  // objects serves nobody: 8 MiB batches (and so for s3://, an object per batch).
  static const std::vector<SinkScheme> table = {
      {"stdout", "stdout:", 1, kMiB, kUncompressed, MakeStdout},
      {"file", "file:///DIR", 1, kMiB, kAny, MakeFile},
      {"archive", "archive:///DIR", 2, 8 * kMiB, {"zstd", "gzip", "none"}, MakeArchive},
      {"http", "http(s)://HOST/PATH", 2, kMiB, kAny, MakeHttp},
      {"https", "http(s)://HOST/PATH", 2, kMiB, kAny, MakeHttp},
      {"elasticsearch+http", "elasticsearch+http(s)://HOST/INDEX", 2, kMiB, kGzipOnly, MakeElasticsearch},
      {"elasticsearch+https", "elasticsearch+http(s)://HOST/INDEX", 2, kMiB, kGzipOnly, MakeElasticsearch},
      {"loki+http", "loki+http(s)://HOST", 2, kMiB, kGzipOnly, MakeLokiOrOtlp},
      {"loki+https", "loki+http(s)://HOST", 2, kMiB, kGzipOnly, MakeLokiOrOtlp},
      {"otlp+http", "otlp+http(s)://HOST", 2, kMiB, kAny, MakeLokiOrOtlp},
      {"otlp+https", "otlp+http(s)://HOST", 2, kMiB, kAny, MakeLokiOrOtlp},
      {"syslog+tcp", "syslog+tcp://HOST:PORT", 2, kMiB, kUncompressed, MakeSyslog},
      {"kafka", "kafka://BROKERS/TOPIC", 2, kMiB, kAny, MakeKafka},
      {"s3", "s3://BUCKET/PREFIX", 2, 8 * kMiB, kAny, MakeS3},
      {"s3+http", "s3+http(s)://HOST:PORT/BUCKET/PREFIX", 2, 8 * kMiB, kAny, MakeS3},
      {"s3+https", "s3+http(s)://HOST:PORT/BUCKET/PREFIX", 2, 8 * kMiB, kAny, MakeS3},
  };
  return table;
}

const SinkScheme* FindSinkScheme(const std::string& url) {
  size_t colon = url.find(':');
  if (colon == std::string::npos) return nullptr;
  std::string scheme = url.substr(0, colon);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const SinkScheme& s : SinkSchemes()) {
    if (scheme == s.scheme) return &s;
  }
  return nullptr;
}

std::string SinkUsage() {
  std::string out;
  const char* last = "";
  for (const SinkScheme& s : SinkSchemes()) {
    if (std::string(s.usage) == last) continue;
    if (!out.empty()) out += " | ";
    out += s.usage;
    last = s.usage;
  }
  return out;
}

Status ParseSinkUrl(const std::string& url, SinkUrl* out) {
  *out = SinkUrl();
  out->text = url;
  const SinkScheme* row = FindSinkScheme(url);
  if (row == nullptr) return Bad(url, "unknown sink (want " + SinkUsage() + ")");
  out->scheme = row->scheme;
  std::string rest = url.substr(url.find(':') + 1);
  if (out->scheme == "stdout") return Status::OK();
  if (rest.compare(0, 2, "//") != 0) return Bad(url, std::string("want ") + row->usage);
  std::string for_curl = url;
  if (IsDirectoryScheme(out->scheme)) {
    if (rest.compare(0, 3, "///") != 0) return Bad(url, std::string("want an absolute directory: ") + row->usage);
    for_curl = "file:" + rest;  // the one scheme curl_url() reads a local path from
  } else if (out->scheme == "kafka") {
    // A broker list is not a URL host: each broker is parsed alone, the rest
    // of the URL with a stand-in host.
    size_t end = std::min(rest.find_first_of("/?", 2), rest.size());
    out->authority = rest.substr(2, end - 2);
    for (size_t i = 0; i <= out->authority.size();) {
      size_t comma = std::min(out->authority.find(',', i), out->authority.size());
      std::string broker = out->authority.substr(i, comma - i);
      CurlUrl b;
      std::string why = b.Set("kafka://" + broker);
      if (!why.empty() || broker.empty() || b.Get(CURLUPART_HOST).empty() || b.Get(CURLUPART_PATH) != "/" ||
          !b.Get(CURLUPART_USER).empty()) {
        return Bad(url, "broker '" + broker + "': " + (why.empty() ? "want HOST[:PORT]" : why));
      }
      i = comma + 1;
    }
    for_curl = "kafka://brokers" + rest.substr(end);
  }
  CurlUrl u;
  std::string why = u.Set(for_curl);
  if (!why.empty()) return Bad(url, why);
  if (!ParseQuery(u.Get(CURLUPART_QUERY), &out->params)) return Bad(url, "query: want NAME=VALUE&...");
  out->path = u.Get(CURLUPART_PATH, IsDirectoryScheme(out->scheme) ? CURLU_URLDECODE : 0);
  while (out->path.size() > (IsDirectoryScheme(out->scheme) ? 1 : 0) && out->path.back() == '/') out->path.pop_back();
  if (IsDirectoryScheme(out->scheme) || out->scheme == "kafka") return Status::OK();
  out->host = u.Get(CURLUPART_HOST);
  out->port = u.Get(CURLUPART_PORT);
  out->user = u.Get(CURLUPART_USER);
  out->password = u.Get(CURLUPART_PASSWORD);
  if (out->host.empty()) return Bad(url, "no host");
  out->authority = out->port.empty() ? out->host : out->host + ":" + out->port;
  return Status::OK();
}

Status NewSink(const std::string& url, const SinkOptions& options, std::unique_ptr<Sink>* out) {
  SinkUrl parsed;
  Status st = ParseSinkUrl(url, &parsed);
  if (!st.ok()) return st;
  const SinkScheme* row = FindSinkScheme(url);
  const std::string& c = options.compress;
  if (!c.empty() && std::find(row->compress.begin(), row->compress.end(), c) == row->compress.end()) {
    std::string takes;
    for (const std::string& v : row->compress) takes += (takes.empty() ? "" : ", ") + v;
    return Status::InvalidArgument("--compress " + c + ": " + RedactedSinkUrl(url) +
                                   (row->compress.size() == 1 ? " writes records uncompressed (takes none only)"
                                                              : " takes " + takes));
  }
  if (options.compress_level != 0) {
    std::string in_effect = CompressOf(options, parsed.scheme);
    std::string flag = "--compress-level " + std::to_string(options.compress_level) + ": ";
    if (in_effect == "none") {
      return Status::InvalidArgument(flag + RedactedSinkUrl(url) + " compresses nothing here (--compress none)");
    }
    if (Status lv = CheckCompressLevel(in_effect, options.compress_level); !lv.ok()) {
      return Status::InvalidArgument(flag + lv.message());
    }
  }
  SinkOptions o = options;
  if (o.clock == nullptr) o.clock = SystemClock();
  return row->make(parsed, o, out);
}

SinkDefaults DefaultsForSink(const std::string& url) {
  SinkDefaults d;
  if (const SinkScheme* row = FindSinkScheme(url)) {
    d.concurrency = row->concurrency;
    d.batch_bytes = row->batch_bytes;
  }
  return d;
}

std::string RedactedSinkUrl(const std::string& url) { return Redacted(url); }

}  // namespace lc
