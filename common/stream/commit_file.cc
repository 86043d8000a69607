#include "common/stream/commit_file.h"

#include <nlohmann/json.hpp>

#include "common/base/atomic_file.h"
#include "common/json/json_escape.h"

namespace lc {

Status DecodeCommitFile(std::string_view text, const std::string& name, CursorMap* cursors) {
  cursors->clear();
  nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidArgument(name + ": not a commit file (invalid JSON)");
  }
  if (!j.contains("version") || j["version"] != 1) {
    return Status::InvalidArgument(name + ": unsupported commit file version (want 1)");
  }
  if (!j.contains("cursors") || !j["cursors"].is_object()) {
    return Status::InvalidArgument(name + ": commit file has no \"cursors\" object");
  }
  for (auto& [key, value] : j["cursors"].items()) {
    if (!value.is_number_integer() || value.get<int64_t>() < 0) {
      cursors->clear();
      return Status::InvalidArgument(name + ": cursor for '" + key + "' is not an offset");
    }
    (*cursors)[key] = value.get<int64_t>();
  }
  return Status::OK();
}

std::string EncodeCommitFile(const CursorMap& cursors) {
  // Written by hand, as nlohmann would (its keys sorted: "cursors" before
  // "version"; CursorMap's order is the same byte order): lc-ship writes it
  // four times a second, with a key per source (a thousand files: a
  // thousand map nodes built and dumped each time, a twentieth of its time).
  std::string out = "{\"cursors\":{";
  out.reserve(cursors.size() * 48 + 32);
  bool valid = true, first = true;
  for (const auto& [key, offset] : cursors) {
    if (!first) out.push_back(',');
    first = false;
    valid = AppendJsonString(&out, key) && valid;
    out.push_back(':');
    out += std::to_string(offset);
  }
  out += "},\"version\":1}\n";
  if (valid) return out;
  // A key that is not UTF-8 (a source key is whatever bytes a reader
  // chose): replaced as nlohmann does, where two keys may then become one.
  nlohmann::json j = {{"version", 1}, {"cursors", nlohmann::json::object()}};
  for (const auto& [key, offset] : cursors) j["cursors"][key] = offset;
  // A source key is whatever bytes a reader chose: never a throw.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Status LoadCommitFile(const std::string& path, CursorMap* cursors) {
  cursors->clear();
  std::string text;
  Status s = ReadWholeFile(path, &text);
  if (s.IsNotFound()) return Status::OK();
  if (!s.ok()) return s;
  return DecodeCommitFile(text, path, cursors);
}

Status SaveCommitFile(const std::string& path, const CursorMap& cursors) {
  return WriteFileAtomically(path, EncodeCommitFile(cursors));
}

}  // namespace lc
