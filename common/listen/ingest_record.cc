#include "common/listen/ingest_record.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <utility>

namespace lc {

void IngestRecord::Start(int64_t nanos) {
  SetTime(nanos);
  rec_.body.clear();
  rec_.parse_error.clear();
  n_ = 0;
}

void IngestRecord::SetTime(int64_t nanos) {
  char t[30];
  times_.Format(nanos, t);
  rec_.time.assign(t, sizeof t);
}

bool IngestRecord::Reserved(std::string_view name) {
  return name == "time" || name == "body" || name == "client.address" || name.substr(0, 3) == "lc.";
}

void IngestRecord::AddField(std::string_view name, std::string_view value, bool is_string) {
  if (n_ == all_.size()) all_.emplace_back();
  RecordField& f = all_[n_++];
  if (Reserved(name)) {
    f.name.assign("_");
    f.name.append(name.data(), name.size());
  } else {
    f.name.assign(name.data(), name.size());
  }
  f.value.assign(value.data(), value.size());
  f.is_string = is_string;
}

void IngestRecord::AppendTo(std::string_view client, std::string* out) {
  if (!client.empty()) {
    if (n_ == all_.size()) all_.emplace_back();
    RecordField& f = all_[n_++];
    f.name.assign("client.address");
    f.value.assign(client.data(), client.size());
    f.is_string = true;
  }
  // Lend the fields in use to the record for the encoder, then take them back.
  rec_.fields.clear();
  for (size_t i = 0; i < n_; i++) rec_.fields.push_back(std::move(all_[i]));
  AppendRecord(rec_, out);
  for (size_t i = 0; i < n_; i++) all_[i] = std::move(rec_.fields[i]);
  if (!client.empty()) n_--;
}

bool TimeFromJson(std::string_view text, bool is_string, int64_t* nanos) {
  if (is_string) return ParseRfc3339(text.data(), text.size(), nanos);
  if (text.empty() || text.size() > 40 || !(text[0] == '-' || (text[0] >= '0' && text[0] <= '9'))) return false;
  std::string s(text);
  char* end = nullptr;
  if (s.find_first_of(".eE") == std::string::npos) {
    long long v = strtoll(s.c_str(), &end, 10);
    if (*end != '\0' || v < 0) return false;
    if (v < 100'000'000'000LL) {
      *nanos = v * 1'000'000'000LL;
    } else if (v < 100'000'000'000'000LL) {
      *nanos = v * 1'000'000LL;
    } else if (v < 100'000'000'000'000'000LL) {
      *nanos = v * 1'000LL;
    } else {
      *nanos = v;
    }
    return true;
  }
  size_t dot = s.find('.');
  if (dot != std::string::npos && s.find_first_of("eE-") == std::string::npos && dot > 0 && dot + 1 < s.size() &&
      dot <= 19 && s.find_first_not_of("0123456789", dot + 1) == std::string::npos &&
      s.find_first_not_of("0123456789") == dot) {
    // Decimal text: whole and fraction apart, exactly (a double has 16 digits).
    long long whole = strtoll(s.substr(0, dot).c_str(), nullptr, 10);
    int64_t scale = whole < 100'000'000'000LL ? 1'000'000'000 : whole < 100'000'000'000'000LL ? 1'000'000
                    : whole < 100'000'000'000'000'000LL ? 1'000 : 1;
    if (whole > INT64_MAX / scale) return false;
    int64_t frac = 0, unit = scale;
    for (size_t i = dot + 1; i < s.size() && unit > 1; i++) {
      unit /= 10;
      frac += (s[i] - '0') * unit;
    }
    *nanos = whole * scale + frac;
    return true;
  }
  double d = strtod(s.c_str(), &end);
  if (*end != '\0' || !std::isfinite(d) || d < 0 || d >= 9.2e18) return false;
  double scale = d < 1e11 ? 1e9 : d < 1e14 ? 1e6 : d < 1e17 ? 1e3 : 1;
  if (d * scale >= 9.2e18) return false;
  *nanos = static_cast<int64_t>(std::llround(d * scale));
  return true;
}

}  // namespace lc
