// Command-line conventions shared by every cmd/lc-*/main.cc (CLI11):
// --help to stdout and exit 0, --version, and exit 2 with
// "<tool>: <reason>" on stderr for any usage error.
#ifndef LC_COMMON_CLI_H_
#define LC_COMMON_CLI_H_

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/base/duration.h"

#define LC_VERSION "0.1.0"

namespace lc {

// Prepares `app` for the conventions above.
inline void SetupCli(CLI::App& app) {
  app.set_version_flag("--version", std::string("lc ") + LC_VERSION);
}

// Parses argv.  Returns -1 to go on, or the status to exit with.
inline int ParseCli(CLI::App& app, const char* tool, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::printf("%s", app.help().c_str());
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::printf("%s\n", app.version().c_str());
    return 0;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "%s: %s\n", tool, e.what());
    return 2;
  }
  return -1;
}

// Splits "KEY=VALUE" flags; false (and a message) if one has no '='.
inline bool ParseKeyValues(const std::vector<std::string>& in, const char* tool, const char* flag,
                           std::vector<std::pair<std::string, std::string>>* out) {
  for (const std::string& kv : in) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::fprintf(stderr, "%s: %s '%s': want KEY=VALUE\n", tool, flag, kv.c_str());
      return false;
    }
    out->emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return true;
}

// A DURATION flag ("500ms", "5m"): its name, its text, where the value goes.
struct DurationFlag {
  const char* flag;
  const std::string* text;
  int64_t* nanos;
  bool positive = false;  // zero is an error too
};

// Parses each flag; false (and a message naming the flag) at the first bad one.
inline bool ParseDurationFlags(const char* tool, std::initializer_list<DurationFlag> flags) {
  for (const DurationFlag& f : flags) {
    Status s = ParseDuration(*f.text, f.nanos);
    if (s.ok() && f.positive && *f.nanos <= 0) s = Status::InvalidArgument("must be positive");
    if (!s.ok()) {
      std::fprintf(stderr, "%s: %s: %s\n", tool, f.flag, s.message().c_str());
      return false;
    }
  }
  return true;
}

}  // namespace lc

#endif  // LC_COMMON_CLI_H_
