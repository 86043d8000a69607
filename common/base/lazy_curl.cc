#include "common/base/lazy_curl.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <atomic>

#include <curl/curl.h>

// The real functions, found in libcurl.so.4 on first use.  Only those lc
// calls: a new call of a curl function fails to link until it is added here.
namespace lc {
namespace {

struct CurlApi {
  decltype(&::curl_global_init) curl_global_init;
  decltype(&::curl_easy_init) curl_easy_init;
  decltype(&::curl_easy_cleanup) curl_easy_cleanup;
  decltype(&::curl_easy_reset) curl_easy_reset;
  decltype(&::curl_easy_perform) curl_easy_perform;
  decltype(&::curl_easy_strerror) curl_easy_strerror;
  decltype(&::curl_easy_escape) curl_easy_escape;
  decltype(&::curl_free) curl_free;
  decltype(&::curl_slist_append) curl_slist_append;
  decltype(&::curl_slist_free_all) curl_slist_free_all;
  decltype(&::curl_multi_init) curl_multi_init;
  decltype(&::curl_multi_cleanup) curl_multi_cleanup;
  decltype(&::curl_multi_add_handle) curl_multi_add_handle;
  decltype(&::curl_multi_remove_handle) curl_multi_remove_handle;
  decltype(&::curl_multi_perform) curl_multi_perform;
  decltype(&::curl_multi_poll) curl_multi_poll;
  decltype(&::curl_multi_info_read) curl_multi_info_read;
  decltype(&::curl_getdate) curl_getdate;
  decltype(&::curl_url) curl_url;
  decltype(&::curl_url_cleanup) curl_url_cleanup;
  decltype(&::curl_url_get) curl_url_get;
  decltype(&::curl_url_set) curl_url_set;
  decltype(&::curl_url_strerror) curl_url_strerror;
  decltype(&::curl_easy_setopt) curl_easy_setopt;
  decltype(&::curl_easy_getinfo) curl_easy_getinfo;
  decltype(&::curl_multi_setopt) curl_multi_setopt;
};

std::atomic<bool> loaded{false};

[[noreturn]] void CannotLoad(const char* what) {
  fprintf(stderr, "%s: libcurl cannot be loaded: %s\n", program_invocation_short_name, what);
  _Exit(127);
}

template <typename F>
void Bind(void* h, const char* name, F* out) {
  void* f = dlsym(h, name);
  if (f == nullptr) CannotLoad(dlerror());
  *out = reinterpret_cast<F>(f);
}

const CurlApi* Load() {
  void* h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) CannotLoad(dlerror());
  auto* api = new CurlApi;  // for the life of the process, as the library
  Bind(h, "curl_global_init", &api->curl_global_init);
  Bind(h, "curl_easy_init", &api->curl_easy_init);
  Bind(h, "curl_easy_cleanup", &api->curl_easy_cleanup);
  Bind(h, "curl_easy_reset", &api->curl_easy_reset);
  Bind(h, "curl_easy_perform", &api->curl_easy_perform);
  Bind(h, "curl_easy_strerror", &api->curl_easy_strerror);
  Bind(h, "curl_easy_escape", &api->curl_easy_escape);
  Bind(h, "curl_free", &api->curl_free);
  Bind(h, "curl_slist_append", &api->curl_slist_append);
  Bind(h, "curl_slist_free_all", &api->curl_slist_free_all);
  Bind(h, "curl_multi_init", &api->curl_multi_init);
  Bind(h, "curl_multi_cleanup", &api->curl_multi_cleanup);
  Bind(h, "curl_multi_add_handle", &api->curl_multi_add_handle);
  Bind(h, "curl_multi_remove_handle", &api->curl_multi_remove_handle);
  Bind(h, "curl_multi_perform", &api->curl_multi_perform);
  Bind(h, "curl_multi_poll", &api->curl_multi_poll);
  Bind(h, "curl_multi_info_read", &api->curl_multi_info_read);
  Bind(h, "curl_getdate", &api->curl_getdate);
  Bind(h, "curl_url", &api->curl_url);
  Bind(h, "curl_url_cleanup", &api->curl_url_cleanup);
  Bind(h, "curl_url_get", &api->curl_url_get);
  Bind(h, "curl_url_set", &api->curl_url_set);
  Bind(h, "curl_url_strerror", &api->curl_url_strerror);
  Bind(h, "curl_easy_setopt", &api->curl_easy_setopt);
  Bind(h, "curl_easy_getinfo", &api->curl_easy_getinfo);
  Bind(h, "curl_multi_setopt", &api->curl_multi_setopt);
  loaded = true;
  return api;
}

}  // namespace

// Not static: the extern "C" definitions below call it.
const CurlApi& Curl() {
  static const CurlApi* api = Load();  // thread-safe, once
  return *api;
}

