// WatchSource: a set of path patterns that share a container root, tags and
// a start rule: the command line's paths, one watch of lc-streams(7), WATCH
// EVENTS, or one container of lc-stdout (container_log_source.h).  A Tailer
// follows the files its sources match.
#ifndef LC_COMMON_TAIL_WATCH_SOURCE_H_
#define LC_COMMON_TAIL_WATCH_SOURCE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lc {

struct WatchSource {
  std::string key;                 // "" for the command line; the watch key otherwise
  std::vector<std::string> paths;  // globs: * ? [..] and **
  std::vector<std::string> excludes;
  std::string root;                // container root for symlink resolution (file_system.h)
  std::vector<std::pair<std::string, std::string>> tags;
  std::string from;                // "", "head" or "tail": overrides TailOptions for this source
  // Lines dated before this (ns) are history from before this process
  // started: on a first run a file of this source skips them (lc-stdout,
  // a container already running; start_position.h).  0: none.
  int64_t since = 0;
  bool pinned = false;             // from the command line: never dropped by a sync
  // A collection config's "parser" and "multiline" objects (JSON text, or
  // ""), applied to this source's files by the parsing stage
  // (parse/shape_config.h) instead of the command line's.
  std::string parser, multiline;
};

}  // namespace lc

#endif  // LC_COMMON_TAIL_WATCH_SOURCE_H_
