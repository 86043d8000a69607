#include "common/tail/checkpoint.h"

#include <algorithm>

#include <fmt/format.h>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "common/json/json_escape.h"

namespace lc {

std::string EncodeCheckpoint(const std::vector<CheckpointEntry>& entries) {
  // Written by hand, not through a JSON DOM: lc-tail saves every few
  // seconds, and with 1000 files the DOM (an object, strings and a map per
  // entry) was 9% of its CPU following them at 1 MB/s.  The same text as
  // nlohmann's dump of those objects: members in key order, one per line.
  std::string out = "{\"version\":1,\"files\":[\n";
  out.reserve(out.size() + entries.size() * 256);
  for (size_t i = 0; i < entries.size(); i++) {
    const CheckpointEntry& e = entries[i];
    fmt::format_to(std::back_inserter(out), "{{\"dev\":{},\"ino\":{},\"key\":", e.id.dev, e.id.ino);
    AppendJsonString(&out, e.key);
    fmt::format_to(std::back_inserter(out), ",\"offset\":{},\"path\":", e.offset);
    AppendJsonString(&out, e.path);
    fmt::format_to(std::back_inserter(out), ",\"seen\":{},\"sig\":\"{:016x}\",\"sig_len\":{},\"size\":{},\"start\":{}}}",
                   e.seen, e.id.sig.hash, e.id.sig.len, e.size, e.start);
    out += i + 1 < entries.size() ? ",\n" : "\n";
  }
  out += "]}\n";
  return out;
}

namespace {

int LineOf(const std::string& text, size_t byte) {
  byte = std::min(byte, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(byte), '\n'));
}

// A JSON integer as T, else out_of_range: nlohmann's get<T>() of a float
// ("dev":1e21) or of an integer outside T is a cast with undefined
// behaviour, not an error (found by fuzz/checkpoint).
template <typename T>
T IntegerAs(const nlohmann::json& v) {
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<T>::max())) throw std::out_of_range("range");
    return static_cast<T>(u);
  }
  if (v.is_number_integer()) {
    int64_t i = v.get<int64_t>();
    if (i < 0 && (!std::is_signed<T>::value || i < static_cast<int64_t>(std::numeric_limits<T>::min()))) {
      throw std::out_of_range("range");
    }
    if (i > 0 && static_cast<uint64_t>(i) > static_cast<uint64_t>(std::numeric_limits<T>::max())) {
      throw std::out_of_range("range");
    }
    return static_cast<T>(i);
  }
  throw std::out_of_range("not an integer");
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
  } catch (const nlohmann::json::exception& e) {
    // A number too large for a double ("222e2222…") is out_of_range, not a
    // parse_error (found by fuzz/checkpoint): still a file that is not ours.
    return Status::InvalidArgument(name + ": line 1: not a checkpoint file (" + e.what() + ")");
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
      e.id.dev = IntegerAs<uint64_t>(f.at("dev"));
      e.id.ino = IntegerAs<uint64_t>(f.at("ino"));
      e.id.sig.len = IntegerAs<uint32_t>(f.at("sig_len"));
      e.id.sig.hash = std::stoull(f.at("sig").get<std::string>(), nullptr, 16);
      e.offset = IntegerAs<int64_t>(f.at("offset"));
      e.start = f.contains("start") ? IntegerAs<int64_t>(f["start"]) : 0;
      e.size = f.contains("size") ? IntegerAs<int64_t>(f["size"]) : 0;
      e.seen = f.contains("seen") ? IntegerAs<int64_t>(f["seen"]) : 0;
      if (e.offset < 0 || e.start < 0 || e.id.sig.len > kSignatureBytes) throw std::out_of_range("range");
      entries->push_back(std::move(e));
    } catch (const std::exception&) {
      return Status::InvalidArgument(
          fmt::format("{}: line {}: bad checkpoint entry {}", name, line,
                      f.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
    }
  }
  return Status::OK();
}

}  // namespace lc
