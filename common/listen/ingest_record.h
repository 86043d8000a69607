// IngestRecord: one record of the record stream (lc-streams(7), RECORDS)
// being built from what an HTTP sender posted (a JSON line, a Loki entry,
// an OTLP log record), written with the general encoder (AppendRecord).
//
// Contract: the sender's field names are kept, except those the record
// format owns: "time", "body", "lc.*" (and "client.address", which
// lc-listen adds) get a leading "_" (the collision rule of lc-tail's
// parsers).  "client.address" (the sender's IP) is added last.  One
// IngestRecord is reused for every record of a request: no allocation per
// record once its strings have grown.
#ifndef LC_COMMON_LISTEN_INGEST_RECORD_H_
#define LC_COMMON_LISTEN_INGEST_RECORD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/rfc3339.h"
#include "common/stream/record.h"

namespace lc {

class IngestRecord {
 public:
  // Starts a new record at `nanos` (since the epoch), with an empty body.
  void Start(int64_t nanos);
  void SetTime(int64_t nanos);
  void SetBody(std::string_view body) { rec_.body.assign(body.data(), body.size()); }
  void SetParseError(std::string_view why) { rec_.parse_error.assign(why.data(), why.size()); }
  // A string field (`is_string`), or any other JSON value as its text.
  void AddField(std::string_view name, std::string_view value, bool is_string);
  // Appends the record, with its newline, to *out.
  void AppendTo(std::string_view client_address, std::string* out);

  // True for a name the record format owns (it gets a leading "_").
  static bool Reserved(std::string_view name);

 private:
  Record rec_;
  size_t n_ = 0;  // fields in use; the rest keep their buffers for later records
  std::vector<RecordField> all_;
  TimeFormatCache times_;
};

// The time a JSON value gives: an RFC 3339 string, or a number of epoch
// seconds (with a fraction), milliseconds, microseconds or nanoseconds
// (told apart by size, as Fluent Bit and Vector send them).  False for
// anything else.
bool TimeFromJson(std::string_view text, bool is_string, int64_t* nanos);

}  // namespace lc

#endif  // LC_COMMON_LISTEN_INGEST_RECORD_H_
