// WatchEvent: the watch stream of lc-streams(7), WATCH EVENTS, which
// lc-render writes and lc-tail reads (--watches):
//   {"event":"add","key":K,"paths":[...],"excludes":[...],"root":R,"tags":{...},"from":"head",
//    "parser":{...},"multiline":{...}}
//   {"event":"remove","key":K}
//   {"event":"sync","keys":[...]}
// DecodeWatchEvent and AppendWatchEvent are its one decoder and encoder
// (Tailer::ApplyWatchEvent, in tail/, follows what they describe).
// "parser" and "multiline" (from a collection config, lc-config(5)) are
// carried as JSON text; lc-tail does not act on them yet.  Fields this
// version does not know are ignored.
#ifndef LC_COMMON_WATCH_EVENT_H_
#define LC_COMMON_WATCH_EVENT_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/status.h"

namespace lc {

struct WatchEvent {
  enum Type { kAdd, kRemove, kSync };
  Type type = kAdd;
  std::string key;                    // add, remove: the watch's key (not empty)
  std::vector<std::string> paths;     // add: absolute globs, at least one
  std::vector<std::string> excludes;  // add: globs
  std::string root;                   // add: the container's root, or ""
  std::vector<std::pair<std::string, std::string>> tags;  // add: sorted by name
  std::string from;                   // add: "", "head" or "tail"
  std::string parser;                 // add: a JSON object's text, or ""
  std::string multiline;              // add: a JSON object's text, or ""
  std::vector<std::string> keys;      // sync: every live watch, sorted

  bool operator==(const WatchEvent& o) const {
    return type == o.type && key == o.key && paths == o.paths && excludes == o.excludes &&
           root == o.root && tags == o.tags && from == o.from && parser == o.parser &&
           multiline == o.multiline && keys == o.keys;
  }
};

// InvalidArgument says what is wrong with the event.  A tag whose value is
// not a string keeps its JSON text.
Status DecodeWatchEvent(std::string_view line, WatchEvent* out);
// Appends the event as one line with its newline, keys sorted.
void AppendWatchEvent(const WatchEvent& e, std::string* out);

}  // namespace lc

#endif  // LC_COMMON_WATCH_EVENT_H_
