// sink_encoders: how fast the protocol sinks turn records into request
// bodies (Elasticsearch bulk, Loki push, OTLP JSON, syslog frames), per
// 1 MiB batch as lc-ship sends them, beside a plain copy of the same bytes
// (the memory-speed baseline) measured in the same run.
//   sink_encoders [MiB of records, default 256]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common/ship/sinks/sink_elasticsearch.h"
#include "common/ship/sinks/sink_loki.h"
#include "common/ship/sinks/sink_otlp.h"
#include "common/ship/sinks/sink_syslog.h"

using namespace lc;

int main(int argc, char** argv) {
  size_t want = (argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 256) << 20;
  std::vector<std::string> recs;
  size_t bytes = 0;
  for (int i = 0; bytes < want; ++i) {
    char b[640];
    int n = std::snprintf(
        b, sizeof b,
        R"({"time":"2026-11-25T05:40:%02d.%09dZ","body":"10.0.%d.%d - - \"GET /api/v1/items/%d HTTP/1.1\" 200 %d \"-\" \"curl/8.0\"","log.file.path":"/var/log/app/a.log","log.iostream":"stdout","container.id":"4f1c2a9be0d1","container.name":"web-%d","k8s.namespace.name":"ns%d","k8s.pod.name":"web-0","host.name":"node-7","lc.cursor":"803:1a2b:9f00aa11:%d"})",
        i % 60, i, i % 256, i % 7, i, i % 5000, i % 4, i % 3, i * 200);
    recs.emplace_back(b, n);
    bytes += n + 1;
  }
  std::vector<std::vector<std::string_view>> batches(1);
  size_t in_batch = 0;
  for (const std::string& r : recs) {
    if (in_batch + r.size() + 1 > (1u << 20)) {
      batches.emplace_back();
      in_batch = 0;
    }
    batches.back().push_back(r);
    in_batch += r.size() + 1;
  }
  std::printf("%zu records, %.0f MiB, %zu batches of 1 MiB\n", recs.size(), bytes / 1048576.0,
              batches.size());
  std::string out;
  double base = 0;
  auto run = [&](const char* name, auto encode) {
    size_t total = 0;
    auto a = std::chrono::steady_clock::now();
    for (const auto& b : batches) {
      out.clear();
      encode(b, &out);
      total += out.size();
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
    double mbs = bytes / s / 1e6;
    if (base == 0) base = mbs;
    std::printf("%-22s %7.0f MB/s of records  %5.2f core-s/GiB  %.2fx copy  (%.0f MiB out)\n", name,
                mbs, s / (bytes / 1073741824.0), mbs / base, total / 1048576.0);
  };
  run("copy (baseline)", [](const std::vector<std::string_view>& b, std::string* o) {
    for (std::string_view r : b) {
      o->append(r.data(), r.size());
      o->push_back('\n');
    }
  });
  run("elasticsearch _bulk", [](const std::vector<std::string_view>& b, std::string* o) {
    EncodeBulkRequest(b, o);
  });
  run("loki push", [](const std::vector<std::string_view>& b, std::string* o) {
    EncodeLokiPush(b, {"k8s.namespace.name", "container.name"}, 1, o);
  });
  run("otlp /v1/logs", [](const std::vector<std::string_view>& b, std::string* o) {
    EncodeOtlpLogs(b, 1, o);
  });
  SyslogFormat f;
  run("syslog 5424 frames", [&](const std::vector<std::string_view>& b, std::string* o) {
    EncodeSyslogFrames(b, f, 1, o);
  });
  return 0;
}
