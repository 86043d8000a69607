#include "common/discover/docker_reply.h"

#include <cstdint>
#include <nlohmann/json.hpp>

#include "common/json/json_member.h"

namespace lc {
namespace {

using json = nlohmann::json;

// A JSON number as int64 nanoseconds times `scale`, or 0 when it does not
// fit: a float out of range or a product that overflows is no time.
int64_t TimeValue(const json& v, int64_t scale) {
  int64_t n = 0;
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) return 0;
    n = v.get<int64_t>();
  } else if (v.is_number_float()) {
    double d = v.get<double>();
    if (!(d > -9.2e18 && d < 9.2e18)) return 0;  // also NaN
    n = static_cast<int64_t>(d);
  } else {
    return 0;
  }
  int64_t out;
  return __builtin_mul_overflow(n, scale, &out) ? 0 : out;
}

}  // namespace

bool ParseEngineEvent(const std::string& line, RuntimeEvent* e) {
  json j = json::parse(line, nullptr, false);
  if (!j.is_object()) return false;
  auto type = j.find("Type");
  if (type != j.end() && !(type->is_string() && type->get<std::string>() == "container")) return false;
  e->action = StringMember(j, "Action");
  if (e->action.empty()) e->action = StringMember(j, "status");
  e->id.clear();
  auto actor = j.find("Actor");
  e->attributes.clear();
  if (actor != j.end() && actor->is_object()) {
    e->id = StringMember(*actor, "ID");
    auto attrs = actor->find("Attributes");
    if (attrs != actor->end() && attrs->is_object()) {
      for (auto it = attrs->begin(); it != attrs->end(); ++it) {
        if (it.value().is_string()) e->attributes[it.key()] = it.value().get<std::string>();
      }
    }
  }
  if (e->id.empty()) e->id = StringMember(j, "id");
  e->time = 0;
  if (j.contains("timeNano") && j["timeNano"].is_number()) {
    e->time = TimeValue(j["timeNano"], 1);
  } else if (j.contains("time") && j["time"].is_number()) {
    e->time = TimeValue(j["time"], 1'000'000'000);
  }
  return !e->id.empty() && !e->action.empty();
}

Status ParseContainerList(const std::string& body, const std::string& where, std::vector<std::string>* ids) {
  json j = json::parse(body, nullptr, false);
  if (!j.is_array()) return Status::IOError(where + ": not a list");
  ids->clear();
  for (const json& c : j) {
    if (c.is_object() && c.contains("Id") && c["Id"].is_string()) ids->push_back(c["Id"].get<std::string>());
  }
  return Status::OK();
}

Status ParseEngineVersion(const std::string& body, const std::string& where, std::string* runtime) {
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return Status::IOError(where + ": not a Docker Engine API answer");
  // podman names itself in Components[].Name ("Podman Engine") and Platform.Name.
  std::string text = j.dump(-1, ' ', false, json::error_handler_t::replace);
  *runtime = text.find("Podman") != std::string::npos ? "podman" : "docker";
  return Status::OK();
}

std::string EngineMessage(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_object() && j.contains("message") && j["message"].is_string()) return j["message"].get<std::string>();
  std::string s = body.substr(0, 200);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace lc
