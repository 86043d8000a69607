// JSON members read leniently from a parsed document (nlohmann::json): the
// shape of what runtimes and peers send varies by version, so a member that
// is missing or of another type reads as empty, never as an exception.
// Used where a document from outside (a runtime's inspect reply, an OCI
// bundle, a container event) is picked apart field by field; a stream whose
// fields are required says so itself instead.
#ifndef LC_COMMON_JSON_JSON_MEMBER_H_
#define LC_COMMON_JSON_JSON_MEMBER_H_

#include <string>

#include <nlohmann/json.hpp>

namespace lc {

// j[key] if j is an object holding a string there, else "".
std::string StringMember(const nlohmann::json& j, const char* key);

// j[key] if j is an object holding an object there, else an empty object
// (so chains like ObjectMember(ObjectMember(j, "A"), "B") need no checks).
const nlohmann::json& ObjectMember(const nlohmann::json& j, const char* key);

}  // namespace lc

#endif  // LC_COMMON_JSON_JSON_MEMBER_H_
