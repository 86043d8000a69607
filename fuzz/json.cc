// Fuzz target: the JSON pieces of the hot paths (common/json): the field
// scanner over a record, the string unescaper, the escaper, whose output
// must unescape back to its input when that input was valid UTF-8, and the
// strict object check, whose verdict must be the reference validator's.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "common/json/json_escape.h"
#include "common/json/json_fields.h"
#include "common/json/json_unescape.h"
#include "common/json/json_validate.h"
#include "testing/reference_json_validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* p = reinterpret_cast<const char*>(data);
  std::string_view text(p, size);

  lc::ForEachJsonMember(text, [&](const lc::JsonMember& m) {
    if (m.key.data() < p || m.key.data() + m.key.size() > p + size) abort();
    if (m.value.data() < p || m.value.data() + m.value.size() > p + size) abort();
    m.KeyText();
    m.ValueText();
    m.KeyIs("lc.cursor");
    return true;
  });

  if (lc::IsJsonObject(text) != lc::ReferenceIsJsonObject(text)) abort();

  std::string out;
  size_t end = lc::UnescapeJsonString(p, size, &out);
  if (end > size) abort();
  lc::JsonUnescape(text);

  // Escape, then read back: a string of valid UTF-8 comes back exactly.
  std::string esc = "\"";
  bool valid = lc::AppendJsonEscaped(&esc, p, size);
  esc += '"';
  std::string back;
  if (lc::UnescapeJsonString(esc.data() + 1, esc.size() - 1, &back) != esc.size() - 1) abort();
  if (valid && back != std::string(p, size)) abort();
  std::vector<char> room(lc::kJsonEscapeExpansion * size + 1);
  bool v2 = true;
  char* e = lc::EscapeJson(room.data(), p, size, &v2);
  if (v2 != valid || std::string_view(room.data(), static_cast<size_t>(e - room.data())) !=
                         std::string_view(esc).substr(1, esc.size() - 2)) {
    abort();  // the pointer form and the string form agree
  }
  return 0;
}
