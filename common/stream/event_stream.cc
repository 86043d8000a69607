#include "common/stream/event_stream.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace lc {

void EventStream::ApplyLines() {
  size_t start = 0;
  for (;;) {
    size_t nl = pending_.find('\n', start);
    if (nl == std::string::npos) break;
    std::string line = pending_.substr(start, nl - start);
    start = nl + 1;
    line_no_++;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Status s = apply_(line);
    if (!s.ok()) {
      fprintf(stderr, "%s: %s: line %d: %s\n", tool_, name_.c_str(), line_no_, s.message().c_str());
    }
  }
  pending_.erase(0, start);
}

bool EventStream::ReadSome(bool* eof) {
  char buf[65536];
  ssize_t n = read(fd_, buf, sizeof buf);
  if (n > 0) {
    pending_.append(buf, static_cast<size_t>(n));
    return true;
  }
  if (n == 0 || (errno != EAGAIN && errno != EINTR)) *eof = true;
  return false;
}

bool EventStream::ReadAvailable() {
  bool eof = false;
  for (int i = 0; i < 64 && ReadSome(&eof);) {
    i++;
    struct pollfd p = {fd_, POLLIN, 0};
    if (poll(&p, 1, 0) <= 0) break;
  }
  if (eof && !pending_.empty() && pending_.back() != '\n') pending_.push_back('\n');
  ApplyLines();
  return !eof;
}

void EventStream::ReadAll() {
  bool eof = false;
  while (!eof) {
    if (!ReadSome(&eof) && !eof) {
      struct pollfd p = {fd_, POLLIN, 0};
      poll(&p, 1, -1);
    }
  }
  if (!pending_.empty() && pending_.back() != '\n') pending_.push_back('\n');
  ApplyLines();
}

}  // namespace lc
