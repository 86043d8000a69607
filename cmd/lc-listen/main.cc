// lc-listen: receive logs over syslog (UDP, TCP, unix datagrams) and HTTP
// (NDJSON, Loki push, OTLP JSON) and write them as records on stdout
// (man/lc-listen.1, man/lc-streams.7).
#include <cstdio>

#include "common/base/atomic_file.h"
#include "common/base/cli.h"
#include "common/base/clock.h"
#include "common/base/signals.h"
#include "common/listen/journal_sink.h"
#include "common/listen/listen_loop.h"

int main(int argc, char** argv) {
  CLI::App app{"Receive syslog (UDP, TCP, TLS, unix socket) and HTTP(S) posts (NDJSON, Loki, OTLP JSON); write records.",
               "lc-listen"};
  lc::SetupCli(app);
  std::vector<std::string> urls;
  std::string ready, token_file, journal, commit;
  int64_t journal_max = int64_t{1} << 30;
  lc::ListenOptions opt;
  app.add_option("url", urls, "syslog+udp|tcp|tls://[ADDR]:PORT, syslog+unix:///PATH, http(s)://[ADDR]:PORT")
      ->required();
  app.add_option("--max-message-bytes", opt.max_message_bytes,
                 "A syslog message longer is cut there (lc.truncated); default 65536")
      ->check(CLI::Range(size_t{64}, size_t{16} << 20));
  app.add_option("--max-connections", opt.max_connections, "Open TCP connections at most; default 1024")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  app.add_option("--max-body-bytes", opt.max_body_bytes, "HTTP: a body larger (also once decompressed) is 413; default 16 MiB")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 30));
  app.add_option("--bearer-token-file", token_file, "HTTP: require 'Authorization: Bearer <the token in FILE>'");
  app.add_option("--tls-cert", opt.tls_cert, "PEM certificate chain FILE for syslog+tls:// and https://");
  app.add_option("--tls-key", opt.tls_key, "PEM private key FILE of --tls-cert");
  app.add_option("--journal", journal, "Acknowledge only what is appended to a journal in DIR; records carry cursors");
  app.add_option("--commit", commit, "lc-ship's commit FILE: where stdout resumes, what the journal may drop")
      ->needs(app.get_option("--journal"));
  app.get_option("--journal")->needs(app.get_option("--commit"));
  app.add_option("--journal-max-bytes", journal_max, "Journal size limit; full: HTTP 503, syslog not read (default 1GiB)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(int64_t{1} << 20, int64_t{1} << 50));
  app.add_option("--ready", ready, "Once listening, write the URLs (with the ports chosen) to this FILE");
  if (int rc = lc::ParseCli(app, "lc-listen", argc, argv); rc >= 0) return rc;
  if (!token_file.empty()) {
    lc::Status s = lc::ReadWholeFile(token_file, &opt.bearer_token);
    while (!opt.bearer_token.empty() && (opt.bearer_token.back() == '\n' || opt.bearer_token.back() == '\r')) {
      opt.bearer_token.pop_back();
    }
    if (s.ok() && opt.bearer_token.empty()) s = lc::Status::InvalidArgument(token_file + ": empty");
    if (!s.ok()) {
      std::fprintf(stderr, "lc-listen: --bearer-token-file: %s\n", s.message().c_str());
      return 2;
    }
  }
  lc::InstallSignalHandlers();
  lc::OutputWriter out(1);
  lc::StdoutRecordSink stdout_sink(&out);
  lc::ListenLoop loop(opt, &stdout_sink, lc::SystemClock());
  for (const std::string& url : urls) {
    lc::ListenAddress a;
    lc::Status s = lc::ListenAddress::Parse(url, &a);
    if (s.ok()) s = loop.Listen(a);
    if (!s.ok()) {
      std::fprintf(stderr, "lc-listen: %s\n", s.message().c_str());
      return 2;
    }
  }
  std::unique_ptr<lc::JournalSink> journal_sink;
  if (!journal.empty()) {
    lc::Status s = lc::JournalSink::Open(journal, journal_max, commit, &out, lc::SystemClock(), &journal_sink);
    if (!s.ok()) {
      std::fprintf(stderr, "lc-listen: --journal: %s\n", s.message().c_str());
      return 2;
    }
    loop.SetSink(journal_sink.get());
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
  if (journal_sink && s.ok()) s = journal_sink->Finish();
  if (!s.ok()) {
    std::fprintf(stderr, "lc-listen: %s\n", s.message().c_str());
    return 1;
  }
  return lc::ExitStatusForStop(lc::StopSignal());
}
