// Cursor: where a record ends in its source, the "lc.cursor" field of every
// record and the unit of the commit file (lc-streams(7), CURSORS).
//
// Text form "<source key>:<offset>": the source key is opaque to everyone but
// the reader that wrote it and may itself contain ':' (lc-tail's keys are
// "<dev>:<inode>:<signature>"), so the offset is what follows the LAST ':';
// it is the decimal byte offset just past the record, at most INT64_MAX, with
// no sign, no blanks, and at least one digit.  The key may be empty.
//
// This is the one parser and the one formatter of that text.  The record
// writers render the key part once per file and append the digits per
// record themselves (record_writer.h): the text they write is this format.
#ifndef LC_COMMON_CURSOR_H_
#define LC_COMMON_CURSOR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/status.h"

namespace lc {

struct Cursor {
  std::string key;
  int64_t offset = 0;

  // The cursor's text, "<key>:<offset>".
  std::string ToString() const;
  void AppendTo(std::string* out) const;

  // InvalidArgument, saying what is wrong and quoting `text`, when `text` is
  // not a cursor.
  static Status Parse(std::string_view text, Cursor* out);

  // The parser without a copy or a message, for hot paths: `*key` is a view
  // into `text`.  False when `text` is not a cursor.
  static bool Split(std::string_view text, std::string_view* key, int64_t* offset);

  bool operator==(const Cursor& o) const { return offset == o.offset && key == o.key; }
  bool operator!=(const Cursor& o) const { return !(*this == o); }
};

}  // namespace lc

#endif  // LC_COMMON_CURSOR_H_
