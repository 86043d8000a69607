#include "common/ship/dead_letter.h"

#include <cstdio>

#include "common/json/json_escape.h"
#include "common/base/atomic_file.h"
#include "common/ship/sink_message.h"
#include "common/ship/sinks/sink_stdout.h"

namespace lc {

Status DeadLetter::Write(const std::vector<std::pair<std::string_view, std::string>>& items) {
  if (items.empty()) return Status::OK();
  std::lock_guard<std::mutex> l(mu_);
  if (path_.empty()) {
    for (const auto& it : items) {
      fprintf(stderr, "lc-ship: %srecord refused: %s\n", SinkPrefix(sink_name_, it.second).c_str(), it.second.c_str());
    }
    return Status::OK();
  }
  std::string text;
  for (const auto& [record, reason] : items) {
    text += "{\"reason\":";
    AppendJsonString(&text, reason);
    text += ",\"record\":";
    AppendJsonString(&text, record.data(), record.size());
    text += "}\n";
  }
  FileInfo before;
  if (!fs_->Stat(path_, &before).ok()) before.size = 0;
  std::unique_ptr<WritableFile> f;
  Status st = fs_->OpenForWrite(path_, WriteMode::kAppend, 0600, &f);
  if (!st.ok()) return st;
  st = f->Append(text.data(), text.size());
  if (st.ok()) st = f->Sync();
  // No half line stays behind to glue itself to the next write's first.
  if (!st.ok()) f->Truncate(before.size);
  return st;
}

}  // namespace lc
