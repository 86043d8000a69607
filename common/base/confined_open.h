// ConfinedOpen: opening a file below a directory so that no symlink (and no
// "..") can lead the open out of it — what FileSystem::Open does for the
// files of a container, whose symlinks the container controls.
//
// Two ways, with the same answers:
//  - openat2(2) with RESOLVE_IN_ROOT or RESOLVE_BENEATH (Linux 5.6+);
//  - on kernels without it (openat2 fails with ENOSYS), or when
//    LCTK_NO_OPENAT2=1 is set (so the tests run both), a walk that opens one
//    component at a time with O_PATH|O_NOFOLLOW and resolves each symlink by
//    hand: in kInRoot an absolute target starts again at the root and ".."
//    never climbs above it; in kBeneath an absolute target or a ".." above the
//    base is refused (EXDEV).  As in the kernel, more than 40 symlinks in one
//    open is ELOOP.  ".." goes back to the directory the walk came from, so a
//    directory renamed out of the root meanwhile cannot take the walk along.
//    A link's text is only ever a path inside the base, so a /proc "magic"
//    link is never followed as one.
#ifndef LC_COMMON_CONFINED_OPEN_H_
#define LC_COMMON_CONFINED_OPEN_H_

#include <string>

namespace lc {

enum class Confine {
  kInRoot,   // the base is the container's "/": RESOLVE_IN_ROOT
  kBeneath,  // the base is a trusted host directory: RESOLVE_BENEATH
};

// Opens `rel` (relative to the directory `base_fd`) with open(2) `flags`.
// Returns the new descriptor, or -1 with errno set: EXDEV for a way out of
// the base refused, ELOOP for a symlink loop, else the open's own errno.
int OpenConfined(int base_fd, const std::string& rel, Confine how, int flags);

// The walk alone, whatever the kernel has (for the tests and for old kernels).
int OpenConfinedByWalk(int base_fd, const std::string& rel, Confine how, int flags);

}  // namespace lc

#endif  // LC_COMMON_CONFINED_OPEN_H_
