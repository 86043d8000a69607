// SinkMessage: how lc-ship words a message about a sink, so that each names
// the sink once.  A sink's error usually names its place already (a file
// sink's path, an HTTP sink's URL: "http://h/i: Couldn't connect"); the
// sender's own words ("resending 3 records") must not name it again
// ("lc-ship: http://h/i: http://h/i: Couldn't connect", issue 13).
#ifndef LC_COMMON_SHIP_SINK_MESSAGE_H_
#define LC_COMMON_SHIP_SINK_MESSAGE_H_

#include <string>

namespace lc {

// "" when `why` already names a place (it holds `sink`, or one of its
// ": "-separated fields is a URL, "scheme://..." without a blank), else
// "<sink>: ".  A message
// is then SinkPrefix(sink, why) + <what happened> + why.
std::string SinkPrefix(const std::string& sink, const std::string& why);

}  // namespace lc

#endif  // LC_COMMON_SHIP_SINK_MESSAGE_H_
