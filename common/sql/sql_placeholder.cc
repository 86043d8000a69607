#include "common/sql/sql_placeholder.h"

namespace lc {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The end of a quoted run that began at `i` with `quote`: past the closing
// quote (a doubled quote is one quote character; a backslash escapes the
// next byte where `backslash`).  The query's end when it is not closed.
size_t SkipQuoted(std::string_view q, size_t i, char quote, bool backslash) {
  for (size_t j = i + 1; j < q.size(); ++j) {
    if (backslash && q[j] == '\\') {
      ++j;
    } else if (q[j] == quote) {
      if (j + 1 < q.size() && q[j + 1] == quote) {
        ++j;
      } else {
        return j + 1;
      }
    }
  }
  return q.size();
}

}  // namespace

Status FindCursorPlaceholders(std::string_view q, SqlDialect dialect, std::vector<size_t>* at) {
  const bool mysql = dialect == SqlDialect::kMySql;
  at->clear();
  size_t i = 0;
  while (i < q.size()) {
    char c = q[i];
    if (c == '\'') {
      // PostgreSQL: backslash escapes only in E'...' strings.
      bool e = i > 0 && (q[i - 1] == 'E' || q[i - 1] == 'e') && (i < 2 || !IsIdentChar(q[i - 2]));
      i = SkipQuoted(q, i, c, mysql || e);
    } else if (c == '"') {
      i = SkipQuoted(q, i, c, mysql);
    } else if (c == '`' && mysql) {
      i = SkipQuoted(q, i, c, false);
    } else if ((c == '-' && i + 1 < q.size() && q[i + 1] == '-') || (c == '#' && mysql)) {
      size_t nl = q.find('\n', i);
      i = nl == std::string_view::npos ? q.size() : nl + 1;
    } else if (c == '/' && i + 1 < q.size() && q[i + 1] == '*') {
      size_t end = q.find("*/", i + 2);
      i = end == std::string_view::npos ? q.size() : end + 2;
    } else if (c == '$' && i + 1 < q.size() && IsDigit(q[i + 1]) && (i == 0 || !IsIdentChar(q[i - 1]))) {
      size_t j = i + 1;
      while (j < q.size() && IsDigit(q[j])) ++j;
      if (q.substr(i, j - i) != "$1") {
        return Status::InvalidArgument("the query names " + std::string(q.substr(i, j - i)) +
                                       ": only $1 (the cursor) is bound");
      }
      at->push_back(i);
      i = j;
    } else if (c == '$' && !mysql && (i == 0 || !IsIdentChar(q[i - 1]))) {
      // A dollar quote: $$...$$ or $tag$...$tag$.
      size_t j = i + 1;
      while (j < q.size() && IsIdentChar(q[j])) ++j;
      if (j < q.size() && q[j] == '$') {
        std::string_view tag = q.substr(i, j - i + 1);
        size_t end = q.find(tag, j + 1);
        i = end == std::string_view::npos ? q.size() : end + tag.size();
      } else {
        i = j;
      }
    } else {
      ++i;
    }
  }
  if (at->empty()) {
    return Status::InvalidArgument(
        "the query has no $1 (the last cursor value): every round would read the same rows");
  }
  return Status::OK();
}

std::string BindCursorLiteral(std::string_view query, const std::vector<size_t>& at, int64_t cursor) {
  std::string digits = std::to_string(cursor);
  std::string out;
  out.reserve(query.size() + at.size() * digits.size());
  size_t from = 0;
  for (size_t pos : at) {
    out.append(query.substr(from, pos - from));
    out.append(digits);
    from = pos + 2;
  }
  out.append(query.substr(from));
  return out;
}

}  // namespace lc
