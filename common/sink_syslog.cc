#include "common/sink_syslog.h"

#include <strings.h>

#include <nlohmann/json.hpp>

#include "common/duration.h"
#include "common/sink_otlp.h"

namespace lc {

namespace {

using Json = nlohmann::json;

const char* const kFacilities[] = {"kern",   "user",   "mail",   "daemon", "auth",   "syslog",
                                   "lpr",    "news",   "uucp",   "cron",   "authpriv", "ftp",
                                   "ntp",    "audit",  "alert",  "clock",  "local0", "local1",
                                   "local2", "local3", "local4", "local5", "local6", "local7"};

int SeverityOf(const Json& j) {
  static const struct { const char* name; int sev; } kNames[] = {
      {"emerg", 0}, {"emergency", 0}, {"panic", 0}, {"fatal", 0}, {"alert", 1},
      {"crit", 2},  {"critical", 2},  {"err", 3},   {"error", 3}, {"warn", 4},
      {"warning", 4}, {"notice", 5},  {"info", 6},  {"debug", 7}, {"trace", 7}};
  for (const char* field : {"level", "severity", "severity_text"}) {
    auto it = j.find(field);
    if (it == j.end() || !it->is_string()) continue;
    const std::string& v = it->get_ref<const std::string&>();
    for (const auto& n : kNames)
      if (strcasecmp(v.c_str(), n.name) == 0) return n.sev;
  }
  return 6;
}

// Appends printable ASCII (33..126) of `s`, others as '_', at most `max`.
void AppendPrintable(std::string* out, std::string_view s, size_t max) {
  if (s.empty()) {
    out->push_back('-');
    return;
  }
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    unsigned char c = s[i];
    out->push_back(c >= 33 && c <= 126 ? static_cast<char>(c) : '_');
  }
}

std::string StringField(const Json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return std::string();
  return it->is_string() ? it->get<std::string>() : it->dump();
}

bool IsSdField(const std::string& k) { return IsOtlpResourceField(k) && k.rfind("host.", 0) != 0; }

}  // namespace

int SyslogFacility(std::string_view name) {
  for (int i = 0; i < 24; ++i)
    if (name == kFacilities[i]) return i;
  if (!name.empty() && name.size() <= 2 && name.find_first_not_of("0123456789") == std::string::npos) {
    int n = std::stoi(std::string(name));
    if (n <= 23) return n;
  }
  return -1;
}

void EncodeSyslogFrames(const std::vector<std::string_view>& records, const SyslogFormat& format,
                        int64_t now_nanos, std::string* out) {
  std::string msg;
  for (std::string_view r : records) {
    Json j = Json::parse(r.begin(), r.end(), nullptr, false);
    if (!j.is_object()) j = Json::object({{"body", std::string(r)}});
    msg.clear();
    msg.push_back('<');
    msg.append(std::to_string(format.facility * 8 + SeverityOf(j)));
    msg.append(">1 ");
    int64_t ts = now_nanos;
    std::string time = StringField(j, "time");
    int64_t parsed;
    if (!time.empty() && ParseRfc3339(time.data(), time.size(), &parsed)) ts = parsed;
    char buf[30];
    FormatRfc3339Nanos(ts, buf);  // "YYYY-MM-DDThh:mm:ss.nnnnnnnnnZ"
    msg.append(buf, 26);          // through the microseconds
    msg.push_back('Z');
    msg.push_back(' ');
    std::string host = StringField(j, "host.name");
    AppendPrintable(&msg, host.empty() ? format.default_host : host, 255);
    msg.push_back(' ');
    std::string app = StringField(j, "k8s.container.name");
    if (app.empty()) app = StringField(j, "container.name");
    AppendPrintable(&msg, app.empty() ? std::string("lc-ship") : app, 48);
    msg.append(" - - ");
    bool sd = false;
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string& k = it.key();
      if (it->is_null() || !(IsSdField(k) || k == "lc.cursor")) continue;
      msg.append(sd ? " " : "[lc@32473 ");
      sd = true;
      for (size_t i = 0; i < k.size() && i < 32; ++i) {
        unsigned char c = k[i];
        msg.push_back(c > 32 && c < 127 && c != '=' && c != ']' && c != '"' ? c : '_');
      }
      msg.append("=\"");
      std::string v = it->is_string() ? it->get<std::string>() : it->dump();
      for (char c : v) {
        if (c == '"' || c == '\\' || c == ']') msg.push_back('\\');
        msg.push_back(c);
      }
      msg.push_back('"');
    }
    msg.append(sd ? "] " : "- ");
    if (format.whole_record) {
      msg.append(r.data(), r.size());
    } else {
      auto b = j.find("body");
      if (b != j.end() && !b->is_null())
        msg.append(b->is_string() ? b->get_ref<const std::string&>() : b->dump());
    }
    out->append(std::to_string(msg.size()));
    out->push_back(' ');
    out->append(msg);
  }
}

}  // namespace lc
