// RowRecord: one row of a query result as one record of the record stream
// (lc-streams(7), RECORDS; written with AppendRecord):
//
//   {"time":"<now>","body":"{\"id\":7,\"msg\":\"hi\"}","id":7,"msg":"hi",
//    "host.name":"node-7","lc.cursor":"sql:<hash>:7"}
//
// body: the row as a JSON object text (the columns' own names), or the text
// of --body-column.  Each column is a typed field: integers and numbers as
// JSON numbers (a number the server writes as NaN or Infinity stays a
// string), PostgreSQL booleans as true/false, NULL as null, the rest as
// strings.  A value that is not valid UTF-8 is written with U+FFFD and its
// exact bytes go beside it in "<column>.base64" (standard base64), in the
// fields and in the body alike: nothing is lost.
//
// Field names follow the collision rule of the parsers (field_writer.h): a
// column named time, body, host.name, lc.*, log.* or as a --tag gets a
// leading "_", as
// many as it takes to be free of the names written before it (so two
// columns of one name both survive).  The body column is not repeated as a
// field.
//
// time: when the row was read, or the value of --time-column (SqlTime's
// forms); a value that is NULL or not a time gives the read time and
// "lc.parse_error" saying so (the value stays in its field: nothing lost).
//
// The cursor: the value of the cursor column, which must be a non-negative
// integer (0 to 2^63-1, digits only): it is the offset of "lc.cursor".
#ifndef LC_COMMON_SQL_ROW_RECORD_H_
#define LC_COMMON_SQL_ROW_RECORD_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/base/status.h"
#include "common/sql/sql_connection.h"

namespace lc {

struct RowRecordOptions {
  std::string source_key;     // SqlSourceKey
  std::string cursor_column;  // required
  std::string body_column;    // "" for the row as JSON
  std::string time_column;    // "" for the time the row was read
  std::string host_name;      // "" for none
  std::vector<std::pair<std::string, std::string>> tags;  // --tag, after host.name
};

class RowRecord {
 public:
  explicit RowRecord(RowRecordOptions opts) : opts_(std::move(opts)) {}

  // Takes the columns of a result.  InvalidArgument when the cursor, body
  // or time column is not among them.
  Status SetColumns(const std::vector<SqlColumn>& columns);

  // The cursor value of `row`.  InvalidArgument, quoting the value, when it
  // is NULL or not a non-negative integer.
  Status CursorOf(const std::vector<SqlValue>& row, int64_t* cursor) const;

  // Appends the record of `row` (cursor from CursorOf) with its newline.
  void Append(const std::vector<SqlValue>& row, int64_t now_nanos, int64_t cursor, std::string* out);

 private:
  struct Column {
    SqlColumn column;
    std::string field;         // its name in the record
    std::string base64_field;  // where its bytes go when not UTF-8
    std::string body_base64;   // the same, in the body
  };
  // The JSON text of a value (is_string false), or its raw text (true).
  static bool Typed(const SqlColumn& c, const SqlValue& v, std::string* json);

  RowRecordOptions opts_;
  std::vector<Column> columns_;
  int cursor_index_ = -1;
  int body_index_ = -1;
  int time_index_ = -1;
  std::string scratch_;
};

}  // namespace lc

#endif  // LC_COMMON_SQL_ROW_RECORD_H_
