#include "common/parse/field_writer.h"

#include <cstring>

#include "common/json/json_escape.h"
#include "common/json/json_scan.h"
#include "common/json/json_unescape.h"

namespace lc {

bool FieldWriter::Reserved(std::string_view name) const {
  // Every parsed field of every line asks: the record's own names begin
  // with b, h, l or t, and are told apart by size before bytes (no memcmp
  // call for the common "time_local", "http_referer", "body_bytes_sent").
  size_t n = name.size();
  switch (n == 0 ? '\0' : name[0]) {
    case 't':
      if (n == 4 && name[1] == 'i' && name[2] == 'm' && name[3] == 'e') return true;
      break;
    case 'b':
      if (n == 4 && name[1] == 'o' && name[2] == 'd' && name[3] == 'y') return true;
      break;
    case 'h':
      if (n == 9 && name == "host.name") return true;
      break;
    case 'l':
      if ((n >= 3 && name[1] == 'c' && name[2] == '.') || (n >= 4 && name[1] == 'o' && name[2] == 'g' && name[3] == '.')) {
        return true;
      }
      break;
  }
  if (((tag_lengths_ >> (n & 63)) & 1) == 0) return false;
  for (const TagList* tags : {tags_a_, tags_b_}) {
    if (tags == nullptr) continue;
    for (const auto& kv : *tags) {
      if (kv.first == name) return true;
    }
  }
  return false;
}

void FieldWriter::AppendName(std::string_view name) {
  out_.append(",\"");
  size_t underscores = 0;
  if (Reserved(name)) {
    scratch_.assign(name);
    do {
      scratch_.insert(scratch_.begin(), '_');
      underscores++;
    } while (Reserved(scratch_));
  }
  out_.append(underscores, '_');
  if (!AppendJsonEscaped(&out_, name.data(), name.size())) lossy_ = true;
  out_.append("\":");
}

void FieldWriter::AppendPlain(std::string_view name, std::string_view value, bool open_quote, bool close_quote) {
  // Six small appends cost more than sizing once and copying.
  size_t at = out_.size();
  out_.resize(at + 4 + name.size() + value.size() + open_quote + close_quote);
  char* o = &out_[at];
  *o++ = ',';
  *o++ = '"';
  std::memcpy(o, name.data(), name.size());
  o += name.size();
  *o++ = '"';
  *o++ = ':';
  if (open_quote) *o++ = '"';
  std::memcpy(o, value.data(), value.size());
  o += value.size();
  if (close_quote) *o = '"';
}

bool FieldWriter::PlainName(std::string_view name) {
  return JsonPlainPrefix(name.data(), name.size()) == name.size();
}

void FieldWriter::AddString(std::string_view name, std::string_view value, NameIs name_is) {
  NoteTime(name, value, false);
  // Most values are plain ASCII, copied in one piece with the name; only
  // from the first byte that needs escaping on is the slow path taken.
  size_t plain = JsonPlainPrefix(value.data(), value.size());
  bool done = plain == value.size();
  if (!Reserved(name) && (name_is == NameIs::kPlain || PlainName(name))) {
    AppendPlain(name, value.substr(0, plain), true, done);
    if (done) return;
  } else {
    AppendName(name);
    out_.push_back('"');
    out_.append(value.data(), plain);
  }
  if (!AppendJsonEscaped(&out_, value.data() + plain, value.size() - plain)) lossy_ = true;
  out_.push_back('"');
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
  if (is_string) out_.push_back('"');
  out_.append(value);
  if (is_string) out_.push_back('"');
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
  out_.append(",\"lc.time_error\":\"");
  AppendJsonEscaped(&out_, why.data(), why.size());
  out_.push_back('"');
}

void FieldWriter::SetError(std::string_view why) {
  out_.assign(",\"lc.parse_error\":\"");
  lossy_ = false;
  AppendJsonEscaped(&out_, why.data(), why.size());
  out_.push_back('"');
}

}  // namespace lc
