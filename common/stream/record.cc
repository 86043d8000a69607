#include "common/stream/record.h"

#include <cstring>

#include <nlohmann/json.hpp>

#include "common/base/digit_pairs.h"
#include "common/json/json_escape.h"

namespace lc {
namespace {

// Strict standard base64 (with padding, no blanks).  False on anything else.
bool DecodeBase64(std::string_view in, std::string* out) {
  static const signed char* table = [] {
    static signed char t[256];
    memset(t, -1, sizeof t);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; i++) t[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
    return t;
  }();
  if (in.size() % 4 != 0) return false;
  size_t pad = 0;
  while (pad < 2 && pad < in.size() && in[in.size() - 1 - pad] == '=') pad++;
  out->clear();
  out->reserve(in.size() / 4 * 3);
  uint32_t acc = 0;
  for (size_t i = 0; i < in.size() - pad; i++) {
    int v = table[static_cast<unsigned char>(in[i])];
    if (v < 0) return false;
    acc = acc << 6 | static_cast<uint32_t>(v);
    if (i % 4 == 3) {
      out->push_back(static_cast<char>(acc >> 16));
      out->push_back(static_cast<char>(acc >> 8));
      out->push_back(static_cast<char>(acc));
      acc = 0;
    }
  }
  // The bits of a padded quantum that no byte carries must be zero.
  if (pad == 1) {
    if (acc & 0x3) return false;
    out->push_back(static_cast<char>(acc >> 10));
    out->push_back(static_cast<char>(acc >> 2));
  } else if (pad == 2) {
    if (acc & 0xf) return false;
    out->push_back(static_cast<char>(acc >> 4));
  }
  return true;
}

}  // namespace

const std::string* Record::Field(std::string_view name) const {
  for (const RecordField& f : fields) {
    if (f.is_string && f.name == name) return &f.value;
  }
  return nullptr;
}

Status DecodeRecord(std::string_view line, Record* out) {
  using json = nlohmann::ordered_json;
  json j = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidArgument("record: not a JSON object (one valid UTF-8 JSON object per line)");
  }
  Record r;
  bool has_time = false, has_body = false, has_base64 = false;
  std::string base64;
  for (auto& [name, value] : j.items()) {
    if (name == record_field::kTime) {
      if (!value.is_string()) return Status::InvalidArgument("record: \"time\" is not a string");
      r.time = value.get<std::string>();
      has_time = true;
    } else if (name == record_field::kBody) {
      if (!value.is_string()) return Status::InvalidArgument("record: \"body\" is not a string");
      r.body = value.get<std::string>();
      has_body = true;
    } else if (name == record_field::kTruncated) {
      if (!value.is_boolean()) return Status::InvalidArgument("record: \"lc.truncated\" is not true or false");
      r.truncated = value.get<bool>();
    } else if (name == record_field::kBodyBase64) {
      if (!value.is_string()) return Status::InvalidArgument("record: \"lc.body_base64\" is not a string");
      base64 = value.get<std::string>();
      has_base64 = true;
    } else if (name == record_field::kParseError) {
      if (!value.is_string()) return Status::InvalidArgument("record: \"lc.parse_error\" is not a string");
      r.parse_error = value.get<std::string>();
    } else if (name == record_field::kCursor) {
      if (!value.is_string()) return Status::InvalidArgument("record: \"lc.cursor\" is not a string");
      Status s = Cursor::Parse(value.get<std::string>(), &r.cursor);
      if (!s.ok()) return Status::InvalidArgument("record: \"lc.cursor\": " + s.message());
      r.has_cursor = true;
    } else if (value.is_string()) {
      r.fields.push_back({name, value.get<std::string>(), true});
    } else {
      r.fields.push_back({name, value.dump(), false});
    }
  }
  if (!has_time) return Status::InvalidArgument("record without a \"time\"");
  if (!has_body) return Status::InvalidArgument("record without a \"body\"");
  if (has_base64 && !DecodeBase64(base64, &r.body)) {
    return Status::InvalidArgument("record: \"lc.body_base64\" is not standard base64");
  }
  *out = std::move(r);
  return Status::OK();
}

