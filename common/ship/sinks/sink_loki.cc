#include "common/ship/sinks/sink_loki.h"

#include <algorithm>
#include <map>
#include <utility>

#include "common/base/duration.h"
#include "common/base/rfc3339.h"
#include "common/json/json_escape.h"
#include "common/json/json_fields.h"

namespace lc {

std::string LokiLabelName(std::string_view field) {
  std::string name;
  name.reserve(field.size() + 1);
  if (!field.empty() && field[0] >= '0' && field[0] <= '9') name.push_back('_');
  for (char c : field) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_';
    name.push_back(ok ? c : '_');
  }
  return name;
}

namespace {

struct Entry {
  int64_t ts;
  std::string_view line;
};

}  // namespace

void EncodeLokiPush(const std::vector<std::string_view>& records,
                    const std::vector<std::string>& label_fields, int64_t now_nanos,
                    std::string* out) {
  std::vector<std::string> names;
  for (const std::string& f : label_fields) names.push_back(LokiLabelName(f));
  // Label set (sorted name -> value pairs) -> entries, in first-seen order of
  // the sets so the body is deterministic.
  std::map<std::vector<std::pair<std::string, std::string>>, size_t> index;
  std::vector<std::pair<std::vector<std::pair<std::string, std::string>>, std::vector<Entry>>>
      streams;
  for (std::string_view r : records) {
    std::vector<std::pair<std::string, std::string>> labels;
    int64_t ts = now_nanos;
    ForEachJsonMember(r, [&](const JsonMember& m) {
      if (m.type == JsonMember::kNull) return true;
      if (m.type == JsonMember::kString && m.KeyIs("time")) {
        int64_t parsed;
        if (!m.value_escaped && ParseRfc3339(m.value.data(), m.value.size(), &parsed)) ts = parsed;
        return true;
      }
      for (size_t i = 0; i < label_fields.size(); ++i) {
        if (m.KeyIs(label_fields[i])) {
          labels.emplace_back(names[i], m.ValueText());
          break;
        }
      }
      return true;
    });
    if (labels.empty()) labels.emplace_back("job", "lc-ship");
    std::sort(labels.begin(), labels.end());
    auto [it, fresh] = index.emplace(labels, streams.size());
    if (fresh) streams.emplace_back(std::move(labels), std::vector<Entry>());
    streams[it->second].second.push_back(Entry{ts, r});
  }
  out->append("{\"streams\":[");
  for (size_t s = 0; s < streams.size(); ++s) {
    auto& [labels, entries] = streams[s];
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.ts < b.ts; });
    if (s) out->push_back(',');
    out->append("{\"stream\":{");
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i) out->push_back(',');
      AppendJsonString(out, labels[i].first);
      out->push_back(':');
      AppendJsonString(out, labels[i].second);
    }
    out->append("},\"values\":[");
    for (size_t e = 0; e < entries.size(); ++e) {
      if (e) out->push_back(',');
      out->append("[\"");
      out->append(std::to_string(entries[e].ts));
      out->append("\",");
      AppendJsonString(out, entries[e].line.data(), entries[e].line.size());
      out->push_back(']');
    }
    out->append("]}");
  }
  out->append("]}");
}

void LokiProtocol::Encode(const Batch& batch, size_t begin, size_t end, int64_t now_nanos,
                          std::string* scratch, HttpRequest* rq) {
  std::vector<std::string_view> records;
  records.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) records.push_back(batch.at(i));
  EncodeLokiPush(records, labels_, now_nanos, scratch);
  rq->path = "/loki/api/v1/push";
  rq->content_type = "application/json";
  rq->body = *scratch;
}

}  // namespace lc
