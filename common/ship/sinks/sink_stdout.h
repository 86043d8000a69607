// StdoutSink: the `stdout:` sink.  Each batch is written to standard output
// as NDJSON in whole writes under one process-wide lock, so batches from
// several senders never interleave.  A closed reader (EPIPE) is a
// SendResult::Closed() answer, to this Send and every later one of any
// StdoutSink: lc-ship then ends quietly, leaving what was not written
// uncommitted.
#ifndef LC_COMMON_SINK_STDOUT_H_
#define LC_COMMON_SINK_STDOUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/ship/sink.h"
#include "common/base/status.h"

namespace lc {

class StdoutSink : public Sink {
 public:
  explicit StdoutSink(int fd = 1) : fd_(fd) {}
  SendResult Send(const Batch& batch) override;

 private:
  int fd_;
};

// The records as one NDJSON text (each followed by '\n').
void AppendNdjson(const std::vector<std::string_view>& records, std::string* out);

}  // namespace lc

#endif  // LC_COMMON_SINK_STDOUT_H_
