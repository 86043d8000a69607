// Fuzz target: syslog from the network (lc-listen): the TCP framer (octet
// counting and newline framing, with its size bound) fed the stream whole
// and cut in two at a point the input chooses, which must frame alike (a
// sender's bytes arrive in any pieces), and each frame through the RFC
// 3164 / 5424 parser, whose views must lie inside the frame.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "common/listen/syslog_framer.h"
#include "common/listen/syslog_parser.h"

namespace {

std::vector<std::string> Frames(std::string_view in, size_t cut) {
  lc::SyslogFramer framer(256);
  std::vector<std::string> out;
  auto emit = [&](std::string_view msg, bool truncated) { out.push_back(std::string(msg) + (truncated ? "\x01" : "")); };
  framer.Feed(in.substr(0, cut), emit);
  framer.Feed(in.substr(cut), emit);
  framer.Finish(emit);
  return out;
}

bool Inside(std::string_view part, std::string_view whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  size_t cut = in.empty() ? 0 : data[0] % (in.size() + 1);
  std::vector<std::string> whole = Frames(in, in.size());
  if (whole != Frames(in, cut)) abort();  // framing does not depend on how the bytes came
  for (const std::string& f : whole) {
    lc::SyslogMessage m;
    std::string_view frame(f);
    bool ok = lc::ParseSyslog(frame, 1'764'000'000'000'000'000, &m);
    if (!ok && m.error == nullptr) abort();
    for (std::string_view part : {m.host, m.app_name, m.proc_id, m.msg_id, m.structured_data, m.msg}) {
      if (!Inside(part, frame)) abort();
    }
    if (ok && (m.facility < 0 || m.facility > 23 || m.severity < 0 || m.severity > 7)) abort();
  }
  lc::SyslogMessage m;
  lc::ParseSyslog(in, 0, &m);  // a UDP datagram: the input as one message
  return 0;
}
