// Reporter: where a tool's diagnostics go.  The engines below the mains
// (the Tailer, for lc-tail and for lc-stdout) report through the one their
// tool passes in, so every message is "<tool>: <message>" with the name of
// the tool the operator ran (lc-tail(1), DESCRIPTION).  Tests subclass it to
// collect the messages.
#ifndef LC_COMMON_TAIL_REPORTER_H_
#define LC_COMMON_TAIL_REPORTER_H_

#include <cstdio>
#include <string>
#include <utility>

namespace lc {

class Reporter {
 public:
  explicit Reporter(std::string tool) : tool_(std::move(tool)) {}
  virtual ~Reporter() = default;
  // Writes "<tool>: <message>\n" to stderr.
  virtual void Report(const std::string& message) {
    fprintf(stderr, "%s: %s\n", tool_.c_str(), message.c_str());
  }
  const std::string& tool() const { return tool_; }

 private:
  std::string tool_;
};

}  // namespace lc

#endif  // LC_COMMON_TAIL_REPORTER_H_
