#include "common/ship/dead_letter.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "common/json/json_escape.h"
#include "common/base/atomic_file.h"
#include "common/ship/sinks/sink_stdout.h"

namespace lc {

Status DeadLetter::Write(const std::vector<std::pair<std::string_view, std::string>>& items) {
  if (items.empty()) return Status::OK();
  std::lock_guard<std::mutex> l(mu_);
  if (path_.empty()) {
    for (const auto& it : items) fprintf(stderr, "lc-ship: %s: record refused: %s\n", sink_name_.c_str(), it.second.c_str());
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
  int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Status::FromErrno(path_, errno);
  Status st = WriteFully(fd, text.data(), text.size(), path_);
  if (st.ok() && fsync(fd) != 0) st = Status::FromErrno(path_, errno);
  close(fd);
  return st;
}

}  // namespace lc
