// gen_access_log BYTES: writes an nginx "combined" access log of about BYTES
// bytes to stdout, with varied IPs, paths, statuses and user agents, fast
// enough that generating 1 GiB takes a few seconds.
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  long long want = argc > 1 ? atoll(argv[1]) : (1LL << 30);
  const char* paths[] = {"/", "/healthz", "/api/v1/users/42", "/static/app.js",
                         "/api/v1/orders?page=3&sort=desc", "/login", "/favicon.ico"};
  const char* agents[] = {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0",
                          "curl/7.88.1", "kube-probe/1.29", "Go-http-client/1.1"};
  const int statuses[] = {200, 200, 200, 301, 404, 500};
  std::string buf;
  buf.reserve(1 << 20);
  long long written = 0;
  unsigned x = 12345;
  char line[512];
  while (written < want) {
    x = x * 1103515245u + 12345u;
    int n = snprintf(line, sizeof line,
                     "10.%u.%u.%u - - [25/Nov/2026:05:%02u:%02u +0000] \"GET %s HTTP/1.1\" %d %u \"-\" \"%s\"\n",
                     (x >> 8) & 255, (x >> 16) & 255, (x >> 24) & 255, (x >> 3) % 60, (x >> 9) % 60,
                     paths[(x >> 5) % 7], statuses[(x >> 11) % 6], (x >> 7) % 50000,
                     agents[(x >> 13) % 4]);
    buf.append(line, static_cast<size_t>(n));
    written += n;
    if (buf.size() >= (1 << 20)) {
      fwrite(buf.data(), 1, buf.size(), stdout);
      buf.clear();
    }
  }
  fwrite(buf.data(), 1, buf.size(), stdout);
  return 0;
}
