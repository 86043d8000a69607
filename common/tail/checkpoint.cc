#include "common/tail/checkpoint.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lc {

std::string EncodeCheckpoint(const std::vector<CheckpointEntry>& entries) {
  nlohmann::json files = nlohmann::json::array();
  for (const CheckpointEntry& e : entries) {
    files.push_back({{"key", e.key},
                     {"path", e.path},
                     {"dev", e.id.dev},
                     {"ino", e.id.ino},
                     {"sig_len", e.id.sig.len},
                     {"sig", fmt::format("{:016x}", e.id.sig.hash)},
                     {"offset", e.offset},
                     {"start", e.start},
                     {"size", e.size},
                     {"seen", e.seen}});
  }
  nlohmann::json doc = {{"version", 1}, {"files", files}};
  // One entry per line: readable, and diffs well.
  std::string out = "{\"version\":1,\"files\":[\n";
  for (size_t i = 0; i < files.size(); i++) {
    out += files[i].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += i + 1 < files.size() ? ",\n" : "\n";
  }
  out += "]}\n";
  return out;
}

namespace {

int LineOf(const std::string& text, size_t byte) {
  byte = std::min(byte, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(byte), '\n'));
}

}  // namespace

Status DecodeCheckpoint(const std::string& text, const std::string& name,
                        std::vector<CheckpointEntry>* entries) {
  entries->clear();
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidArgument(fmt::format("{}: line {}: not a checkpoint file (invalid JSON)",
                                               name, LineOf(text, e.byte > 0 ? e.byte - 1 : 0)));
  }
  if (!doc.is_object() || !doc.contains("version")) {
    return Status::InvalidArgument(name + ": line 1: not a checkpoint file (no \"version\")");
  }
  if (doc["version"] != 1) {
    return Status::InvalidArgument(name + ": line 1: unsupported checkpoint version " +
                                   doc["version"].dump() + " (this lc reads version 1)");
  }
  if (!doc.contains("files") || !doc["files"].is_array()) {
    return Status::InvalidArgument(name + ": line 1: checkpoint has no \"files\" array");
  }
  int line = 1;
  for (const auto& f : doc["files"]) {
    line++;
    try {
      CheckpointEntry e;
      e.key = f.at("key").get<std::string>();
      e.path = f.at("path").get<std::string>();
      e.id.dev = f.at("dev").get<uint64_t>();
      e.id.ino = f.at("ino").get<uint64_t>();
      e.id.sig.len = f.at("sig_len").get<uint32_t>();
      e.id.sig.hash = std::stoull(f.at("sig").get<std::string>(), nullptr, 16);
      e.offset = f.at("offset").get<int64_t>();
      e.start = f.value("start", int64_t{0});
      e.size = f.value("size", int64_t{0});
      e.seen = f.value("seen", int64_t{0});
      if (e.offset < 0 || e.start < 0 || e.id.sig.len > kSignatureBytes) throw std::out_of_range("range");
      entries->push_back(std::move(e));
    } catch (const std::exception&) {
      return Status::InvalidArgument(
          fmt::format("{}: line {}: bad checkpoint entry {}", name, line, f.dump()));
    }
  }
  return Status::OK();
}

}  // namespace lc
