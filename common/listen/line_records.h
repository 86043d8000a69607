// LineRecords: the body of a POST to "/" as records: NDJSON (what Fluent
// Bit's http output with json_lines, Vector's http sink with ndjson, or
// `curl --data-binary @file.ndjson` send), plain text lines, or a JSON
// array of objects.
//
// Contract, per line (empty lines are skipped; "\r\n" ends a line too):
//  - A line that starts with "{" (after blanks) must be one JSON object
//    (checked strictly).  Its "body", else "message", "msg" or "log" (the
//    first that is a string) is the record's body; its "time", else
//    "timestamp", "@timestamp" or "date" (RFC 3339, or epoch seconds,
//    milliseconds, microseconds, nanoseconds) the record's time; every
//    other member a field, in order, string values as text and others as
//    their JSON (IngestRecord renames the names the record format owns).
//    No body member: body "".  No time: the receive time.
//  - A line that starts with "{" and is not a JSON object is kept: body the
//    line, lc.parse_error why.  It is counted as invalid.
//  - Any other line (or every line, when `plain`) is the body of a record.
//  - A body whose first non-blank byte is "[" is a JSON array of objects
//    (each as a line above); one that does not parse is one invalid line.
#ifndef LC_COMMON_LISTEN_LINE_RECORDS_H_
#define LC_COMMON_LISTEN_LINE_RECORDS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/listen/ingest_record.h"

namespace lc {

struct LineRecordsCount {
  size_t records = 0;  // written, the invalid ones included
  size_t invalid = 0;  // written with lc.parse_error
};

class LineRecords {
 public:
  // Appends the records of `body` to *out.  `now` is the receive time,
  // `client` the sender's address ("client.address").
  LineRecordsCount Append(std::string_view body, bool plain, int64_t now, std::string_view client, std::string* out);

 private:
  // One line: a record, or an invalid one.  Returns false for invalid.
  bool Line(std::string_view line, bool plain, int64_t now, std::string_view client, std::string* out);

  IngestRecord rec_;
  std::string text_;  // an unescaped value
  std::string name_;  // an unescaped name
};

}  // namespace lc

#endif  // LC_COMMON_LISTEN_LINE_RECORDS_H_
