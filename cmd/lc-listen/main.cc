// lc-listen: receive logs over syslog (UDP, TCP, unix datagrams) and write
// them as records on stdout (man/lc-listen.1, man/lc-streams.7).
#include <cstdio>

#include "common/base/atomic_file.h"
#include "common/base/cli.h"
#include "common/base/clock.h"
#include "common/base/signals.h"
#include "common/listen/listen_loop.h"

int main(int argc, char** argv) {
  CLI::App app{"Receive syslog messages (UDP, TCP, unix socket) and write them as records on stdout.", "lc-listen"};
  lc::SetupCli(app);
  std::vector<std::string> urls;
  std::string ready;
  lc::ListenOptions opt;
  app.add_option("url", urls, "syslog+udp://[ADDR]:PORT, syslog+tcp://[ADDR]:PORT, syslog+unix:///PATH")
      ->required();
  app.add_option("--max-message-bytes", opt.max_message_bytes,
                 "A syslog message longer is cut there (lc.truncated); default 65536")
      ->check(CLI::Range(size_t{64}, size_t{16} << 20));
  app.add_option("--max-connections", opt.max_connections, "Open TCP connections at most; default 1024")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  app.add_option("--ready", ready, "Once listening, write the URLs (with the ports chosen) to this FILE");
  if (int rc = lc::ParseCli(app, "lc-listen", argc, argv); rc >= 0) return rc;
  lc::InstallSignalHandlers();
  lc::OutputWriter out(1);
  lc::ListenLoop loop(opt, &out, lc::SystemClock());
  for (const std::string& url : urls) {
    lc::ListenAddress a;
    lc::Status s = lc::ListenAddress::Parse(url, &a);
    if (s.ok()) s = loop.Listen(a);
    if (!s.ok()) {
      std::fprintf(stderr, "lc-listen: %s\n", s.message().c_str());
      return 2;
    }
  }
  if (!ready.empty()) {
    std::string text;
    for (const std::string& b : loop.bound()) text += b + "\n";
    if (lc::Status s = lc::WriteFileAtomically(ready, text); !s.ok()) {
      std::fprintf(stderr, "lc-listen: --ready: %s\n", s.message().c_str());
      return 2;
    }
  }
  lc::Status s = loop.Run(lc::SignalFd(), lc::DrainSignalFd, [] { return lc::StopSignal() != 0; });
  if (!s.ok()) {
    std::fprintf(stderr, "lc-listen: %s\n", s.message().c_str());
    return 1;
  }
  return lc::ExitStatusForStop(lc::StopSignal());
}
