// SyslogRecordEncoder: one received syslog message as a record of the
// record stream (lc-streams(7), RECORDS), through the general encoder
// (AppendRecord).  Fields, in this order, each only when the message has it:
//
//   time                    the message's TIMESTAMP, else the receive time
//   body                    MSG (the whole message when it did not parse)
//   lc.truncated            the message was cut at the size bound
//   lc.parse_error          why it did not parse (SyslogParser)
//   syslog.facility         0..23 (a number)
//   syslog.severity         0..7 (a number)
//   syslog.version          1 for RFC 5424
//   host.name               HOSTNAME; on a unix socket, this node's name
//   syslog.app_name         APP-NAME, or the RFC 3164 TAG
//   syslog.proc_id          PROCID, or the TAG's [PID]
//   syslog.msg_id           MSGID
//   syslog.structured_data  the STRUCTURED-DATA text, as sent
//   network.transport       udp, tcp or unix
//   client.address          the sender's IP address (udp, tcp)
//
// One encoder per loop: it reuses its Record, so a message costs no
// allocation once the strings have grown to the usual sizes.
#ifndef LC_COMMON_LISTEN_SYSLOG_RECORD_H_
#define LC_COMMON_LISTEN_SYSLOG_RECORD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/rfc3339.h"
#include "common/stream/record.h"

namespace lc {

// Where a message came from.
struct SyslogPeer {
  std::string_view transport;   // "udp", "tcp", "unix"
  std::string_view address;     // "" when unknown
  std::string_view local_host;  // host.name when the message has none ("" for none)
};

class SyslogRecordEncoder {
 public:
  // Appends the record of `raw` (one message, framing removed) with its
  // newline to *out.  `now` is the receive time.
  void Append(std::string_view raw, bool truncated, int64_t now, const SyslogPeer& peer, std::string* out);

 private:
  void Field(size_t* n, std::string_view name, std::string_view value, bool is_string);

  Record rec_;
  std::vector<RecordField> spare_;  // fields a shorter record left, buffers kept
  TimeFormatCache times_;
};

}  // namespace lc

#endif  // LC_COMMON_LISTEN_SYSLOG_RECORD_H_
