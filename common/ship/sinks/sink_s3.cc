#include "common/ship/sinks/sink_s3.h"

#include <curl/curl.h>

#include <fmt/format.h>

#include "common/base/atomic_file.h"
#include "common/base/duration.h"
#include "common/ship/batch.h"
#include "common/ship/sinks/batch_object_name.h"
#include "common/ship/sink_factory.h"

namespace lc {

S3Protocol::S3Protocol(std::string key_prefix, std::string compress)
    : key_prefix_(std::move(key_prefix)),
      ext_(compress == "gzip" ? "ndjson.gz" : compress == "zstd" ? "ndjson.zst" : "ndjson") {}

void S3Protocol::Encode(const Batch& batch, size_t begin, size_t end, int64_t now_nanos,
                        std::string*, HttpRequest* rq) {
  size_t from = batch.spans[begin].first;
  size_t to = batch.spans[end - 1].first + batch.spans[end - 1].second + 1;
  rq->method = "PUT";
  rq->path = "/" + key_prefix_ + (key_prefix_.empty() ? "" : "/") +
             BatchObjectName(batch, begin, end, now_nanos, ext_);
  rq->content_type = "application/x-ndjson";
  rq->body = std::string_view(batch.data).substr(from, to - from);
}

namespace {

// The [section] of an INI file as key -> value (the shared credentials file).
bool IniSection(const std::string& text, const std::string& section,
                std::vector<std::pair<std::string, std::string>>* out) {
  bool in = false, found = false;
  size_t at = 0;
  auto trim = [](std::string s) {
    size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    std::string line = trim(text.substr(at, nl - at));
    at = nl + 1;
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      in = trim(line.substr(1, line.size() - 2)) == section;
      found |= in;
      continue;
    }
    size_t eq = line.find('=');
    if (in && eq != std::string::npos) out->emplace_back(trim(line.substr(0, eq)), trim(line.substr(eq + 1)));
  }
  return found;
}

}  // namespace

Status LoadS3Credentials(const std::function<const char*(const char*)>& getenv, S3Credentials* out) {
  auto env = [&](const char* name) {
    const char* v = getenv(name);
    return v == nullptr ? std::string() : std::string(v);
  };
  *out = S3Credentials();
  out->region = env("AWS_REGION");
  if (out->region.empty()) out->region = env("AWS_DEFAULT_REGION");
  if (out->region.empty()) out->region = "us-east-1";
  out->key_id = env("AWS_ACCESS_KEY_ID");
  out->secret = env("AWS_SECRET_ACCESS_KEY");
  out->session_token = env("AWS_SESSION_TOKEN");
  if (!out->key_id.empty() && !out->secret.empty()) return Status::OK();
  std::string file = env("AWS_SHARED_CREDENTIALS_FILE");
  if (file.empty() && !env("HOME").empty()) file = env("HOME") + "/.aws/credentials";
  std::string profile = env("AWS_PROFILE");
  if (profile.empty()) profile = "default";
  std::string text;
  std::vector<std::pair<std::string, std::string>> kv;
  if (!file.empty() && ReadWholeFile(file, &text).ok() && IniSection(text, profile, &kv)) {
    for (const auto& [k, v] : kv) {
      if (k == "aws_access_key_id") out->key_id = v;
      if (k == "aws_secret_access_key") out->secret = v;
      if (k == "aws_session_token") out->session_token = v;
    }
    if (!out->key_id.empty() && !out->secret.empty()) return Status::OK();
    return Status::InvalidArgument(file + ": [" + profile +
                                   "] lacks aws_access_key_id or aws_secret_access_key");
  }
  return Status::InvalidArgument(
      "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a [" + profile +
      "] section in " + (file.empty() ? std::string("~/.aws/credentials") : file));
}

Status NewS3Sink(const std::string& url, const HttpOptions& http, const S3Credentials& creds,
                 Clock* clock, std::unique_ptr<Sink>* out) {
  size_t colon = url.find("://");
  std::string scheme = colon == std::string::npos ? "" : url.substr(0, colon);
  auto bad = [&](const std::string& why) { return Status::InvalidArgument(RedactedSinkUrl(url) + ": " + why); };
  if (scheme != "s3" && scheme != "s3+http" && scheme != "s3+https")
    return bad("want s3://BUCKET/PREFIX or s3+http(s)://HOST[:PORT]/BUCKET/PREFIX");
  // curl_url parses the rest as an http URL (it knows no s3 scheme).
  std::string as_http = (scheme == "s3+https" ? "https" : "http") + url.substr(colon);
  CURLU* u = curl_url();
  std::string host, port, path;
  bool ok = curl_url_set(u, CURLUPART_URL, as_http.c_str(), 0) == CURLUE_OK;
  char* part = nullptr;
  if (ok && curl_url_get(u, CURLUPART_HOST, &part, 0) == CURLUE_OK) host = part;
  curl_free(part);
  part = nullptr;
  if (ok && curl_url_get(u, CURLUPART_PORT, &part, 0) == CURLUE_OK) port = part;
  curl_free(part);
  part = nullptr;
  if (ok && curl_url_get(u, CURLUPART_PATH, &part, 0) == CURLUE_OK) path = part;
  curl_free(part);
  part = nullptr;
  bool extra = ok && (curl_url_get(u, CURLUPART_QUERY, &part, 0) == CURLUE_OK ||
                      curl_url_get(u, CURLUPART_USER, &part, 0) == CURLUE_OK);
  curl_free(part);
  curl_url_cleanup(u);
  if (!ok || host.empty()) return bad("not a URL");
  if (extra) return bad("takes no query and no user (credentials come from AWS_* variables)");
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  while (!path.empty() && path.back() == '/') path.pop_back();
  HttpOptions h = http;
  std::string key_prefix;
  if (scheme == "s3") {  // AWS: virtual-hosted style, host = bucket
    h.base_url = "https://" + host + ".s3." + creds.region + ".amazonaws.com";
    key_prefix = path;
  } else {  // path style: /BUCKET/PREFIX
    if (path.empty()) return bad("no bucket: want s3+http://HOST[:PORT]/BUCKET[/PREFIX]");
    h.base_url = scheme.substr(3) + "://" + host + (port.empty() ? "" : ":" + port);
    key_prefix = path;
  }
  h.aws_sigv4 = "aws:amz:" + creds.region + ":s3";
  h.aws_key_id = creds.key_id;
  h.aws_secret = creds.secret;
  h.aws_session_token = creds.session_token;
  std::unique_ptr<HttpPoster> poster;
  Status st = NewCurlPoster(h, &poster);
  if (!st.ok()) return bad(st.message());
  out->reset(new S3Sink(std::move(poster), key_prefix, http.compress, clock, http.compress_level));
  return Status::OK();
}

}  // namespace lc
