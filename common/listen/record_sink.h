// RecordSink: where ListenLoop puts the records it makes, and what tells it
// a message may be acknowledged (an HTTP reply sent, a TCP stream read on).
//
// Contract: Append takes whole record lines; after Commit returns OK, what
// was appended is as safe as this sink makes it (StdoutRecordSink: written to
// stdout; JournalSink: appended to the journal), and the loop acknowledges.
// closed() ends the loop quietly (stdout's reader went away); while full()
// the loop takes nothing new (TCP and UDP sockets are not read, HTTP posts
// get 503) and calls Tick() at least once a second until it is not.
#ifndef LC_COMMON_LISTEN_RECORD_SINK_H_
#define LC_COMMON_LISTEN_RECORD_SINK_H_

#include <string_view>

#include "common/base/output_writer.h"
#include "common/base/status.h"

namespace lc {

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void Append(std::string_view lines) = 0;
  virtual Status Commit() = 0;
  virtual bool closed() const = 0;
  virtual bool full() const { return false; }
  virtual void Tick() {}
};

// Records straight to stdout (at most once across a crash).
class StdoutRecordSink : public RecordSink {
 public:
  explicit StdoutRecordSink(OutputWriter* out) : out_(out) {}
  void Append(std::string_view lines) override;
  Status Commit() override;
  bool closed() const override { return out_->closed(); }

 private:
  OutputWriter* out_;
  Status error_;
};

}  // namespace lc

#endif  // LC_COMMON_LISTEN_RECORD_SINK_H_
