#include "common/runtime/runtime_log.h"

#include <cstring>

#include <nlohmann/json.hpp>

#include "common/base/duration.h"
#include "common/base/rfc3339.h"
#include "common/json/json_unescape.h"

namespace lc {
namespace {

inline bool StartsWith(const char* p, size_t n, const char* lit, size_t len) {
  return n >= len && memcmp(p, lit, len) == 0;
}

bool FinishDocker(std::string* scratch, RuntimeLine* out) {
  out->partial = scratch->empty() || scratch->back() != '\n';
  if (!out->partial) scratch->pop_back();
  out->msg = scratch->data();
  out->msg_len = scratch->size();
  return true;
}

// Any key order, extra keys: the general (slow) path.
bool ParseDockerJsonGeneral(const char* p, size_t n, std::string* scratch, RuntimeLine* out,
                            const char** error) {
  nlohmann::json j = nlohmann::json::parse(p, p + n, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *error = "not a JSON object (truncated or corrupt line)";
    return false;
  }
  auto log = j.find("log");
  auto stream = j.find("stream");
  auto time = j.find("time");
  if (log == j.end() || !log->is_string()) {
    *error = "no \"log\" string";
    return false;
  }
  if (stream == j.end() || !stream->is_string() ||
      (*stream != "stdout" && *stream != "stderr")) {
    *error = "no \"stream\" of stdout or stderr";
    return false;
  }
  if (time == j.end() || !time->is_string()) {
    *error = "no \"time\"";
    return false;
  }
  const std::string& t = time->get_ref<const std::string&>();
  if (!ParseRfc3339(t.data(), t.size(), &out->time)) {
    *error = "bad \"time\"";
    return false;
  }
  out->stream = *stream == "stderr" ? LogStream::kStderr : LogStream::kStdout;
  *scratch = log->get<std::string>();
  return FinishDocker(scratch, out);
}

}  // namespace

const char* LogStreamName(LogStream s) { return s == LogStream::kStderr ? "stderr" : "stdout"; }

RuntimeFormat DetectRuntimeFormat(const char* p, size_t n) {
  if (n > 0 && p[0] == '{') return RuntimeFormat::kDockerJson;
  const char* sp = static_cast<const char*>(memchr(p, ' ', n));
  int64_t t;
  if (sp != nullptr && ParseRfc3339(p, static_cast<size_t>(sp - p), &t)) return RuntimeFormat::kCri;
  return RuntimeFormat::kUnknown;
}

bool ParseDockerJsonLine(const char* p, size_t n, std::string* scratch, RuntimeLine* out,
                         const char** error, TimeParseCache* times) {
  // The shape dockerd writes: {"log":"...","stream":"...",["attrs":{...},]"time":"..."}
  static const char kLog[] = "{\"log\":\"";
  static const char kStream[] = ",\"stream\":\"";
  static const char kTime[] = ",\"time\":\"";
  if (!StartsWith(p, n, kLog, 8)) return ParseDockerJsonGeneral(p, n, scratch, out, error);
  size_t used = UnescapeJsonString(p + 8, n - 8, scratch);
  if (used == 0) return ParseDockerJsonGeneral(p, n, scratch, out, error);
  size_t i = 8 + used;
  if (!StartsWith(p + i, n - i, kStream, 11)) return ParseDockerJsonGeneral(p, n, scratch, out, error);
  i += 11;
  if (StartsWith(p + i, n - i, "stdout\"", 7)) {
    out->stream = LogStream::kStdout;
  } else if (StartsWith(p + i, n - i, "stderr\"", 7)) {
    out->stream = LogStream::kStderr;
  } else {
    return ParseDockerJsonGeneral(p, n, scratch, out, error);
  }
  i += 7;
  if (!StartsWith(p + i, n - i, kTime, 9)) return ParseDockerJsonGeneral(p, n, scratch, out, error);
  i += 9;
  const char* q = static_cast<const char*>(memchr(p + i, '"', n - i));
  size_t tlen = q == nullptr ? 0 : static_cast<size_t>(q - (p + i));
  if (q == nullptr ||
      !(times ? times->Parse(p + i, tlen, &out->time) : ParseRfc3339(p + i, tlen, &out->time)) ||
      static_cast<size_t>(q - p) + 2 != n || q[1] != '}') {
    return ParseDockerJsonGeneral(p, n, scratch, out, error);
  }
  return FinishDocker(scratch, out);
}

bool ParseCriLine(const char* p, size_t n, RuntimeLine* out, const char** error,
                  TimeParseCache* times) {
  const char* end = p + n;
  const char* sp1 = static_cast<const char*>(memchr(p, ' ', n < 40 ? n : 40));
  size_t tlen = sp1 == nullptr ? 0 : static_cast<size_t>(sp1 - p);
  if (sp1 == nullptr ||
      !(times ? times->Parse(p, tlen, &out->time) : ParseRfc3339(p, tlen, &out->time))) {
    *error = "bad CRI timestamp";
    return false;
  }
  const char* s = sp1 + 1;
  if (end - s >= 7 && memcmp(s, "stdout ", 7) == 0) {
    out->stream = LogStream::kStdout;
  } else if (end - s >= 7 && memcmp(s, "stderr ", 7) == 0) {
    out->stream = LogStream::kStderr;
  } else {
    *error = "bad CRI stream (want stdout or stderr)";
    return false;
  }
  s += 7;
  // Tags: "P" or "F", possibly followed by ":"-separated others; then a space
  // (absent when the message is empty).
  if (s >= end || (*s != 'P' && *s != 'F') || (s + 1 < end && s[1] != ' ' && s[1] != ':')) {
    *error = "bad CRI tag (want P or F)";
    return false;
  }
  out->partial = *s == 'P';
  const char* sp3 = static_cast<const char*>(memchr(s, ' ', static_cast<size_t>(end - s)));
  out->msg = sp3 == nullptr ? end : sp3 + 1;
  out->msg_len = static_cast<size_t>(end - out->msg);
  return true;
}

}  // namespace lc
