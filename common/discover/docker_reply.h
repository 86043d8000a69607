// DockerReply: reading the Docker Engine API's answers (and podman's):
// the event stream's lines, the container list, /version, and the message
// of an error body.  Pure functions of the bytes the engine sent, apart from
// DockerClient's transport, so that they are unit-tested and fuzzed
// (fuzz/docker_reply.cc) without an engine.  An engine's answer is outside
// input: any bytes give a value or a refusal, never a crash or undefined
// behaviour (a timeNano of 1e300 is no time, not an overflow).
#ifndef LC_COMMON_DOCKER_REPLY_H_
#define LC_COMMON_DOCKER_REPLY_H_

#include <string>
#include <vector>

#include "common/discover/container_api.h"
#include "common/base/status.h"

namespace lc {

// One line of /events: false (and *e unspecified) when it is not a
// container event with an id and an action.
bool ParseEngineEvent(const std::string& line, RuntimeEvent* e);

// The ids of a /containers/json body; IOError "not a list" naming `where`.
Status ParseContainerList(const std::string& body, const std::string& where, std::vector<std::string>* ids);

// "podman" or "docker" from a /version body; IOError naming `where` when it
// is not an Engine API answer.
Status ParseEngineVersion(const std::string& body, const std::string& where, std::string* runtime);

// The "message" of an error body, else its first 200 bytes.
std::string EngineMessage(const std::string& body);

}  // namespace lc

#endif  // LC_COMMON_DOCKER_REPLY_H_
