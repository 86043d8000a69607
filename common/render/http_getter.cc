#include "common/render/http_getter.h"

#include <curl/curl.h>

#include <cctype>
#include <string_view>

namespace lc {
namespace {

struct Transfer {
  HttpGetReply* reply;
  int64_t max_body;
  bool too_large = false;
};

size_t OnBody(char* p, size_t size, size_t n, void* arg) {
  auto* t = static_cast<Transfer*>(arg);
  if (static_cast<int64_t>(t->reply->body.size() + n) > t->max_body) {
    t->too_large = true;
    return 0;  // aborts the transfer
  }
  t->reply->body.append(p, n);
  return n;
}

// "Name: value\r\n" for the two validators; a redirect's headers come first
// and are replaced by the final reply's (each reply starts with a status line).
size_t OnHeader(char* p, size_t size, size_t n, void* arg) {
  auto* t = static_cast<Transfer*>(arg);
  std::string_view line(p, n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.substr(0, 5) == "HTTP/") {
    t->reply->validators = HttpValidators();
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (name == "etag") t->reply->validators.etag = std::string(value);
  if (name == "last-modified") t->reply->validators.last_modified = std::string(value);
  return n;
}

class CurlGetter : public HttpGetter {
 public:
  explicit CurlGetter(const CurlGetterOptions& o) : opt_(o), curl_(curl_easy_init()) {}
  ~CurlGetter() override { curl_easy_cleanup(curl_); }

  Status Get(const std::string& url, const HttpValidators& have, HttpGetReply* reply) override {
    *reply = HttpGetReply();
    if (curl_ == nullptr) return Status::IOError(url + ": cannot start libcurl");
    Transfer t{reply, opt_.max_body_bytes};
    curl_slist* headers = nullptr;
    if (!have.etag.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + have.etag).c_str());
    if (!have.last_modified.empty()) {
      headers = curl_slist_append(headers, ("If-Modified-Since: " + have.last_modified).c_str());
    }
    curl_easy_reset(curl_);
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl_, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(opt_.timeout_ms));
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &t);
    CURLcode rc = curl_easy_perform(curl_);
    curl_slist_free_all(headers);
    if (t.too_large) {
      return Status::IOError(url + ": larger than " + std::to_string(opt_.max_body_bytes) + " bytes");
    }
    if (rc != CURLE_OK) return Status::IOError(url + ": " + curl_easy_strerror(rc));
    long code = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &code);
    reply->status = static_cast<int>(code);
    return Status::OK();
  }

 private:
  CurlGetterOptions opt_;
  CURL* curl_;
};

}  // namespace

std::unique_ptr<HttpGetter> NewCurlGetter(const CurlGetterOptions& options) {
  return std::make_unique<CurlGetter>(options);
}

}  // namespace lc
