#include "common/listen/otlp_logs.h"

#include <nlohmann/json.hpp>

#include "common/listen/ingest_record.h"

namespace lc {
namespace {

using json = nlohmann::ordered_json;

// An AnyValue as (text, is_string); false if it is not one.
bool AnyValue(const json& v, std::string* text, bool* is_string) {
  if (!v.is_object()) return false;
  if (v.empty()) {
    *text = "null";
    *is_string = false;
    return true;
  }
  auto first = v.begin();
  const std::string& kind = first.key();
  const json& x = first.value();
  *is_string = false;
  if (kind == "stringValue" && x.is_string()) {
    *text = x.get<std::string>();
    *is_string = true;
  } else if (kind == "intValue" && (x.is_number_integer() || x.is_string())) {
    // int64 travels as a JSON string in OTLP/JSON.
    std::string s = x.is_string() ? x.get<std::string>() : x.dump();
    if (s.empty() || s.find_first_not_of("-0123456789") != std::string::npos) return false;
    *text = s;
  } else if (kind == "doubleValue" && (x.is_number() || x.is_string())) {
    // "NaN" and "Infinity" come as strings: they are not JSON numbers.
    *is_string = x.is_string();
    *text = x.is_string() ? x.get<std::string>() : x.dump();
  } else if (kind == "boolValue" && x.is_boolean()) {
    *text = x.dump();
  } else if (kind == "bytesValue" && x.is_string()) {
    *text = x.get<std::string>();  // base64 already
    *is_string = true;
  } else if (kind == "arrayValue" && x.is_object()) {
    json arr = json::array();
    for (const json& e : x.value("values", json::array())) {
      std::string t;
      bool str;
      if (!AnyValue(e, &t, &str)) return false;
      arr.push_back(str ? json(t) : json::parse(t, nullptr, false));
    }
    *text = arr.dump();
  } else if (kind == "kvlistValue" && x.is_object()) {
    json obj = json::object();
    for (const json& kv : x.value("values", json::array())) {
      std::string t;
      bool str;
      if (!kv.is_object() || !kv.contains("key") || !kv["key"].is_string()) return false;
      if (!AnyValue(kv.value("value", json::object()), &t, &str)) return false;
      obj[kv["key"].get<std::string>()] = str ? json(t) : json::parse(t, nullptr, false);
    }
    *text = obj.dump();
  } else {
    return false;
  }
  return true;
}

Status Attributes(const json& parent, const std::string& where, IngestRecord* rec) {
  auto a = parent.find("attributes");
  if (a == parent.end()) return Status::OK();
  if (!a->is_array()) return Status::InvalidArgument(where + ".attributes is not an array");
  for (const json& kv : *a) {
    std::string text;
    bool is_string;
    if (!kv.is_object() || !kv.contains("key") || !kv["key"].is_string() ||
        !AnyValue(kv.value("value", json::object()), &text, &is_string)) {
      return Status::InvalidArgument(where + ".attributes: want {\"key\":..., \"value\":{<AnyValue>}}");
    }
    rec->AddField(kv["key"].get_ref<const std::string&>(), text, is_string);
  }
  return Status::OK();
}

// A fixed64 nanosecond time (a string or a number); 0 when absent.
bool Nanos(const json& r, const char* key, int64_t* out) {
  *out = 0;
  auto t = r.find(key);
  if (t == r.end()) return true;
  std::string s = t->is_string() ? t->get<std::string>() : t->is_number_unsigned() ? t->dump() : "x";
  if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos) return false;
  *out = std::stoll(s);
  return true;
}

const json& ArrayAt(const json& j, const char* key) {
  static const json empty = json::array();
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : empty;
}

}  // namespace

Status AppendOtlpLogs(std::string_view body, int64_t now, std::string_view client, std::string* out,
                      size_t* records) {
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("not a JSON object");
  if (j.contains("resourceLogs") && !j["resourceLogs"].is_array()) {
    return Status::InvalidArgument("resourceLogs is not an array");
  }
  std::string mine;
  size_t n = 0;
  IngestRecord rec;
  const json& rls = ArrayAt(j, "resourceLogs");
  for (size_t ri = 0; ri < rls.size(); ri++) {
    const json& rl = rls[ri];
    std::string rw = "resourceLogs[" + std::to_string(ri) + "]";
    if (!rl.is_object()) return Status::InvalidArgument(rw + " is not an object");
    const json resource = rl.value("resource", json::object());
    const json& sls = ArrayAt(rl, "scopeLogs");
    for (size_t si = 0; si < sls.size(); si++) {
      const json& sl = sls[si];
      std::string sw = rw + ".scopeLogs[" + std::to_string(si) + "]";
      if (!sl.is_object()) return Status::InvalidArgument(sw + " is not an object");
      const json scope = sl.value("scope", json::object());
      const json& lrs = ArrayAt(sl, "logRecords");
      for (size_t li = 0; li < lrs.size(); li++) {
        const json& lr = lrs[li];
        std::string lw = sw + ".logRecords[" + std::to_string(li) + "]";
        int64_t t = 0, observed = 0;
        if (!lr.is_object() || !Nanos(lr, "timeUnixNano", &t) || !Nanos(lr, "observedTimeUnixNano", &observed)) {
          return Status::InvalidArgument(lw + ": not a log record (timeUnixNano is a decimal string)");
        }
        rec.Start(t != 0 ? t : observed != 0 ? observed : now);
        if (lr.contains("body")) {
          std::string text;
          bool is_string;
          if (!AnyValue(lr["body"], &text, &is_string)) return Status::InvalidArgument(lw + ".body is not an AnyValue");
          rec.SetBody(text);
        }
        if (Status s = Attributes(resource, rw + ".resource", &rec); !s.ok()) return s;
        if (scope.is_object()) {
          if (scope.contains("name") && scope["name"].is_string() && !scope["name"].get_ref<const std::string&>().empty()) {
            rec.AddField("otel.scope.name", scope["name"].get<std::string>(), true);
          }
          if (scope.contains("version") && scope["version"].is_string() &&
              !scope["version"].get_ref<const std::string&>().empty()) {
            rec.AddField("otel.scope.version", scope["version"].get<std::string>(), true);
          }
        }
        if (Status s = Attributes(lr, lw, &rec); !s.ok()) return s;
        if (lr.contains("severityText") && lr["severityText"].is_string() &&
            !lr["severityText"].get_ref<const std::string&>().empty()) {
          rec.AddField("severity_text", lr["severityText"].get<std::string>(), true);
        }
        if (lr.contains("severityNumber") && lr["severityNumber"].is_number_integer() &&
            lr["severityNumber"].get<int64_t>() != 0) {
          rec.AddField("severity_number", lr["severityNumber"].dump(), false);
        }
        for (const char* id : {"traceId", "spanId"}) {
          if (lr.contains(id) && lr[id].is_string() && !lr[id].get_ref<const std::string&>().empty()) {
            rec.AddField(id[0] == 't' ? "trace_id" : "span_id", lr[id].get<std::string>(), true);
          }
        }
        rec.AppendTo(client, &mine);
        n++;
      }
    }
  }
  out->append(mine);
  *records = n;
  return Status::OK();
}

}  // namespace lc
