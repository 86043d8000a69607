// gen_runtime_log docker|cri BYTES: writes a container runtime log of about
// BYTES bytes to stdout: application lines of varied length with quotes (so
// json-file escapes them), stdout and stderr mixed, and now and then a long
// line split the way the runtime splits it (16 KiB pieces for Docker, 8 KiB
// P pieces for CRI as conmon writes).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
  bool docker = argc > 1 && strcmp(argv[1], "docker") == 0;
  long long want = argc > 2 ? atoll(argv[2]) : (1LL << 30);
  const char* msgs[] = {
      "GET /api/v1/users/42 200 0.012s",
      "level=info msg=\"request served\" path=/healthz status=200 duration=1.2ms",
      "{\"level\":\"warn\",\"msg\":\"slow query\",\"ms\":1234,\"table\":\"orders\"}",
      "Exception in thread \"main\" java.lang.IllegalStateException: retry budget exhausted",
      "2026-11-25 05:40:45,295 INFO  [pool-3-thread-7] c.e.OrderService - order 981273 shipped"};
  std::string out, piece;
  out.reserve(1 << 21);
  long long written = 0;
  unsigned x = 7;
  long long sec = 0;
  char line[20000];
  while (written < want) {
    x = x * 1103515245u + 12345u;
    const char* stream = (x >> 9) % 5 == 0 ? "stderr" : "stdout";
    sec++;  // 100 lines a second: a busy but ordinary container
    char ts[64];
    snprintf(ts, sizeof ts, "2026-11-25T%02lld:%02lld:%02lld.%09uZ", (sec / 360000) % 24, (sec / 6000) % 60,
             (sec / 100) % 60, x % 1000000000u);
    std::string msg = msgs[(x >> 5) % 5];
    if ((x >> 3) % 4000 == 0) msg.assign(20000, 'y');  // a long line, split by the runtime
    size_t limit = docker ? 16384 : 8192;
    for (size_t at = 0; at < msg.size() || at == 0; at += limit) {
      std::string part = msg.substr(at, limit);
      bool last = at + limit >= msg.size();
      int n;
      if (docker) {
        std::string esc;
        for (char c : part) {
          if (c == '"' || c == '\\') esc.push_back('\\');
          esc.push_back(c);
        }
        n = snprintf(line, sizeof line, "{\"log\":\"%s%s\",\"stream\":\"%s\",\"time\":\"%s\"}\n",
                     esc.c_str(), last ? "\\n" : "", stream, ts);
      } else {
        n = snprintf(line, sizeof line, "%s %s %c %s\n", ts, stream, last ? 'F' : 'P', part.c_str());
      }
      out.append(line, static_cast<size_t>(n));
      written += n;
      if (last) break;
    }
    if (out.size() >= (1 << 20)) {
      fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
