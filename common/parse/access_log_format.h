// AccessLogFormat: an access-log line format -- nginx's log_format string
// ($variable, ${variable}) or Apache's LogFormat (%directive, or a name:
// common, combined, vhost_combined) -- compiled once into a sequence of
// literals and variables, alternating: two variables always have a literal
// between them, because a variable's value is read up to the first byte of
// the literal that follows it (the last one: to the end of the line).
// AccessLogLineParser (access_log_line_parser.h) scans lines with it; no
// regex is involved.
//
// Apache directives are named as the nginx variables they match (the table
// is in lc-tail(1), ACCESS LOGS): %h remote_addr, %u remote_user, %t
// time_local (its brackets become literals), %r request, %>s status, %b
// body_bytes_sent, %{Referer}i http_referer, %{X-Y}i http_x_y, ...; so an
// nginx and an Apache log give records of the same shape.
//
// Compile refuses, as InvalidArgument "<flag>: format '<format>' does not
// compile at offset N: <why>": an empty format, an unknown variable or
// directive, two variables with no literal between them, and a variable
// used twice (the record would hold the name twice).
#ifndef LC_COMMON_PARSE_ACCESS_LOG_FORMAT_H_
#define LC_COMMON_PARSE_ACCESS_LOG_FORMAT_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/base/status.h"

namespace lc {

// nginx's predefined "combined" format, the default of --nginx-format.
extern const char kNginxCombined[];

struct AccessLogFormat {
  enum Dialect { kNginx, kApache };
  struct Item {
    std::string literal;  // non-empty: a literal; empty: a variable
    std::string name;     // a variable's field name
    bool numeric = false;  // written as a JSON number when it is one
    bool split = false;    // "request", to split (when split_request)
  };

  Dialect dialect = kNginx;
  std::vector<Item> items;
  // The format has $request (%r) and none of request_method, request_uri,
  // server_protocol: the parser also writes those three from it.
  bool split_request = false;

  // `flag` names the flag (or member) in messages.  For kApache, `format`
  // may be one of the names above.
  static Status Compile(Dialect dialect, std::string_view flag, std::string_view format,
                        AccessLogFormat* out);
};

}  // namespace lc

#endif  // LC_COMMON_PARSE_ACCESS_LOG_FORMAT_H_