void AppendRecord(const Record& r, std::string* out) {
  out->append("{\"time\":");
  AppendJsonString(out, r.time);
  out->append(",\"body\":\"");
  size_t at = out->size();
  out->resize(at + BodyFieldsMax(r.body.size()));
  char* end = WriteBodyFields(&(*out)[at], r.body.data(), r.body.size(), r.truncated);
  out->resize(static_cast<size_t>(end - out->data()));
  if (!r.parse_error.empty()) {
    out->append(",\"lc.parse_error\":");
    AppendJsonString(out, r.parse_error);
  }
  for (const RecordField& f : r.fields) {
    out->push_back(',');
    AppendJsonString(out, f.name);
    out->push_back(':');
    if (f.is_string) {
      AppendJsonString(out, f.value);
    } else {
      out->append(f.value);
    }
  }
  if (r.has_cursor) {
    out->append(",\"lc.cursor\":\"");
    AppendJsonEscaped(out, r.cursor.key);
    out->push_back(':');
    out->append(std::to_string(r.cursor.offset));
    out->push_back('"');
  }
  out->append("}\n");
}

bool FindCursor(std::string_view r, std::string* scratch, std::string_view* key, int64_t* offset) {
  // `"lc.cursor":"` cannot occur inside a JSON string (its quotes would be
  // escaped there), so a match is a key; the last one is the top-level field
  // the writers put last, so the search goes backwards from quote to quote.
  static constexpr std::string_view kField = "\"lc.cursor\":\"";
  // The usual case, a record as lc-tail and lc-stdout write it, ends
  // `"lc.cursor":"<key>:<offset>"}` with no escapes in the cursor.
  if (r.size() > kField.size() + 2 && r.substr(r.size() - 2) == "\"}") {
    const char* open = static_cast<const char*>(memrchr(r.data(), '"', r.size() - 2));
    size_t at = open == nullptr ? 0 : static_cast<size_t>(open - r.data()) + 1;
    size_t vlen = r.size() - 2 - at;
    if (at >= kField.size() && r.substr(at - kField.size(), kField.size()) == kField &&
        memchr(r.data() + at, '\\', vlen) == nullptr) {
      return Cursor::Split(r.substr(at, vlen), key, offset);
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
  if (!escaped) return Cursor::Split(r.substr(start, end - start), key, offset);
  nlohmann::json j = nlohmann::json::parse(r.substr(start - 1, end - start + 2), nullptr, false);
  if (!j.is_string()) return false;
  *scratch = j.get<std::string>();
  return Cursor::Split(std::string_view(*scratch), key, offset);
}

char* WriteBodyFields(char* d, const char* p, size_t n, bool truncated) {
  bool valid = true;
  d = EscapeJson(d, p, n, &valid);
  *d++ = '"';
  if (truncated) {
    memcpy(d, ",\"lc.truncated\":true", 20);
    d += 20;
  }
  if (!valid) {
    memcpy(d, ",\"lc.body_base64\":\"", 19);
    d = WriteBase64(d + 19, p, n);
    *d++ = '"';
  }
  return d;
}

char* WriteRecordEnd(char* d, const std::string& suffix, int64_t end) {
  // The digits end at num + 24; the 20 bytes after them keep the fixed-size
  // copy below inside the array.
  unsigned char num_bytes[44];
  char* num = reinterpret_cast<char*>(num_bytes);
  char* e = num + 24;
  char* q = e;
  uint64_t v = static_cast<uint64_t>(end);
  while (v >= 100) {
    q -= 2;
    WriteTwoDigits(q, static_cast<unsigned>(v % 100));
    v /= 100;
  }
  if (v >= 10) {
    q -= 2;
    WriteTwoDigits(q, static_cast<unsigned>(v));
  } else {
    *--q = static_cast<char>('0' + v);
  }
  size_t numlen = static_cast<size_t>(e - q);
  memcpy(d, suffix.data(), suffix.size());
  d += suffix.size();
  // A fixed 20 bytes (the most digits an int64 has, all within num) is one
  // pair of moves, not a call; RecordEndMax leaves room for them.
  memcpy(d, q, 20);
  memcpy(d + numlen, "\"}\n", 3);
  return d + numlen + 3;
}

}  // namespace lc
