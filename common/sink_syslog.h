// Syslog codec: lc-ship records to RFC 5424 messages, framed by octet
// counting (RFC 6587 3.4.1: "<length> <message>"), so a message may carry
// newlines and any other byte.
//
//   <PRI>1 TIMESTAMP HOSTNAME APP-NAME - - [lc@32473 k="v" ...] MSG
//
//   PRI       facility * 8 + severity.  The severity comes from a "level",
//             "severity" or "severity_text" field when it names one
//             (emerg, alert, crit, err/error, warn/warning, notice, info,
//             debug; any case), else info (6).
//   TIMESTAMP the record's "time", cut to microseconds (RFC 5424 allows at
//             most 6 fraction digits); `now` when the record has none.
//   HOSTNAME  "host.name", else `default_host`.
//   APP-NAME  "k8s.container.name", else "container.name", else "lc-ship";
//             cut to 48 printable ASCII characters.
//   SD        one element "lc@32473" (32473 is the example enterprise number
//             of RFC 5612) with the container.*, k8s.* and lc.cursor fields,
//             names cut to 32 characters.
//   MSG       `body` (default) or the whole record's JSON text (`record`);
//             no BOM.
// Bytes outside printable ASCII in header fields become '_'.
#ifndef LC_COMMON_SINK_SYSLOG_H_
#define LC_COMMON_SINK_SYSLOG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lc {

struct SyslogFormat {
  int facility = 1;            // user-level messages
  bool whole_record = false;   // MSG = the record, not its body
  std::string default_host = "-";
};

// Parses a facility name ("user", "daemon", "local0".."local7", ...) or
// number 0..23; -1 if it is neither.
int SyslogFacility(std::string_view name);

// Appends one framed message per record to `out`.
void EncodeSyslogFrames(const std::vector<std::string_view>& records, const SyslogFormat& format,
                        int64_t now_nanos, std::string* out);

}  // namespace lc

#endif  // LC_COMMON_SINK_SYSLOG_H_
