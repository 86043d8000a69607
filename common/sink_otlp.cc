#include "common/sink_otlp.h"

#include <algorithm>
#include <map>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/duration.h"
#include "common/json_escape.h"

namespace lc {

bool IsOtlpResourceField(std::string_view f) {
  auto starts = [&](std::string_view p) { return f.size() > p.size() && f.substr(0, p.size()) == p; };
  return starts("container.") || starts("k8s.") || starts("host.");
}

namespace {

using Json = nlohmann::json;

// Appends an AnyValue for `v`.
void AppendAnyValue(std::string* out, const Json& v) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    out->append("{\"stringValue\":");
    AppendJsonString(out, s);
  } else if (v.is_boolean()) {
    out->append(v.get<bool>() ? "{\"boolValue\":true" : "{\"boolValue\":false");
  } else if (v.is_number_integer()) {
    out->append("{\"intValue\":\"");
    out->append(v.is_number_unsigned() ? std::to_string(v.get<uint64_t>())
                                       : std::to_string(v.get<int64_t>()));
    out->push_back('"');
  } else if (v.is_number_float()) {
    out->append("{\"doubleValue\":");
    out->append(v.dump());
  } else {
    out->append("{\"stringValue\":");
    AppendJsonString(out, v.dump());
  }
  out->push_back('}');
}

void AppendKeyValue(std::string* out, const std::string& key, const Json& v) {
  out->append("{\"key\":");
  AppendJsonString(out, key);
  out->append(",\"value\":");
  AppendAnyValue(out, v);
  out->push_back('}');
}

}  // namespace

void EncodeOtlpLogs(const std::vector<std::string_view>& records, int64_t now_nanos,
                    std::string* out) {
  const std::string observed = std::to_string(now_nanos);
  // Resource (its encoded attributes) -> encoded logRecords, in first-seen
  // order so the body is deterministic.
  std::map<std::string, size_t> index;
  std::vector<std::pair<std::string, std::string>> groups;
  for (std::string_view r : records) {
    Json j = Json::parse(r.begin(), r.end(), nullptr, false);
    if (!j.is_object()) {  // not an object: keep the text as the body
      Json text = std::string(r);
      j = Json::object({{"body", text}});
    }
    std::string resource, rec = "{";
    bool first_res = true;
    for (auto it = j.begin(); it != j.end(); ++it) {  // sorted keys: stable
      if (!IsOtlpResourceField(it.key()) || it->is_null()) continue;
      if (!first_res) resource.push_back(',');
      first_res = false;
      AppendKeyValue(&resource, it.key(), *it);
    }
    auto t = j.find("time");
    int64_t ts;
    bool has_time = false;
    if (t != j.end() && t->is_string()) {
      const std::string& s = t->get_ref<const std::string&>();
      has_time = ParseRfc3339(s.data(), s.size(), &ts);
    }
    if (has_time) {
      rec += "\"timeUnixNano\":\"" + std::to_string(ts) + "\",";
    }
    rec += "\"observedTimeUnixNano\":\"" + observed + "\"";
    auto b = j.find("body");
    if (b != j.end() && !b->is_null()) {
      rec += ",\"body\":{\"stringValue\":";
      AppendJsonString(&rec, b->is_string() ? b->get_ref<const std::string&>() : b->dump());
      rec += "}";
    }
    rec += ",\"attributes\":[";
    bool first_attr = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string& k = it.key();
      if (IsOtlpResourceField(k) || k == "body" || (k == "time" && has_time) || it->is_null())
        continue;
      if (!first_attr) rec.push_back(',');
      first_attr = false;
      AppendKeyValue(&rec, k, *it);
    }
    rec += "]}";
    auto [pos, fresh] = index.emplace(resource, groups.size());
    if (fresh) {
      groups.emplace_back(std::move(resource), std::move(rec));
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

void OtlpSink::SendRange(const std::vector<std::string_view>& records, size_t begin, size_t end,
                         SendResult* r) {
  std::vector<std::string_view> part(records.begin() + begin, records.begin() + end);
  std::string body;
  EncodeOtlpLogs(part, clock_->NowNanos(), &body);
  HttpReply reply;
  const std::string path = "/v1/logs";
  Status st = poster_->Post(path, "application/json", body, &reply);
  SendResult::Outcome o = SendResult::kDelivered;
  std::string reason;
  int code = reply.status;
  if (!st.ok()) {
    o = SendResult::kRetry;
    reason = st.message();
  } else if (code >= 200 && code < 300) {
    OtlpPartialSuccess p = ParseOtlpResponse(reply.body);
    if (p.rejected > 0) {
      r->server_rejected += p.rejected;
      if (!r->server_message.empty()) r->server_message += "; ";
      r->server_message += poster_->Describe() + path + ": partialSuccess: " +
                           std::to_string(p.rejected) + " rejected: " + p.message;
    }
  } else {
    r->retry_after_nanos = std::max(r->retry_after_nanos, reply.retry_after_nanos);
    std::string msg = reply.body.substr(0, 300);
    for (char& c : msg)
      if (c == '\n' || c == '\r') c = ' ';
    reason = poster_->Describe() + path + ": " + std::to_string(code) + (msg.empty() ? "" : " " + msg);
    if (code == 413 && end - begin > 1) {
      size_t mid = begin + (end - begin) / 2;
      SendRange(records, begin, mid, r);
      SendRange(records, mid, end, r);
      return;
    }
    bool retryable = code == 429 || code == 502 || code == 503 || code == 504;
    o = retryable ? SendResult::kRetry : SendResult::kReject;
  }
  for (size_t i = begin; i < end; ++i) {
    r->outcomes[i] = o;
    r->reasons[i] = reason;
  }
}

SendResult OtlpSink::Send(const std::vector<std::string_view>& records) {
  SendResult r;
  r.outcomes.assign(records.size(), SendResult::kDelivered);
  r.reasons.assign(records.size(), std::string());
  if (!records.empty()) SendRange(records, 0, records.size(), &r);
  return FinishResult(std::move(r));
}

}  // namespace lc
