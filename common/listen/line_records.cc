#include "common/listen/line_records.h"

#include <nlohmann/json.hpp>

#include "common/json/json_fields.h"
#include "common/json/json_validate.h"

namespace lc {
namespace {

// The member names a body or a time may come in, by preference.
constexpr std::string_view kBodyNames[] = {"body", "message", "msg", "log"};
constexpr std::string_view kTimeNames[] = {"time", "timestamp", "@timestamp", "date"};

template <size_t N>
int Rank(std::string_view name, const std::string_view (&names)[N]) {
  for (size_t i = 0; i < N; i++) {
    if (name == names[i]) return static_cast<int>(i);
  }
  return -1;
}

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool LineRecords::Line(std::string_view line, bool plain, int64_t now, std::string_view client, std::string* out) {
  rec_.Start(now);
  std::string_view t = TrimBlanks(line);
  if (plain || t.empty() || t[0] != '{') {
    rec_.SetBody(line);
    rec_.AppendTo(client, out);
    return true;
  }
  if (!IsJsonObject(t)) {
    rec_.SetBody(line);
    rec_.SetParseError("not a JSON object");
    rec_.AppendTo(client, out);
    return false;
  }
  // Which member is the body and which the time: the best-ranked string
  // (body) or the best-ranked parsable value (time).
  int body_rank = 99, time_rank = 99;
  std::string_view body_key, time_key;
  int64_t when = now;
  auto value_text = [&](const JsonMember& m) -> std::string_view {
    if (m.type != JsonMember::kString || !m.value_escaped) return m.value;
    UnescapeJsonString(m.value.data(), m.value.size() + 1, &text_);
    return text_;
  };
  ForEachJsonMember(t, [&](const JsonMember& m) {
    if (m.key_escaped) return true;
    int r = Rank(m.key, kBodyNames);
    if (r >= 0 && r < body_rank && m.type == JsonMember::kString) {
      body_rank = r;
      body_key = m.key;
    }
    r = Rank(m.key, kTimeNames);
    int64_t n;
    if (r >= 0 && r < time_rank && TimeFromJson(value_text(m), m.type == JsonMember::kString, &n)) {
      time_rank = r;
      time_key = m.key;
      when = n;
    }
    return true;
  });
  rec_.SetTime(when);
  ForEachJsonMember(t, [&](const JsonMember& m) {
    std::string_view key = m.key;
    if (m.key_escaped) {
      UnescapeJsonString(m.key.data(), m.key.size() + 1, &name_);
      key = name_;
    } else if (key.data() == body_key.data() && !body_key.empty()) {
      rec_.SetBody(value_text(m));
      return true;
    } else if (key.data() == time_key.data() && !time_key.empty()) {
      return true;
    }
    rec_.AddField(key, value_text(m), m.type == JsonMember::kString);
    return true;
  });
  rec_.AppendTo(client, out);
  return true;
}

LineRecordsCount LineRecords::Append(std::string_view body, bool plain, int64_t now, std::string_view client,
                                     std::string* out) {
  LineRecordsCount c;
  size_t first = body.find_first_not_of(" \t\r\n");
  if (!plain && first != std::string_view::npos && body[first] == '[') {
    nlohmann::json j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
    if (j.is_discarded() || !j.is_array()) {
      rec_.Start(now);
      rec_.SetBody(body);
      rec_.SetParseError("not a JSON array");
      rec_.AppendTo(client, out);
      return LineRecordsCount{1, 1};
    }
    for (const auto& e : j) {
      c.records++;
      std::string text = e.dump();
      if (e.is_object()) {
        if (!Line(text, false, now, client, out)) c.invalid++;
        continue;
      }
      rec_.Start(now);
      rec_.SetBody(text);
      rec_.SetParseError("not a JSON object");
      rec_.AppendTo(client, out);
      c.invalid++;
    }
    return c;
  }
  size_t pos = 0;
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) nl = body.size();
    std::string_view line = body.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    c.records++;
    if (!Line(line, plain, now, client, out)) c.invalid++;
  }
  return c;
}

}  // namespace lc
