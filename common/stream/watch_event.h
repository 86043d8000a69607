// WatchEvent: the watch events of lc-streams(7), WATCH EVENTS (from lc-render) applied
// to a Tailer:
//   {"event":"add","key":K,"paths":[...],"root":R,"tags":{...},"from":"head"}
//   {"event":"remove","key":K}
//   {"event":"sync","keys":[...]}
// Unknown fields (parser, multiline) are ignored here.
#ifndef LC_COMMON_WATCH_EVENT_H_
#define LC_COMMON_WATCH_EVENT_H_

#include <string>

#include "common/base/status.h"
#include "common/tail/tailer.h"

namespace lc {

// InvalidArgument says what is wrong with the event.
Status ApplyWatchEvent(Tailer* tailer, const std::string& line);

}  // namespace lc

#endif  // LC_COMMON_WATCH_EVENT_H_
