#include "common/ship/batch.h"

#include <cstring>

#include <nlohmann/json.hpp>

#include "common/stream/commit_file.h"

namespace lc {

std::vector<std::string_view> Batch::Views() const {
  std::vector<std::string_view> v;
  v.reserve(spans.size());
  for (size_t i = 0; i < spans.size(); i++) v.push_back(at(i));
  return v;
}

bool FindCursor(std::string_view r, std::string* scratch, std::string_view* key, int64_t* offset) {
  // `"lc.cursor":"` cannot occur inside a JSON string (its quotes would be
  // escaped there), so a match is a key; the last one is the top-level field
  // lc-tail writes last, so the search goes backwards from quote to quote.
  static constexpr std::string_view kField = "\"lc.cursor\":\"";
  // The usual case, a record as lc-tail and lc-stdout write it, ends
  // `"lc.cursor":"<key>:<offset>"}` with no escapes in the cursor.
  if (r.size() > kField.size() + 2 && r.substr(r.size() - 2) == "\"}") {
    const char* open = static_cast<const char*>(memrchr(r.data(), '"', r.size() - 2));
    size_t at = open == nullptr ? 0 : static_cast<size_t>(open - r.data()) + 1;
    size_t vlen = r.size() - 2 - at;
    if (at >= kField.size() && r.substr(at - kField.size(), kField.size()) == kField &&
        memchr(r.data() + at, '\\', vlen) == nullptr) {
      return SplitCursor(r.substr(at, vlen), key, offset);
    }
  }
  size_t at = r.size();
  for (;;) {
    const void* q = at == 0 ? nullptr : memrchr(r.data(), '"', at);
    if (q == nullptr) return false;
    at = static_cast<size_t>(static_cast<const char*>(q) - r.data());
    if (r.size() - at >= kField.size() && memcmp(r.data() + at, kField.data(), kField.size()) == 0) break;
  }
  size_t start = at + kField.size(), end = start;
  bool escaped = false;
  for (; end < r.size(); end++) {
    char c = r[end];
    if (c == '"') break;
    if (c == '\\') {
      escaped = true;
      end++;
    }
  }
  if (end >= r.size()) return false;
  if (!escaped) return SplitCursor(r.substr(start, end - start), key, offset);
  nlohmann::json j = nlohmann::json::parse(r.substr(start - 1, end - start + 2), nullptr, false);
  if (!j.is_string()) return false;
  *scratch = j.get<std::string>();
  return SplitCursor(std::string_view(*scratch), key, offset);
}

bool LooksLikeJsonObject(std::string_view r) {
  size_t b = r.find_first_not_of(" \t\r");
  size_t e = r.find_last_not_of(" \t\r");
  return b != std::string_view::npos && r[b] == '{' && r[e] == '}';
}

bool BatchBuilder::Add(std::string_view record, int64_t mono_now) {
  if (batch_.empty()) {
    batch_.first_mono = mono_now;
    batch_.data.reserve(limits_.max_bytes + (limits_.max_bytes >> 3));
  }
  batch_.spans.emplace_back(static_cast<uint32_t>(batch_.data.size()), static_cast<uint32_t>(record.size()));
  batch_.data.append(record.data(), record.size());
  batch_.data.push_back('\n');
  int64_t offset;
  std::string_view key;
  if (!FindCursor(record, &key_, &key, &offset)) return false;
  auto& lc = batch_.last_cursors;
  // Records of one source come in runs: try the previous source first.
  if (last_source_ < lc.size() && lc[last_source_].first == key) {
    lc[last_source_].second = offset;
    return true;
  }
  auto [it, added] = index_.try_emplace(std::string(key), lc.size());
  last_source_ = it->second;
  if (added) {
    lc.emplace_back(std::string(key), offset);
  } else {
    lc[last_source_].second = offset;
  }
  return true;
}

Batch BatchOf(const std::vector<std::string_view>& records) {
  BatchLimits limits;
  limits.max_bytes = records.size();
  for (auto r : records) limits.max_bytes += r.size();
  BatchBuilder builder(limits);
  for (auto r : records) builder.Add(r, 0);
  return builder.Take();
}

Batch BatchBuilder::Take() {
  Batch b = std::move(batch_);
  b.seq = next_seq_++;
  batch_ = Batch();
  index_.clear();
  last_source_ = 0;
  return b;
}

}  // namespace lc
