#include "common/ship/http_poster.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <strings.h>

#include <cstring>
#include <mutex>

#include "common/base/atomic_file.h"

namespace lc {

int64_t ParseRetryAfter(std::string_view value, int64_t now_nanos) {
  constexpr int64_t kCap = 3600LL * 1'000'000'000;
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\r' || value.back() == '\n'))
    value.remove_suffix(1);
  if (value.empty()) return 0;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    if (value.size() > 6) return kCap;
    int64_t secs = std::stoll(std::string(value));
    return std::min(secs * 1'000'000'000, kCap);
  }
  time_t t = curl_getdate(std::string(value).c_str(), nullptr);
  if (t < 0) return 0;
  int64_t d = static_cast<int64_t>(t) * 1'000'000'000 - now_nanos;
  return d <= 0 ? 0 : std::min(d, kCap);
}

namespace {

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 15]);
  }
  return hex;
}

size_t OnBody(char* p, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(p, size * n);
  return size * n;
}

size_t OnHeader(char* p, size_t size, size_t n, void* user) {
  std::string_view line(p, size * n);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size() && strncasecmp(line.data(), kName.data(), kName.size()) == 0)
    *static_cast<std::string*>(user) = std::string(line.substr(kName.size()));
  return size * n;
}

// "scheme://user:pw@host/..." -> "scheme://host/..." for messages.
std::string WithoutCredentials(const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t at = url.find('@', start);
  size_t slash = url.find('/', start);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) return url;
  return url.substr(0, start) + url.substr(at + 1);
}

class CurlPoster : public HttpPoster {
 public:
  CurlPoster(HttpOptions o, std::string auth) : o_(std::move(o)), auth_(std::move(auth)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl_ = curl_easy_init();
  }
  ~CurlPoster() override {
    if (curl_) curl_easy_cleanup(curl_);
  }

  std::string Describe() const override { return WithoutCredentials(o_.base_url); }

  Status Send(const HttpRequest& rq, HttpReply* reply) override {
    std::string url = o_.base_url + rq.path;
    struct curl_slist* hs = nullptr;
    hs = curl_slist_append(hs, ("Content-Type: " + rq.content_type).c_str());
    hs = curl_slist_append(hs, "Expect:");
    if (!rq.content_encoding.empty())
      hs = curl_slist_append(hs, ("Content-Encoding: " + rq.content_encoding).c_str());
    if (!auth_.empty()) hs = curl_slist_append(hs, ("Authorization: " + auth_).c_str());
    if (!o_.aws_sigv4.empty()) {
      // libcurl signs the payload hash it is given; S3 wants it as a header.
      hs = curl_slist_append(hs, ("x-amz-content-sha256: " + Sha256Hex(rq.body)).c_str());
      if (!o_.aws_session_token.empty())
        hs = curl_slist_append(hs, ("x-amz-security-token: " + o_.aws_session_token).c_str());
    }
    for (const std::string& h : o_.headers) hs = curl_slist_append(hs, h.c_str());
    std::string resp, retry_after;
    curl_easy_reset(curl_);
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_POST, 1L);
    if (strcmp(rq.method, "POST") != 0) curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, rq.method);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, rq.body.data());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(rq.body.size()));
    if (!o_.aws_sigv4.empty()) {
      curl_easy_setopt(curl_, CURLOPT_AWS_SIGV4, o_.aws_sigv4.c_str());
      curl_easy_setopt(curl_, CURLOPT_USERNAME, o_.aws_key_id.c_str());
      curl_easy_setopt(curl_, CURLOPT_PASSWORD, o_.aws_secret.c_str());
    }
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, hs);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &retry_after);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(o_.timeout_nanos / 1'000'000));
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, 10'000L);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    // libcurl copies a POSTFIELDS body through its upload buffer, 64 KiB
    // by default: a 1 MiB batch was 16 sends, each after a poll for room
    // (bench/node.sh, 100 files at 10 MB/s: 385 sends and 860 polls a
    // second).  512 KiB makes it two or three, for 0.5 MiB per sender.
    curl_easy_setopt(curl_, CURLOPT_UPLOAD_BUFFERSIZE, 512L * 1024);
    curl_easy_setopt(curl_, CURLOPT_USERAGENT, "lc-ship");
    if (!o_.tls_ca.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, o_.tls_ca.c_str());
    if (o_.tls_insecure) {
      curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    CURLcode rc = curl_easy_perform(curl_);
    curl_slist_free_all(hs);
    if (rc != CURLE_OK) return Status::IOError(Describe() + ": " + curl_easy_strerror(rc));
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    reply->status = static_cast<int>(status);
    reply->body = std::move(resp);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    reply->retry_after_nanos =
        ParseRetryAfter(retry_after, now.tv_sec * 1'000'000'000LL + now.tv_nsec);
    return Status::OK();
  }

 private:
  HttpOptions o_;
  std::string auth_;
  CURL* curl_ = nullptr;
};

}  // namespace

Status NewCurlPoster(const HttpOptions& options, std::unique_ptr<HttpPoster>* out) {
  if (options.compress != "none" && options.compress != "gzip" && options.compress != "zstd")
    return Status::InvalidArgument("--compress " + options.compress + ": want none, gzip or zstd");
  std::string auth;
  if (!options.auth_file.empty()) {
    Status st = ReadWholeFile(options.auth_file, &auth);
    if (!st.ok()) return Status::InvalidArgument(options.auth_file + ": " + st.message());
    while (!auth.empty() && (auth.back() == '\n' || auth.back() == '\r')) auth.pop_back();
    if (auth.empty() || auth.find_first_of("\r\n") != std::string::npos)
      return Status::InvalidArgument(options.auth_file +
                                     ": want one line, the Authorization header's value");
  }
  HttpOptions o = options;
  while (!o.base_url.empty() && o.base_url.back() == '/') o.base_url.pop_back();
  out->reset(new CurlPoster(std::move(o), std::move(auth)));
  return Status::OK();
}

}  // namespace lc
