#include "common/ship/sinks/sink_otlp.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/base/duration.h"
#include "common/base/rfc3339.h"
#include "common/json/json_escape.h"
#include "common/json/json_fields.h"

namespace lc {

bool IsOtlpResourceField(std::string_view f) {
  auto starts = [&](std::string_view p) { return f.size() > p.size() && f.substr(0, p.size()) == p; };
  return starts("container.") || starts("k8s.") || starts("host.");
}

namespace {

// Appends an AnyValue for a member's value.  String values are copied still
// escaped (valid JSON string content), numbers as they are written.
void AppendAnyValue(std::string* out, const JsonMember& m) {
  switch (m.type) {
    case JsonMember::kString:
      out->append("{\"stringValue\":\"");
      out->append(m.value.data(), m.value.size());
      out->push_back('"');
      break;
    case JsonMember::kTrue:
      out->append("{\"boolValue\":true");
      break;
    case JsonMember::kFalse:
      out->append("{\"boolValue\":false");
      break;
    case JsonMember::kNumber:
      if (m.value.find_first_of(".eE") == std::string_view::npos) {
        out->append("{\"intValue\":\"");
        out->append(m.value.data(), m.value.size());
        out->push_back('"');
      } else {
        out->append("{\"doubleValue\":");
        out->append(m.value.data(), m.value.size());
      }
      break;
    default:  // objects and arrays as their JSON text
      out->append("{\"stringValue\":");
      AppendJsonString(out, m.value.data(), m.value.size());
  }
  out->push_back('}');
}

void AppendKeyValue(std::string* out, const JsonMember& m) {
  out->append("{\"key\":\"");
  out->append(m.key.data(), m.key.size());
  out->append("\",\"value\":");
  AppendAnyValue(out, m);
  out->push_back('}');
}

}  // namespace

void EncodeOtlpLogs(const std::vector<std::string_view>& records, int64_t now_nanos,
                    std::string* out) {
  const std::string observed = std::to_string(now_nanos);
  // Resource (its encoded attributes) -> encoded logRecords, in first-seen
  // order so the body is deterministic.
  std::unordered_map<std::string, size_t> index;
  std::vector<std::pair<std::string, std::string>> groups;
  std::vector<JsonMember> members, resource_members;
  std::string resource, rec;
  for (std::string_view r : records) {
    members.clear();
    bool is_object = ForEachJsonMember(r, [&](const JsonMember& m) {
      if (m.type != JsonMember::kNull) members.push_back(m);
      return true;
    });
    rec.clear();
    resource.clear();
    if (!is_object) {  // opaque text: it is the body
      rec += "{\"observedTimeUnixNano\":\"" + observed + "\",\"body\":{\"stringValue\":";
      AppendJsonString(&rec, r.data(), r.size());
      rec += "},\"attributes\":[]}";
    } else {
      resource_members.clear();
      const JsonMember* body = nullptr;
      int64_t ts = 0;
      bool has_time = false;
      std::vector<bool> is_resource(members.size());
      for (size_t i = 0; i < members.size(); ++i) {
        const JsonMember& m = members[i];
        std::string unescaped;
        std::string_view key = m.key;
        if (m.key_escaped) key = unescaped = m.KeyText();
        if (IsOtlpResourceField(key)) {
          is_resource[i] = true;
          resource_members.push_back(m);
        } else if (key == "body") {
          body = &m;
        } else if (key == "time" && m.type == JsonMember::kString && !m.value_escaped) {
          has_time = ParseRfc3339(m.value.data(), m.value.size(), &ts);
        }
      }
      std::sort(resource_members.begin(), resource_members.end(),
                [](const JsonMember& a, const JsonMember& b) { return a.key < b.key; });
      for (size_t i = 0; i < resource_members.size(); ++i) {
        if (i) resource.push_back(',');
        AppendKeyValue(&resource, resource_members[i]);
      }
      rec.push_back('{');
      if (has_time) rec += "\"timeUnixNano\":\"" + std::to_string(ts) + "\",";
      rec += "\"observedTimeUnixNano\":\"" + observed + "\"";
      if (body) {
        rec += ",\"body\":{\"stringValue\":";
        if (body->type == JsonMember::kString) {
          rec.push_back('"');
          rec.append(body->value.data(), body->value.size());
          rec.push_back('"');
        } else {
          AppendJsonString(&rec, body->value.data(), body->value.size());
        }
        rec += "}";
      }
      rec += ",\"attributes\":[";
      bool first_attr = true;
      for (size_t i = 0; i < members.size(); ++i) {
        const JsonMember& m = members[i];
        if (is_resource[i] || &m == body || (has_time && m.KeyIs("time"))) continue;
        if (!first_attr) rec.push_back(',');
        first_attr = false;
        AppendKeyValue(&rec, m);
      }
      rec += "]}";
    }
    auto [pos, fresh] = index.emplace(resource, groups.size());
    if (fresh) {
      groups.emplace_back(resource, rec);
    } else {
      groups[pos->second].second += ',';
      groups[pos->second].second += rec;
    }
  }
  out->append("{\"resourceLogs\":[");
  for (size_t g = 0; g < groups.size(); ++g) {
    if (g) out->push_back(',');
    out->append("{\"resource\":{\"attributes\":[");
    out->append(groups[g].first);
    out->append("]},\"scopeLogs\":[{\"scope\":{\"name\":\"lc-ship\"},\"logRecords\":[");
    out->append(groups[g].second);
    out->append("]}]}");
  }
  out->append("]}");
}

OtlpPartialSuccess ParseOtlpResponse(std::string_view body) {
  using Json = nlohmann::json;
  OtlpPartialSuccess p;
  Json j = Json::parse(body.begin(), body.end(), nullptr, false);
  if (!j.is_object()) return p;
  auto ps = j.find("partialSuccess");
  if (ps == j.end() || !ps->is_object()) return p;
  auto n = ps->find("rejectedLogRecords");
  if (n != ps->end()) {
    if (n->is_number_integer()) {
      p.rejected = n->get<int64_t>();
    } else if (n->is_string()) {
      p.rejected = std::strtoll(n->get_ref<const std::string&>().c_str(), nullptr, 10);
    }
  }
  auto m = ps->find("errorMessage");
  if (m != ps->end() && m->is_string()) p.message = m->get<std::string>();
  return p;
}

void OtlpProtocol::Encode(const Batch& batch, size_t begin, size_t end, int64_t now_nanos,
                          std::string* scratch, HttpRequest* rq) {
  std::vector<std::string_view> records;
  records.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) records.push_back(batch.at(i));
  EncodeOtlpLogs(records, now_nanos, scratch);
  rq->path = "/v1/logs";
  rq->content_type = "application/json";
  rq->body = *scratch;
}

void OtlpProtocol::Accepted(const HttpReply& reply, const std::string& where, size_t, size_t,
                            SendResult* r) {
  OtlpPartialSuccess p = ParseOtlpResponse(reply.body);
  if (p.rejected <= 0) return;
  r->server_rejected += p.rejected;
  if (!r->server_message.empty()) r->server_message += "; ";
  r->server_message += where + ": partialSuccess: " + std::to_string(p.rejected) + " rejected: " + p.message;
}

}  // namespace lc
