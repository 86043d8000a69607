// ListenLoop: lc-listen's one thread.  A single epoll loop serves every
// ListenAddress it was given (syslog over UDP, TCP and unix datagrams; HTTP)
// and puts one record per message into a RecordSink (stdout, or the
// journal).  After each turn of the loop the sink commits, and only then
// are the HTTP replies of that turn sent.
//
// Back-pressure: a StdoutRecordSink blocks while its pipe is full, and so does
// the loop; TCP and HTTP senders then find their sockets full and wait, UDP
// datagrams queue in the socket's buffer (8 MiB asked) and beyond it are
// lost by the kernel, as UDP syslog is everywhere.  A full JournalSink
// pauses the syslog sockets and makes HTTP posts 503 (RecordSink).
//
// The unix sockets' files are removed when the loop is destroyed.
//
// Stop: when `stop()` turns true (the wake descriptor, e.g. the signal pipe,
// makes the loop look), listeners are closed, what every socket already
// holds is read (each TCP connection's last frame too), the records are
// written out, and Run returns OK.  A reader that went away (EPIPE) ends
// Run with OK too, quietly; any other write error is returned.
#ifndef LC_COMMON_LISTEN_LISTEN_LOOP_H_
#define LC_COMMON_LISTEN_LISTEN_LOOP_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/base/clock.h"
#include "common/base/status.h"
#include "common/listen/listen_address.h"
#include "common/listen/record_sink.h"

namespace lc {

struct ListenOptions {
  size_t max_message_bytes = 64 * 1024;  // a syslog message longer is cut (lc.truncated)
  size_t max_body_bytes = 16 << 20;      // an HTTP body longer is refused (413)
  std::string bearer_token;              // HTTP: required when not empty (401)
  size_t max_connections = 1024;         // TCP and HTTP; past it, accepting waits
  int64_t http_idle_nanos = 60 * kSeconds;  // an HTTP connection quiet this long is closed
  std::string tls_cert, tls_key;            // PEM files, for syslog+tls:// and https://
};

class ListenLoop {
 public:
  ListenLoop(const ListenOptions& opt, RecordSink* out, Clock* clock);
  ~ListenLoop();

  // Where the records go from now on (before Run): a caller binds every
  // address before it creates a journal, so a usage error touches nothing.
  void SetSink(RecordSink* sink);

  // Opens `a` (ListenAddress::Open's errors: the caller exits 2).
  Status Listen(const ListenAddress& a);
  // The URLs opened, with the ports the kernel chose.
  const std::vector<std::string>& bound() const { return bound_; }

  // Serves until `stop()`; `wake_fd` (may be -1) is watched for readability
  // and read empty by `drain_wake` before `stop()` is asked.
  Status Run(int wake_fd, const std::function<void()>& drain_wake, const std::function<bool()>& stop);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> bound_;
};

}  // namespace lc

#endif  // LC_COMMON_LISTEN_LISTEN_LOOP_H_
