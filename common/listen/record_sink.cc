#include "common/listen/record_sink.h"

namespace lc {

void StdoutRecordSink::Append(std::string_view lines) {
  out_->Append(lines);
  if (Status s = out_->MaybeFlush(); !s.ok() && error_.ok()) error_ = s;
}

Status StdoutRecordSink::Commit() {
  if (Status s = out_->Flush(); !s.ok() && error_.ok()) error_ = s;
  return error_;
}

}  // namespace lc
