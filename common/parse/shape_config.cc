#include "common/parse/shape_config.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "common/parse/shape_flags.h"

namespace lc {

namespace {

using json = nlohmann::json;

// Each member and the flag it stands for (a flag's message is renamed).
struct Member {
  const char* object;
  const char* name;
  const char* flag;
};
constexpr Member kMembers[] = {
    {"parser", "type", "--parser"},        {"parser", "regex", "--regex"},
    {"parser", "delimiter", "--delimiter"}, {"parser", "quote", "--quote"},
    {"parser", "fields", "--fields"},      {"parser", "keep_body", "--keep-body"},
    {"parser", "nginx_format", "--nginx-format"}, {"parser", "apache_format", "--apache-format"},
    {"parser", "encoding", "--encoding"},
    {"multiline", "start", "--multiline-start"},
    {"multiline", "continue", "--multiline-continue"},
    {"multiline", "timeout", "--multiline-timeout"},
    {"multiline", "max_lines", "--multiline-max-lines"},
    {"multiline", "max_bytes", "--multiline-max-bytes"},
    {"parser", "time_key", "--time-key"},  {"parser", "time_format", "--time-format"},
    {"parser", "time_zone", "--time-zone"},
};

// "--regex: ..." -> "parser.regex: ...", every flag the message names.
std::string Rename(std::string msg) {
  // Longest flags first, so "--multiline-start" is not read as "--multiline".
  for (int pass = 0; pass < 2; pass++) {
    for (const Member& m : kMembers) {
      std::string flag = m.flag;
      if ((flag.size() > 12) != (pass == 0)) continue;
      std::string field = std::string(m.object) + "." + m.name;
      for (size_t at = msg.find(flag); at != std::string::npos; at = msg.find(flag, at + field.size())) {
        size_t end = at + flag.size();
        if (end < msg.size() && (std::isalnum(static_cast<unsigned char>(msg[end])) || msg[end] == '-')) {
          at = end;
          continue;
        }
        msg.replace(at, flag.size(), field);
      }
    }
  }
  return msg;
}

Status Bad(const std::string& field, const std::string& why) { return Status::InvalidArgument(field + ": " + why); }

Status ReadObject(const std::string& text, const char* object, json* out) {
  *out = json::parse(text, nullptr, false);
  if (out->is_discarded() || !out->is_object()) return Bad(object, "not a JSON object");
  for (auto it = out->begin(); it != out->end(); ++it) {
    bool known = false;
    for (const Member& m : kMembers) known = known || (std::string(m.object) == object && it.key() == m.name);
    if (!known) return Bad(std::string(object) + "." + it.key(), std::string("not a field of ") + object);
  }
  return Status::OK();
}

Status String(const json& o, const char* object, const char* name, std::string* out) {
  auto it = o.find(name);
  if (it == o.end()) return Status::OK();
  if (!it->is_string()) return Bad(std::string(object) + "." + name, "not a string");
  *out = it->get<std::string>();
  return Status::OK();
}

Status Count(const json& o, const char* object, const char* name, size_t* out) {
  auto it = o.find(name);
  if (it == o.end()) return Status::OK();
  if (!it->is_number_unsigned() || it->get<uint64_t>() < 1 || it->get<uint64_t>() > (1u << 30)) {
    return Bad(std::string(object) + "." + name, "not a whole number from 1 to 1073741824");
  }
  *out = it->get<size_t>();
  return Status::OK();
}

}  // namespace

Status ShapeFlagsFromConfig(const std::string& parser_json, const std::string& multiline_json, ShapeFlags* out) {
  ShapeFlags& f = *out;
  f = ShapeFlags();
  if (!parser_json.empty()) {
    json p;
    if (Status s = ReadObject(parser_json, "parser", &p); !s.ok()) return s;
    Status s = String(p, "parser", "type", &f.parser);
    if (s.ok()) s = String(p, "parser", "regex", &f.regex);
    if (s.ok()) s = String(p, "parser", "delimiter", &f.delimiter);
    if (s.ok()) s = String(p, "parser", "quote", &f.quote);
    if (s.ok()) s = String(p, "parser", "nginx_format", &f.nginx_format);
    if (s.ok()) s = String(p, "parser", "apache_format", &f.apache_format);
    if (s.ok()) s = String(p, "parser", "encoding", &f.encoding);
    if (s.ok()) s = String(p, "parser", "time_key", &f.time_key);
    if (s.ok()) s = String(p, "parser", "time_format", &f.time_format);
    if (s.ok()) s = String(p, "parser", "time_zone", &f.time_zone);
    if (!s.ok()) return s;
    if (!p.contains("type")) return Bad("parser.type", "missing (json, regex, logfmt, delimiter, nginx, apache or none)");
    if (auto it = p.find("fields"); it != p.end()) {
      if (!it->is_array()) return Bad("parser.fields", "not an array of strings");
      for (const json& v : *it) {
        if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().find(',') != std::string::npos) {
          return Bad("parser.fields", "each column name is a non-empty string without ','");
        }
        f.fields += (f.fields.empty() ? "" : ",") + v.get<std::string>();
      }
    }
    if (auto it = p.find("keep_body"); it != p.end()) {
      if (!it->is_boolean()) return Bad("parser.keep_body", "not true or false");
      f.keep_body = it->get<bool>();
    }
  }
  if (!multiline_json.empty()) {
    json m;
    if (Status s = ReadObject(multiline_json, "multiline", &m); !s.ok()) return s;
    Status s = String(m, "multiline", "start", &f.multiline_start);
    if (s.ok()) s = String(m, "multiline", "continue", &f.multiline_continue);
    if (s.ok()) s = String(m, "multiline", "timeout", &f.multiline_timeout);
    if (s.ok()) s = Count(m, "multiline", "max_lines", &f.multiline_max_lines);
    if (s.ok()) s = Count(m, "multiline", "max_bytes", &f.multiline_max_bytes);
    if (!s.ok()) return s;
    if (f.multiline_start.empty() && f.multiline_continue.empty()) {
      return Bad("multiline", "needs \"start\" or \"continue\"");
    }
  }
  return Status::OK();
}

Status MakeShaperFromConfig(const std::string& parser_json, const std::string& multiline_json,
                            std::unique_ptr<RecordShaper>* out) {
  out->reset();
  ShapeFlags f;
  if (Status s = ShapeFlagsFromConfig(parser_json, multiline_json, &f); !s.ok()) return s;
  Status s = MakeShaperStatus(f, out);
  if (!s.ok()) return Status::InvalidArgument(Rename(s.message()));
  return Status::OK();
}

}  // namespace lc
