// SyslogParser: one syslog message (the bytes of one UDP datagram, one
// unix datagram or one TCP frame, framing already removed) split into its
// parts, RFC 5424 or RFC 3164, without copying: every text part is a view
// into the input.
//
// Contract:
//  - "<PRI>1 " starts RFC 5424: TIMESTAMP HOSTNAME APP-NAME PROCID MSGID
//    STRUCTURED-DATA [MSG].  Each NILVALUE "-" is an empty part; the
//    structured data is kept as its text (checked against the grammar);
//    a UTF-8 BOM before MSG is dropped.
//  - Any other "<PRI>" starts RFC 3164 ("BSD syslog"): TIMESTAMP HOSTNAME
//    TAG[PID]: MSG.  The TIMESTAMP "Mmm dd hh:mm:ss" carries neither a
//    year nor a zone: it is read as UTC, in the year that puts it nearest
//    to the receive time (a December message received in January is last
//    year's).  An RFC 3339 TIMESTAMP (rsyslog's forwarding format) is taken
//    as it is.  A message without a TIMESTAMP is all MSG (RFC 3164 4.3.3,
//    the receive time stands in).  The HOSTNAME is absent when the word
//    after the TIMESTAMP is already a tag ("su:", "cron[42]:"), as on a
//    local socket.
//  - Trailing "\n", "\r" and NUL bytes are not part of the message.
//  - Malformed input (no PRI, a PRI over 191, a broken RFC 5424 header or
//    structured data) returns false with `error` saying why; the caller
//    keeps the whole input as the body.  Never throws, never allocates.
#ifndef LC_COMMON_LISTEN_SYSLOG_PARSER_H_
#define LC_COMMON_LISTEN_SYSLOG_PARSER_H_

#include <cstdint>
#include <string_view>

namespace lc {

struct SyslogMessage {
  int facility = -1;  // 0..23; -1 when the PRI did not parse
  int severity = -1;  // 0..7
  int version = 0;    // 1 for RFC 5424, 0 for RFC 3164
  bool has_time = false;
  int64_t time_nanos = 0;  // when has_time: the message's own time
  std::string_view host;
  std::string_view app_name;  // RFC 3164: the TAG without its [PID]
  std::string_view proc_id;
  std::string_view msg_id;
  std::string_view structured_data;  // RFC 5424 text, "" for NILVALUE
  std::string_view msg;              // the body
  const char* error = nullptr;       // why the message did not parse
};

// Parses `in`.  `now_nanos` (the receive time) chooses the year of an RFC
// 3164 TIMESTAMP.  Returns false, with out->error set, when malformed; the
// parts found before the error (the PRI) are kept.
bool ParseSyslog(std::string_view in, int64_t now_nanos, SyslogMessage* out);

}  // namespace lc

#endif  // LC_COMMON_LISTEN_SYSLOG_PARSER_H_
