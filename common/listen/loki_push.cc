#include "common/listen/loki_push.h"

#include <nlohmann/json.hpp>

#include "common/listen/ingest_record.h"

namespace lc {
namespace {

bool Nanos(const std::string& s, int64_t* out) {
  if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos) return false;
  *out = std::stoll(s);
  return true;
}

}  // namespace

Status AppendLokiPush(std::string_view body, std::string_view client, std::string* out, size_t* records) {
  using json = nlohmann::ordered_json;
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("not a JSON object");
  auto streams = j.find("streams");
  if (streams == j.end() || !streams->is_array()) return Status::InvalidArgument("no \"streams\" array");
  std::string mine;
  size_t n = 0;
  IngestRecord rec;
  for (size_t si = 0; si < streams->size(); si++) {
    const json& s = (*streams)[si];
    std::string where = "streams[" + std::to_string(si) + "]";
    if (!s.is_object()) return Status::InvalidArgument(where + " is not an object");
    auto labels = s.find("stream");
    auto values = s.find("values");
    if (labels != s.end() && !labels->is_object()) return Status::InvalidArgument(where + ".stream is not an object");
    if (values == s.end() || !values->is_array()) return Status::InvalidArgument(where + ": no \"values\" array");
    for (size_t vi = 0; vi < values->size(); vi++) {
      const json& v = (*values)[vi];
      std::string at = where + ".values[" + std::to_string(vi) + "]";
      int64_t t = 0;
      if (!v.is_array() || v.size() < 2 || v.size() > 3 || !v[0].is_string() || !v[1].is_string() ||
          !Nanos(v[0].get_ref<const std::string&>(), &t) || (v.size() == 3 && !v[2].is_object())) {
        return Status::InvalidArgument(at + ": want [\"<epoch ns>\", \"<line>\"(, {metadata})]");
      }
      rec.Start(t);
      rec.SetBody(v[1].get_ref<const std::string&>());
      if (labels != s.end()) {
        for (auto& [k, lv] : labels->items()) rec.AddField(k, lv.is_string() ? lv.get<std::string>() : lv.dump(), lv.is_string());
      }
      if (v.size() == 3) {
        for (auto& [k, mv] : v[2].items()) rec.AddField(k, mv.is_string() ? mv.get<std::string>() : mv.dump(), mv.is_string());
      }
      rec.AppendTo(client, &mine);
      n++;
    }
  }
  out->append(mine);
  *records = n;
  return Status::OK();
}

}  // namespace lc
