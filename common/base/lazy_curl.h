// LazyCurl: libcurl loaded when a tool first calls it, not when it starts.
//
// The tools link no libcurl.  common/base/lazy_curl.cc defines the curl_*
// functions lc uses; the first call dlopen()s libcurl.so.4 and each call
// goes on to the library's own function.  libcurl brings about 30 shared
// libraries (TLS, Kerberos, LDAP, IDN...) whose loading and relocation cost
// every start about 9 ms, a fifth of `lc-render --once` over 500 containers
// and most of the start of a tool that never speaks HTTP (lc-render without
// --config-url or --container, lc-discover --runtime containerd).
//
// Calls keep libcurl's contract.  If the library cannot be loaded, the first
// call prints why and exits with status 127, as the dynamic loader would
// have done at start before this: a tool that needs HTTP cannot go on.
#ifndef LC_COMMON_BASE_LAZY_CURL_H_
#define LC_COMMON_BASE_LAZY_CURL_H_

namespace lc {

// True once libcurl has been loaded by a call (for tests and diagnostics).
bool CurlLoaded();

}  // namespace lc

#endif  // LC_COMMON_BASE_LAZY_CURL_H_
