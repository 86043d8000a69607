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

#include "common/base/clock.h"
#include "common/ship/sink.h"
#include "common/base/status.h"

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

// The TCP side: one connection, reconnected on any error.
//
// TCP has no application-level acknowledgement, so "delivered" is decided
// like this, and is documented in lc-ship(1):
//   1. before writing, a connection that the peer has closed or reset (a
//      restarted receiver) is dropped and a new one is opened;
//   2. every byte of the batch is written;
//   3. the kernel's send queue is waited on until it is empty (SIOCOUTQ):
//      the peer's TCP has acknowledged every byte;
//   4. the connection is watched for `confirm_nanos` more: if the peer
//      closes or resets it in that time (a receiver shutting down with our
//      bytes unread), the batch is NOT delivered.
// Any failure closes the connection and returns IOError; the caller resends
// the whole batch, so a receiver restart duplicates at most that batch.
// What remains possible: a receiver that crashes after step 4 with our
// bytes still unread in its socket buffer loses them (only an application
// protocol with acks, RELP, could tell).
class SyslogConnection {
 public:
  SyslogConnection(std::string host, std::string port, int64_t timeout_nanos,
                   int64_t confirm_nanos)
      : host_(std::move(host)), port_(std::move(port)), timeout_nanos_(timeout_nanos),
        confirm_nanos_(confirm_nanos) {}
  ~SyslogConnection() { Close(); }
  SyslogConnection(const SyslogConnection&) = delete;
  SyslogConnection& operator=(const SyslogConnection&) = delete;

  // Writes `frames` and confirms them as above.  Errors name "host:port".
  Status Deliver(std::string_view frames);
  void Close();
  bool connected() const { return fd_ >= 0; }
  int connects() const { return connects_; }

 private:
  Status Connect();
  bool PeerGone();
  Status Fail(const std::string& what, int err);

  std::string host_, port_;
  int64_t timeout_nanos_, confirm_nanos_;
  int fd_ = -1;
  int connects_ = 0;
};

// The sink: a batch is encoded and handed to the connection; delivered or,
// on any error, the whole batch is resent by the caller.
class SyslogSink : public Sink {
 public:
  SyslogSink(std::string host, std::string port, SyslogFormat format, int64_t timeout_nanos,
             int64_t confirm_nanos, Clock* clock)
      : conn_(std::move(host), std::move(port), timeout_nanos, confirm_nanos),
        format_(std::move(format)), clock_(clock) {}
  SendResult Send(const Batch& batch) override;

 private:
  SyslogConnection conn_;
  SyslogFormat format_;
  Clock* clock_;
};

}  // namespace lc

#endif  // LC_COMMON_SINK_SYSLOG_H_
