// TextDecoder: converts text in a named encoding (any name glibc iconv(3)
// knows: gbk, gb18030, big5, shift_jis, euc-jp, euc-kr, utf-16, utf-16le,
// utf-16be, latin1, windows-1252, ...) to UTF-8, for --encoding.
//
// Contracts:
//  - UTF-8 ("utf-8", "utf8", any case) is no decoder at all: IsUtf8 says so
//    and callers keep the bytes as they are (today's path, zero cost).
//  - An unknown name is InvalidArgument `unknown encoding "NAME"`.
//  - Decode is stateless per call (the converter starts from its initial
//    shift state each time): callers decode whole lines, or pieces that end
//    on character boundaries (what Decode consumed).
//  - An invalid sequence becomes one U+FFFD per code unit skipped (one per
//    byte for byte encodings, one per 2-byte unit for UTF-16, 4 for
//    UTF-32), and decoding goes on: nothing is dropped silently, nothing
//    stops.  A character cut at the end is left unconsumed, unless `final`:
//    then each of its units is a U+FFFD too.
//  - Byte order marks: "utf-16" (and "utf-32") without a BOM is
//    little-endian; Bom() at the start of a file picks the order from a
//    BOM and says how many bytes to skip, so no record starts with it.
//    utf-16le/utf-16be skip their own BOM.  Other encodings have none.
#ifndef LC_COMMON_BASE_TEXT_DECODER_H_
#define LC_COMMON_BASE_TEXT_DECODER_H_

#include <iconv.h>

#include <memory>
#include <string>

#include "common/base/status.h"

namespace lc {

class TextDecoder {
 public:
  static bool IsUtf8(const std::string& name);
  // Checks `name` and opens a converter from it to UTF-8.
  static Status Open(const std::string& name, std::unique_ptr<TextDecoder>* out);
  // Whether `name` is UTF-16 or UTF-32 (a per-line decoder cannot know
  // where such a line starts: lc-stdout refuses them).
  static bool IsWide(const std::string& name);
  ~TextDecoder();
  TextDecoder(const TextDecoder&) = delete;
  TextDecoder& operator=(const TextDecoder&) = delete;

  // '\n' in this encoding (1, 2 or 4 bytes): lines end at this code unit,
  // aligned on the unit's width from the line's start.
  const std::string& newline() const { return newline_; }
  size_t unit() const { return newline_.size(); }
  // Whether a file's first bytes may hold a BOM this decoder skips.
  bool has_bom() const { return bom_order_ || !bom_.empty(); }
  // The longest BOM Bom() looks for.
  size_t bom_bytes() const { return bom_order_ ? unit() : bom_.size(); }
  // The BOM at the start of a file (`p`, n bytes of it): for "utf-16" the
  // byte order it names is taken.  The bytes to skip (0: none).
  size_t Bom(const char* p, size_t n);
  // Appends the UTF-8 of [p, p+n) to *out; returns the bytes consumed (all
  // of them if `final`).
  size_t Decode(const char* p, size_t n, bool final, std::string* out);

 private:
  TextDecoder() = default;
  Status OpenAs(const std::string& iconv_name);

  iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
  std::string newline_ = "\n";
  std::string bom_;          // the BOM skipped (utf-16le: FF FE), or ""
  bool bom_order_ = false;   // "utf-16"/"utf-32": the BOM picks the byte order
  std::string base_;         // "UTF-16"/"UTF-32" for bom_order_
};

}  // namespace lc

#endif  // LC_COMMON_BASE_TEXT_DECODER_H_
