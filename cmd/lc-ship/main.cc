// lc-ship: batch records from stdin, deliver them to a sink at least once,
// and commit what was delivered (man/lc-ship.1).
#include <unistd.h>

#include <cstdio>

#include "common/base/cli.h"
#include "common/base/duration.h"
#include "common/base/host_name.h"
#include "common/ship/shipper.h"
#include "common/base/signals.h"
#include "common/ship/sink_factory.h"

int main(int argc, char** argv) {
  CLI::App app{"Batch NDJSON records from stdin, deliver them at least once, commit what was delivered.",
               "lc-ship"};
  lc::SetupCli(app);
  lc::ShipOptions opt;
  lc::SinkOptions so;
  std::string url, labels, batch_wait = "1s", retry_max = "0", flush_timeout = "10s",
              commit_interval = "1s";
  app.add_option("sink", url, lc::SinkUsage())->required();
  auto* batch_bytes = app.add_option("--batch-bytes", opt.batch.max_bytes,
                                     "Send a batch at this many bytes (default 1MiB; 8MiB for archive:)")
      ->transform(CLI::AsSizeValue(false))->check(CLI::Range(size_t{1}, size_t{1} << 30));
  app.add_option("--batch-records", opt.batch.max_records, "Send a batch at this many records (default 10000)")
      ->check(CLI::Range(size_t{1}, size_t{10000000}));
  app.add_option("--batch-wait", batch_wait, "Send a batch this long after its first record (default 1s)");
  app.add_option("--compress", so.compress,
                 "none, gzip or zstd: HTTP body encoding, file:/archive: format (default: the sink's)")
      ->check(CLI::IsMember({"none", "gzip", "zstd"}));
  app.add_option("--compress-level", so.compress_level,
                 "Compression level: gzip 1..12, zstd 1..19 (default 1: fast)")
      ->check(CLI::Range(1, 19));
  auto* concurrency = app.add_option("--concurrency", opt.concurrency,
                                     "Batches in flight at once (default 2; 1 for stdout: and file:)")
                          ->check(CLI::Range(1, 64));
  auto* spool = app.add_option("--spool", opt.spool_dir, "Spool batches the sink does not take to DIR (durable)");
  app.add_option("--spool-max", opt.spool_max, "Largest spool, in bytes (default 1GiB)")
      ->transform(CLI::AsSizeValue(false))->needs(spool);
  app.add_option("--commit", opt.commit_path, "Write delivered cursors to FILE, for lc-tail/lc-stdout --commit");
  app.add_option("--commit-interval", commit_interval,
                 "Write the --commit file at most this often while running (default 1s; always at exit)");
  app.add_option("--dead-letter", opt.dead_letter_path, "Append records the sink refuses for good to FILE");
  app.add_option("--header", so.http.headers, "'K: V' added to HTTP requests; repeatable")->allow_extra_args(false);
  app.add_option("--auth-file", so.http.auth_file, "FILE holding the Authorization header value (never printed)");
  app.add_option("--tls-ca", so.http.tls_ca, "CA bundle FILE for HTTPS");
  app.add_flag("--tls-insecure", so.http.tls_insecure, "Do not verify the HTTPS server's certificate");
  app.add_option("--labels", labels, "Loki stream labels: record fields, comma-separated");
  app.add_option("--retry-max", retry_max, "Give up on a batch after retrying this long (default 0: never)");
  app.add_option("--flush-timeout", flush_timeout, "On SIGTERM, deliver batches in flight within this long (default 10s)");
  app.add_option("--metrics-file", opt.metrics_path, "Write counters to FILE in Prometheus text format");
  if (int rc = lc::ParseCli(app, "lc-ship", argc, argv); rc >= 0) return rc;

  if (!lc::ParseDurationFlags("lc-ship", {{"--batch-wait", &batch_wait, &opt.batch.max_wait_nanos},
                                           {"--retry-max", &retry_max, &opt.retry.give_up_after},
                                           {"--flush-timeout", &flush_timeout, &opt.flush_timeout_nanos},
                                           {"--commit-interval", &commit_interval, &opt.commit_interval_nanos}})) {
    return 2;
  }
  for (size_t i = 0; i < labels.size();) {
    size_t comma = labels.find(',', i);
    if (comma == std::string::npos) comma = labels.size();
    if (comma > i) so.labels.push_back(labels.substr(i, comma - i));
    i = comma + 1;
  }
  lc::SinkDefaults defaults = lc::DefaultsForSink(url);
  if (concurrency->count() == 0) opt.concurrency = defaults.concurrency;
  if (batch_bytes->count() == 0) opt.batch.max_bytes = defaults.batch_bytes;
  so.host_name = lc::HostName();
  opt.sink_name = lc::RedactedSinkUrl(url);
  lc::InstallSignalHandlers();
  lc::Shipper shipper(opt, [&](std::unique_ptr<lc::Sink>* s) { return lc::NewSink(url, so, s); },
                      lc::SystemClock());
  if (lc::Status s = shipper.Init(); !s.ok()) {
    fprintf(stderr, "lc-ship: %s\n", s.message().c_str());
    return s.IsInvalidArgument() ? 2 : 1;
  }
  int rc = shipper.Run(0);
  if (shipper.stuck()) {  // a sender is still inside the sink: do not tear it down under it
    fflush(stderr);
    _exit(rc);
  }
  return rc;
}
