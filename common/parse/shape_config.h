// ShapeConfig: the "parser" and "multiline" objects of a collection config
// (lc-config(5)), which lc-render passes through to each watch and lc-tail
// applies to the watch's files: the record-shaping flags (shape_flags.h) as
// JSON, one member per flag.
//   "parser":    {"type": "json"|"regex"|"logfmt"|"delimiter"|"nginx"|"apache"|"none",
//                 "regex": "...", "delimiter": ",", "quote": "\"",
//                 "fields": ["a", "b"], "nginx_format": "...",
//                 "apache_format": "combined", "keep_body": false,
//                 "encoding": "gbk",  (lc-tail decodes the watch's files)
//                 "time_key": "ts", "time_format": "rfc3339", "time_zone": "UTC"}
//   "multiline": {"start": "REGEX" | "continue": "REGEX", "timeout": "3s",
//                 "max_lines": 1000, "max_bytes": 1048576}
// Errors name the member ("parser.regex: ..."), never a flag: a member this
// version does not know, a value of the wrong type, and whatever the flags
// would refuse (a regex or format that does not compile, a missing regex).
#ifndef LC_COMMON_PARSE_SHAPE_CONFIG_H_
#define LC_COMMON_PARSE_SHAPE_CONFIG_H_

#include <memory>
#include <string>

#include "common/base/status.h"
#include "common/parse/record_shaper.h"
#include "common/parse/shape_flags.h"

namespace lc {

// The flags the objects stand for (checked as JSON: members, types; what
// the flags themselves refuse is MakeShaperStatus's to say).
Status ShapeFlagsFromConfig(const std::string& parser_json, const std::string& multiline_json, ShapeFlags* out);

// `parser_json` and `multiline_json` are JSON objects' text, or "" for none.
// *out is null when they ask for nothing.
Status MakeShaperFromConfig(const std::string& parser_json, const std::string& multiline_json,
                            std::unique_ptr<RecordShaper>* out);

}  // namespace lc

#endif  // LC_COMMON_PARSE_SHAPE_CONFIG_H_
