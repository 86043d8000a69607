// A field of /proc/PID/mountinfo (proc(5)) as the kernel escapes it: a
// space, tab, newline or backslash in a path -- and in overlay's options a
// ',' or ':' -- is written as a backslash and three octal digits ("\040").
// Every reader of mountinfo (overlay layers in discover/, cgroup mounts in
// metrics/) undoes it here, the one way.
#ifndef LC_COMMON_BASE_MOUNT_INFO_FIELD_H_
#define LC_COMMON_BASE_MOUNT_INFO_FIELD_H_

#include <string>

namespace lc {

// The field with each \ooo (first digit 0-3, the others 0-7) made its
// byte; a backslash not followed by such three digits stays as it is.
std::string UnescapeMountInfoField(const std::string& field);

}  // namespace lc

#endif  // LC_COMMON_BASE_MOUNT_INFO_FIELD_H_
