// SqlPlaceholder: where the cursor parameter "$1" stands in a query, found
// the way the server's lexer would find it: outside string literals
// ('...', and "..." for MySQL), quoted identifiers ("..." for PostgreSQL,
// `...` for MySQL), PostgreSQL dollar quotes ($tag$...$tag$) and comments
// (-- and /* */, and # for MySQL).
//
// PostgreSQL binds $1 itself (PQexecParams): lc-sql only checks that it is
// there.  MySQL's text protocol has no parameters, so BindCursorLiteral
// writes the cursor in $1's place as decimal digits: a value lc-sql
// formats from an int64, never text from anywhere else, so nothing can be
// injected.
#ifndef LC_COMMON_SQL_SQL_PLACEHOLDER_H_
#define LC_COMMON_SQL_SQL_PLACEHOLDER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"

namespace lc {

enum class SqlDialect { kPostgres, kMySql };

// The byte offset of each "$1".  InvalidArgument when there is none (every
// round would read the same rows) or when the query names another
// parameter ($2, $10: only $1 is bound).
Status FindCursorPlaceholders(std::string_view query, SqlDialect dialect, std::vector<size_t>* at);

// `query` with the "$1" at each offset of `at` replaced by `cursor` in decimal.
std::string BindCursorLiteral(std::string_view query, const std::vector<size_t>& at, int64_t cursor);

}  // namespace lc

#endif  // LC_COMMON_SQL_SQL_PLACEHOLDER_H_
