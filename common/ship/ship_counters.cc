#include "common/ship/ship_counters.h"

#include <fmt/format.h>

namespace lc {
namespace {

struct Field {
  const char* name;
  const char* help;
  std::atomic<int64_t> ShipCounters::*member;
};

const Field kFields[] = {
    {"records", "Records read from the input.", &ShipCounters::records},
    {"bytes", "Bytes of records read (without newlines).", &ShipCounters::bytes},
    {"batches", "Batches cut from the input.", &ShipCounters::batches},
    {"delivered", "Records the sink acknowledged.", &ShipCounters::delivered},
    {"retries", "Failed send attempts that were retried.", &ShipCounters::retries},
    {"dropped", "Records given up after --retry-max.", &ShipCounters::dropped},
    {"dead_lettered", "Records the sink refused for good.", &ShipCounters::dead_lettered},
    {"server_rejected", "Records the server accepted and said it dropped.", &ShipCounters::server_rejected},
    {"without_cursor", "Records with no lc.cursor (delivered, never committed).", &ShipCounters::without_cursor},
    {"not_json", "Lines that are not a JSON object (delivered as they are).", &ShipCounters::not_json},
    {"torn", "Torn last records at EOF, with no newline (not delivered: sent again by their producer).",
     &ShipCounters::torn},
    {"spooled", "Records written to the disk spool.", &ShipCounters::spooled},
    {"replayed", "Spooled records delivered from the spool.", &ShipCounters::replayed},
    {"spool_corrupt", "Spool segments that failed their checksum.", &ShipCounters::spool_corrupt},
    {"forgotten", "Sources their producer forgot, dropped from the commit file.", &ShipCounters::forgotten},
};

}  // namespace

std::string ShipCounters::ToJson() const {
  std::string out = "{";
  for (const Field& f : kFields) {
    if (out.size() > 1) out += ',';
    out += fmt::format("\"{}\":{}", f.name, (this->*f.member).load());
  }
  return out + "}";
}

std::string ShipCounters::ToPrometheus() const {
  std::string out;
  for (const Field& f : kFields) {
    out += fmt::format("# HELP lc_ship_{0}_total {1}\n# TYPE lc_ship_{0}_total counter\nlc_ship_{0}_total {2}\n",
                       f.name, f.help, (this->*f.member).load());
  }
  return out;
}

}  // namespace lc
