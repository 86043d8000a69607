// ShapeFlags: the record-shaping flags, the same in lc-tail and lc-stdout
// (lc-tail(1), PARSING AND MULTILINE): --parser, --regex, --delimiter,
// --quote, --fields, --nginx-format, --apache-format, --keep-body, --multiline-start, --multiline-continue,
// --multiline-timeout, --multiline-max-lines, --multiline-max-bytes;
// --encoding; --time-key, --time-format, --time-zone (the record's time from a field).
//
// AddShapeFlags declares them on a CLI11 app; MakeShaper checks them and
// builds the RecordShaper (null for --parser none without multiline).  A
// bad value -- a regex that does not compile (the pattern and the offset
// are shown), a delimiter that is not one character, a bad duration -- is
// printed as "<tool>: <flag>: <why>" and MakeShaper returns false: the
// tool exits 2.
#ifndef LC_COMMON_PARSE_SHAPE_FLAGS_H_
#define LC_COMMON_PARSE_SHAPE_FLAGS_H_

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/parse/access_log_format.h"
#include "common/parse/record_shaper.h"

namespace lc {

struct ShapeFlags {
  std::string parser = "none", regex, delimiter = ",", quote = "\"", fields;
  std::string nginx_format = kNginxCombined, apache_format = "combined";
  bool keep_body = false;
  std::string multiline_start, multiline_continue, multiline_timeout = "3s";
  size_t multiline_max_lines = 1000, multiline_max_bytes = 1 << 20;
  // --encoding: the source's encoding (common/base/text_decoder.h); checked
  // by MakeShaper (unknown: "--encoding: unknown encoding \"x\""; lc-stdout
  // decodes each message alone and refuses UTF-16/32).
  std::string encoding = "utf-8";
  // The time field (record_shaper.h, time_format.h).
  std::string time_key, time_format = "rfc3339", time_zone = "UTC";
};

void AddShapeFlags(CLI::App& app, ShapeFlags* flags);

// The command-line arguments ("--regex=...", the "=" form) that give
// `flags`, leaving out what is a default: how lc-agent hands a config's
// parser and multiline objects to lc-tail and lc-stdout.
std::vector<std::string> ShapeFlagArgs(const ShapeFlags& flags);

// Prints the error and returns false on a bad flag.
bool MakeShaper(const char* tool, const ShapeFlags& flags, std::unique_ptr<RecordShaper>* out);

// The same as a Status: InvalidArgument "<flag>: <why>".
Status MakeShaperStatus(const ShapeFlags& flags, std::unique_ptr<RecordShaper>* out);

}  // namespace lc

#endif  // LC_COMMON_PARSE_SHAPE_FLAGS_H_