bool CurlLoaded() { return loaded; }

// The variadic setters' one argument is read as the type its option number
// encodes (curl.h, CURLOPTTYPE_*): long, object pointer, function pointer,
// curl_off_t or blob pointer; the multi interface has no blob options.
template <typename Rc, typename H, typename Option>
Rc SetOption(Rc (*set)(H*, Option, ...), H* h, Option option, va_list ap) {
  if (option < CURLOPTTYPE_OBJECTPOINT) return set(h, option, va_arg(ap, long));
  if (option < CURLOPTTYPE_FUNCTIONPOINT) return set(h, option, va_arg(ap, void*));
  if (option < CURLOPTTYPE_OFF_T) return set(h, option, va_arg(ap, void (*)()));
  if (option < CURLOPTTYPE_BLOB) return set(h, option, va_arg(ap, curl_off_t));
  return set(h, option, va_arg(ap, void*));
}

}  // namespace lc

extern "C" {

CURLcode curl_global_init(long flags) { return lc::Curl().curl_global_init(flags); }
CURL* curl_easy_init(void) { return lc::Curl().curl_easy_init(); }
void curl_easy_cleanup(CURL* h) { lc::Curl().curl_easy_cleanup(h); }
void curl_easy_reset(CURL* h) { lc::Curl().curl_easy_reset(h); }
CURLcode curl_easy_perform(CURL* h) { return lc::Curl().curl_easy_perform(h); }
const char* curl_easy_strerror(CURLcode c) { return lc::Curl().curl_easy_strerror(c); }
char* curl_easy_escape(CURL* h, const char* s, int n) { return lc::Curl().curl_easy_escape(h, s, n); }
void curl_free(void* p) { lc::Curl().curl_free(p); }
struct curl_slist* curl_slist_append(struct curl_slist* l, const char* s) { return lc::Curl().curl_slist_append(l, s); }
void curl_slist_free_all(struct curl_slist* l) { lc::Curl().curl_slist_free_all(l); }
CURLM* curl_multi_init(void) { return lc::Curl().curl_multi_init(); }
CURLMcode curl_multi_cleanup(CURLM* m) { return lc::Curl().curl_multi_cleanup(m); }
CURLMcode curl_multi_add_handle(CURLM* m, CURL* h) { return lc::Curl().curl_multi_add_handle(m, h); }
CURLMcode curl_multi_remove_handle(CURLM* m, CURL* h) { return lc::Curl().curl_multi_remove_handle(m, h); }
CURLMcode curl_multi_perform(CURLM* m, int* running) { return lc::Curl().curl_multi_perform(m, running); }
CURLMcode curl_multi_poll(CURLM* m, struct curl_waitfd* fds, unsigned int n, int timeout_ms, int* numfds) { return lc::Curl().curl_multi_poll(m, fds, n, timeout_ms, numfds); }
CURLMsg* curl_multi_info_read(CURLM* m, int* left) { return lc::Curl().curl_multi_info_read(m, left); }
time_t curl_getdate(const char* s, const time_t* unused) { return lc::Curl().curl_getdate(s, unused); }
CURLU* curl_url(void) { return lc::Curl().curl_url(); }
void curl_url_cleanup(CURLU* u) { lc::Curl().curl_url_cleanup(u); }
CURLUcode curl_url_get(CURLU* u, CURLUPart what, char** part, unsigned int flags) { return lc::Curl().curl_url_get(u, what, part, flags); }
CURLUcode curl_url_set(CURLU* u, CURLUPart what, const char* part, unsigned int flags) { return lc::Curl().curl_url_set(u, what, part, flags); }
const char* curl_url_strerror(CURLUcode c) { return lc::Curl().curl_url_strerror(c); }

CURLcode curl_easy_setopt(CURL* h, CURLoption option, ...) {
  va_list ap;
  va_start(ap, option);
  CURLcode rc = lc::SetOption(lc::Curl().curl_easy_setopt, h, option, ap);
  va_end(ap);
  return rc;
}

CURLMcode curl_multi_setopt(CURLM* m, CURLMoption option, ...) {
  va_list ap;
  va_start(ap, option);
  CURLMcode rc = lc::SetOption(lc::Curl().curl_multi_setopt, m, option, ap);
  va_end(ap);
  return rc;
}

// Every CURLINFO takes a pointer to where the answer goes.
CURLcode curl_easy_getinfo(CURL* h, CURLINFO info, ...) {
  va_list ap;
  va_start(ap, info);
  CURLcode rc = lc::Curl().curl_easy_getinfo(h, info, va_arg(ap, void*));
  va_end(ap);
  return rc;
}

}  // extern "C"
