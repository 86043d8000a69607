#include "common/sql/row_record.h"

#include <set>

#include "common/base/rfc3339.h"
#include "common/json/json_escape.h"
#include "common/parse/field_writer.h"
#include "common/sql/sql_time.h"
#include "common/stream/record.h"

namespace lc {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// RFC 8259's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool IsJsonNumber(const std::string& s) {
  size_t i = 0, n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n || !IsDigit(s[i])) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < n && IsDigit(s[i])) ++i;
  }
  if (i < n && s[i] == '.') {
    if (++i >= n || !IsDigit(s[i])) return false;
    while (i < n && IsDigit(s[i])) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    if (++i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= n || !IsDigit(s[i])) return false;
    while (i < n && IsDigit(s[i])) ++i;
  }
  return i == n;
}

// `name`, with as many leading "_" as it takes to be neither reserved nor taken.
std::string FreeName(std::string name, const FieldWriter* rule, std::set<std::string>* taken) {
  while ((rule != nullptr && rule->Reserved(name)) || taken->count(name) != 0) name.insert(0, 1, '_');
  taken->insert(name);
  return name;
}

}  // namespace

Status RowRecord::SetColumns(const std::vector<SqlColumn>& columns) {
  columns_.clear();
  cursor_index_ = body_index_ = time_index_ = -1;
  FieldWriter rule;  // the record's own names and its tags
  rule.SetTags(&opts_.tags, nullptr);
  std::set<std::string> fields, body;
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string& name = columns[i].name;
    if (name == opts_.cursor_column && cursor_index_ < 0) cursor_index_ = static_cast<int>(i);
    if (!opts_.body_column.empty() && name == opts_.body_column && body_index_ < 0) body_index_ = static_cast<int>(i);
    if (!opts_.time_column.empty() && name == opts_.time_column && time_index_ < 0) time_index_ = static_cast<int>(i);
    Column c;
    c.column = columns[i];
    if (static_cast<int>(i) != body_index_) c.field = FreeName(name, &rule, &fields);
    FreeName(name, nullptr, &body);
    columns_.push_back(std::move(c));
  }
  for (Column& c : columns_) {
    if (!c.field.empty()) c.base64_field = FreeName(c.field + ".base64", &rule, &fields);
    c.body_base64 = FreeName(c.column.name + ".base64", nullptr, &body);
  }
  if (cursor_index_ < 0) {
    return Status::InvalidArgument("--cursor-column " + opts_.cursor_column + ": no such column in the query's result");
  }
  if (!opts_.body_column.empty() && body_index_ < 0) {
    return Status::InvalidArgument("--body-column " + opts_.body_column + ": no such column in the query's result");
  }
  if (!opts_.time_column.empty() && time_index_ < 0) {
    return Status::InvalidArgument("--time-column " + opts_.time_column + ": no such column in the query's result");
  }
  return Status::OK();
}

Status RowRecord::CursorOf(const std::vector<SqlValue>& row, int64_t* cursor) const {
  const SqlValue& v = row[cursor_index_];
  const std::string& t = v.text;
  bool ok = !v.null && !t.empty() && t.size() <= 19;
  int64_t n = 0;
  for (size_t i = 0; ok && i < t.size(); ++i) {
    if (!IsDigit(t[i]) || n > (INT64_MAX - (t[i] - '0')) / 10) {
      ok = false;
    } else {
      n = n * 10 + (t[i] - '0');
    }
  }
  if (!ok) {
    std::string shown;
    AppendJsonString(&shown, t.substr(0, 64));
    return Status::InvalidArgument("--cursor-column " + opts_.cursor_column + ": " + (v.null ? "NULL" : shown) +
                                   " is not an integer from 0 to 9223372036854775807");
  }
  *cursor = n;
  return Status::OK();
}

bool RowRecord::Typed(const SqlColumn& c, const SqlValue& v, std::string* json) {
  if (v.null) {
    *json = "null";
    return false;
  }
  switch (c.type) {
    case SqlType::kInteger:
    case SqlType::kNumber:
      if (IsJsonNumber(v.text)) {
        *json = v.text;
        return false;
      }
      break;
    case SqlType::kBool:
      if (v.text == "t" || v.text == "f") {
        *json = v.text == "t" ? "true" : "false";
        return false;
      }
      break;
    case SqlType::kText:
      break;
  }
  *json = v.text;
  return true;
}

void RowRecord::Append(const std::vector<SqlValue>& row, int64_t now_nanos, int64_t cursor, std::string* out) {
  Record r;
  int64_t time = now_nanos;
  if (time_index_ >= 0) {
    const SqlValue& t = row[time_index_];
    if (t.null || !ParseSqlTime(t.text, &time)) {
      time = now_nanos;
      std::string shown = "NULL";
      if (!t.null) {
        shown.clear();
        AppendJsonString(&shown, t.text.substr(0, 64));
      }
      r.parse_error = "--time-column " + opts_.time_column + ": " + shown + " is not a time";
    }
  }
  r.time = FormatRfc3339Nanos(time);
  if (body_index_ >= 0) {
    if (!row[body_index_].null) r.body = row[body_index_].text;
  } else {
    r.body.push_back('{');
  }
  std::string value;
  for (size_t i = 0; i < columns_.size(); ++i) {
    const Column& c = columns_[i];
    bool is_string = Typed(c.column, row[i], &value);
    bool lossy = false;
    if (is_string) {
      scratch_.clear();
      lossy = !AppendJsonString(&scratch_, value);
    }
    if (body_index_ < 0) {
      if (i > 0) r.body.push_back(',');
      AppendJsonString(&r.body, c.column.name);
      r.body.push_back(':');
      r.body.append(is_string ? scratch_ : value);
    }
    std::string base64;
    if (lossy) {
      AppendBase64(&base64, value.data(), value.size());
      if (body_index_ < 0) {
        r.body.push_back(',');
        AppendJsonString(&r.body, c.body_base64);
        r.body.append(":\"").append(base64).push_back('"');
      }
    }
    if (c.field.empty()) continue;
    r.fields.push_back({c.field, value, is_string});
    if (lossy) r.fields.push_back({c.base64_field, std::move(base64), true});
  }
  if (body_index_ < 0) r.body.push_back('}');
  if (!opts_.host_name.empty()) r.fields.push_back({std::string(record_field::kHostName), opts_.host_name, true});
  for (const auto& [name, value] : opts_.tags) r.fields.push_back({name, value, true});
  r.has_cursor = true;
  r.cursor.key = opts_.source_key;
  r.cursor.offset = cursor;
  AppendRecord(r, out);
}

}  // namespace lc
