#include "common/parse/field_writer.h"

#include <cstring>

#include "common/json/json_escape.h"
#include "common/json/json_scan.h"
#include "common/json/json_unescape.h"

namespace lc {

bool FieldWriter::IsTagName(std::string_view name) const {
  for (const TagList* tags : {tags_a_, tags_b_}) {
    if (tags == nullptr) continue;
    for (const auto& kv : *tags) {
      if (kv.first == name) return true;
    }
  }
  return false;
}

char* FieldWriter::Grow(size_t n) {
  size_t cap = cap_ < 256 ? 256 : cap_;
  while (cap - len_ < n) cap *= 2;
  std::unique_ptr<char[]> bigger(new char[cap]);
  if (len_ > 0) std::memcpy(bigger.get(), buf_.get(), len_);
  buf_ = std::move(bigger);
  cap_ = cap;
  return buf_.get() + len_;
}

void FieldWriter::AppendEscaped(const char* p, size_t n) {
  bool valid = true;
  char* d = Room(kJsonEscapeExpansion * n);
  Commit(EscapeJson(d, p, n, &valid));
  if (!valid) lossy_ = true;
}

void FieldWriter::AppendName(std::string_view name) {
  Append(",\"", 2);
  size_t underscores = 0;
  if (Reserved(name)) {
    scratch_.assign(name);
    do {
      scratch_.insert(scratch_.begin(), '_');
      underscores++;
    } while (Reserved(scratch_));
  }
  char* d = Room(underscores);
  std::memset(d, '_', underscores);
  Commit(d + underscores);
  AppendEscaped(name.data(), name.size());
  Append("\":", 2);
}

bool FieldWriter::PlainName(std::string_view name) {
  return JsonPlainPrefix(name.data(), name.size()) == name.size();
}

void FieldWriter::AddStringSlow(std::string_view name, std::string_view value, NameIs name_is, size_t plain) {
  NoteTime(name, value, false);
  // Even here most of the value is often plain, copied in one piece with
  // the name; only from the first byte that needs escaping on is it escaped.
  bool done = plain == value.size();
  if (!Reserved(name) && (name_is == NameIs::kPlain || PlainName(name))) {
    AppendPlain(name, value.substr(0, plain), true, done);
    if (done) return;
  } else {
    AppendName(name);
    Append("\"", 1);
    Append(value.data(), plain);
  }
  AppendEscaped(value.data() + plain, value.size() - plain);
  Append("\"", 1);
}

void FieldWriter::AddJson(std::string_view name, bool name_escaped, std::string_view value,
                          bool is_string) {
  if (name_escaped || Reserved(name)) {
    std::string text = JsonUnescape(name);  // rare: escaped or colliding names
    NoteTime(text, value, is_string);
    AppendName(text);
  } else {
    // The common case: a plain name, copied as it is (already valid JSON),
    // with its value, in one piece.
    NoteTime(name, value, is_string);
    AppendPlain(name, value, is_string, is_string);
    return;
  }
  if (is_string) Append("\"", 1);
  Append(value.data(), value.size());
  if (is_string) Append("\"", 1);
}

void FieldWriter::RememberTime(std::string_view value, bool json_escaped) {
  time_found_ = true;
  if (json_escaped && value.find('\\') != std::string_view::npos) {
    time_value_ = JsonUnescape(value);  // rare: a time with an escape
  } else {
    time_value_.assign(value);  // reuses the buffer: no allocation once grown
  }
}

void FieldWriter::AddTimeError(std::string_view why) {
  constexpr char kOpen[] = ",\"lc.time_error\":\"";
  Append(kOpen, sizeof kOpen - 1);
  AppendEscaped(why.data(), why.size());
  Append("\"", 1);
}

void FieldWriter::SetError(std::string_view why) {
  constexpr char kOpen[] = ",\"lc.parse_error\":\"";
  len_ = 0;
  Append(kOpen, sizeof kOpen - 1);
  AppendEscaped(why.data(), why.size());
  lossy_ = false;
  Append("\"", 1);
}

}  // namespace lc
