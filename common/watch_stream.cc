#include "common/watch_stream.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

namespace lc {

Status WatchStream::Apply(const std::string& line) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("not a JSON object");
  std::string event = j.value("event", "");
  if (event == "add") {
    WatchSource s;
    if (!j.contains("key") || !j["key"].is_string() || j["key"].get<std::string>().empty()) {
      return Status::InvalidArgument("add without a \"key\"");
    }
    s.key = j["key"].get<std::string>();
    if (!j.contains("paths") || !j["paths"].is_array()) {
      return Status::InvalidArgument("add without \"paths\"");
    }
    for (const auto& p : j["paths"]) {
      if (!p.is_string() || p.get<std::string>().empty() || p.get<std::string>()[0] != '/') {
        return Status::InvalidArgument("paths must be absolute strings");
      }
      s.paths.push_back(p.get<std::string>());
    }
    if (j.contains("excludes") && j["excludes"].is_array()) {
      for (const auto& p : j["excludes"]) {
        if (p.is_string()) s.excludes.push_back(p.get<std::string>());
      }
    }
    if (j.contains("root") && j["root"].is_string()) s.root = j["root"].get<std::string>();
    if (j.contains("tags") && j["tags"].is_object()) {
      for (auto& [k, v] : j["tags"].items()) {
        s.tags.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
      }
    }
    s.from = j.value("from", "");
    if (s.from != "" && s.from != "head" && s.from != "tail") {
      return Status::InvalidArgument("\"from\" must be head or tail");
    }
    tailer_->AddSource(std::move(s));
  } else if (event == "remove") {
    if (!j.contains("key") || !j["key"].is_string()) return Status::InvalidArgument("remove without a \"key\"");
    tailer_->RemoveSource(j["key"].get<std::string>());
  } else if (event == "sync") {
    if (!j.contains("keys") || !j["keys"].is_array()) return Status::InvalidArgument("sync without \"keys\"");
    std::set<std::string> keys;
    for (const auto& k : j["keys"]) {
      if (k.is_string()) keys.insert(k.get<std::string>());
    }
    tailer_->SyncSources(keys);
  } else {
    return Status::InvalidArgument("unknown event '" + event + "'");
  }
  return Status::OK();
}

void WatchStream::ApplyLines() {
  size_t start = 0;
  for (;;) {
    size_t nl = pending_.find('\n', start);
    if (nl == std::string::npos) break;
    std::string line = pending_.substr(start, nl - start);
    start = nl + 1;
    line_no_++;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Status s = Apply(line);
    if (!s.ok()) {
      fprintf(stderr, "%s: %s: line %d: %s\n", tool_, name_.c_str(), line_no_, s.message().c_str());
    }
  }
  pending_.erase(0, start);
}

bool WatchStream::ReadSome(bool* eof) {
  char buf[65536];
  ssize_t n = read(fd_, buf, sizeof buf);
  if (n > 0) {
    pending_.append(buf, static_cast<size_t>(n));
    return true;
  }
  if (n == 0 || (errno != EAGAIN && errno != EINTR)) *eof = true;
  return false;
}

bool WatchStream::ReadAvailable() {
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

void WatchStream::ReadAll() {
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
