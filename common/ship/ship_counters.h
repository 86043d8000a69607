// ShipCounters: what lc-ship has done, for operators.  Printed as one JSON
// line on stderr on SIGUSR1 and at exit, and written in Prometheus text
// format to --metrics-file (for node_exporter's textfile collector).
// Updated from the sender threads, so every counter is atomic.
#ifndef LC_COMMON_SHIP_COUNTERS_H_
#define LC_COMMON_SHIP_COUNTERS_H_

#include <atomic>
#include <cstdint>
#include <string>

namespace lc {

struct ShipCounters {
  std::atomic<int64_t> records{0};         // read from the input
  std::atomic<int64_t> bytes{0};           // bytes of those records (without newlines)
  std::atomic<int64_t> batches{0};         // batches cut from the input
  std::atomic<int64_t> delivered{0};       // records the sink acknowledged
  std::atomic<int64_t> retries{0};         // failed attempts that were retried
  std::atomic<int64_t> dropped{0};         // records given up after --retry-max
  std::atomic<int64_t> dead_lettered{0};   // records the sink refused for good
  std::atomic<int64_t> server_rejected{0}; // accepted, then said dropped (OTLP partialSuccess)
  std::atomic<int64_t> without_cursor{0};  // records with no lc.cursor (never committed)
  std::atomic<int64_t> not_json{0};        // lines that are not a JSON object (delivered as they are)
  std::atomic<int64_t> torn{0};            // a torn last record at EOF (not delivered)
  std::atomic<int64_t> spooled{0};         // records written to the spool
  std::atomic<int64_t> replayed{0};        // spooled records delivered from the spool
  std::atomic<int64_t> spool_corrupt{0};   // spool segments that failed their checksum
  std::atomic<int64_t> forgotten{0};       // sources their producer forgot (forget_line.h)

  // One JSON object, no newline: {"records":N,...}.
  std::string ToJson() const;
  // Prometheus text exposition format, names lc_ship_<counter>_total.
  std::string ToPrometheus() const;
};

}  // namespace lc

#endif  // LC_COMMON_SHIP_COUNTERS_H_
