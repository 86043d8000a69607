#include "common/stream/commit_file.h"

#include <cstring>

#include <nlohmann/json.hpp>

#include "common/base/atomic_file.h"

namespace lc {

bool SplitCursor(std::string_view c, std::string_view* key, int64_t* offset) {
  const char* last = c.empty() ? nullptr : static_cast<const char*>(memrchr(c.data(), ':', c.size()));
  if (last == nullptr) return false;
  size_t colon = static_cast<size_t>(last - c.data()) + 1;
  if (colon == c.size()) return false;
  int64_t v = 0;
  for (size_t i = colon; i < c.size(); i++) {
    unsigned d = static_cast<unsigned char>(c[i]) - '0';
    if (d > 9 || v > (INT64_MAX - 9) / 10) return false;
    v = v * 10 + d;
  }
  *key = c.substr(0, colon - 1);
  *offset = v;
  return true;
}

bool SplitCursor(const char* p, size_t n, std::string* key, int64_t* offset) {
  std::string_view k;
  if (!SplitCursor(std::string_view(p, n), &k, offset)) return false;
  key->assign(k.data(), k.size());
  return true;
}

Status LoadCommitFile(const std::string& path, CursorMap* cursors) {
  cursors->clear();
  std::string text;
  Status s = ReadWholeFile(path, &text);
  if (s.IsNotFound()) return Status::OK();
  if (!s.ok()) return s;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidArgument(path + ": not a commit file (invalid JSON)");
  }
  if (!j.contains("version") || j["version"] != 1) {
    return Status::InvalidArgument(path + ": unsupported commit file version (want 1)");
  }
  if (!j.contains("cursors") || !j["cursors"].is_object()) {
    return Status::InvalidArgument(path + ": commit file has no \"cursors\" object");
  }
  for (auto& [key, value] : j["cursors"].items()) {
    if (!value.is_number_integer() || value.get<int64_t>() < 0) {
      return Status::InvalidArgument(path + ": cursor for '" + key + "' is not an offset");
    }
    (*cursors)[key] = value.get<int64_t>();
  }
  return Status::OK();
}

Status SaveCommitFile(const std::string& path, const CursorMap& cursors) {
  nlohmann::json j = {{"version", 1}, {"cursors", nlohmann::json::object()}};
  for (const auto& [key, offset] : cursors) j["cursors"][key] = offset;
  return WriteFileAtomically(path, j.dump() + "\n");
}

}  // namespace lc
