// ResolveInContainer: a path resolved as the container sees it, from the
// host, without ever leaving the container.
//
// Each component is looked at where the container sees it
// (ContainerView::LookPath: a mount's source, the merged dir, the upper
// dir); a symlink met there is followed as the container would follow it:
// an absolute target starts again at the container's "/" (its own /etc,
// never the host's), a relative one continues from the symlink's
// directory, and ".." stops at the container's "/".  A symlink that points
// from the container's layers into a mount therefore lands in that mount's
// source.  The result names no symlink and no ".." up to where it stops: a
// component that does not exist (yet) ends the resolution, and the rest is
// kept as written.  Only lstat(2) and readlink(2) are used: no descriptor
// is opened, under the merged root or anywhere.
//
// This is a snapshot: the container may change its symlinks afterwards,
// which is why lc-tail opens what render names confined (`root`, and
// RESOLVE_BENEATH under a mount's source; file_system.h).
#ifndef LC_COMMON_RENDER_IN_CONTAINER_RESOLVER_H_
#define LC_COMMON_RENDER_IN_CONTAINER_RESOLVER_H_

#include <string>

#include "common/base/file_system.h"
#include "common/base/status.h"
#include "common/render/container_view.h"

namespace lc {

// `path`: absolute, inside the container.  With `resolve_last` false a
// symlink as the last component is kept (a glob's pattern is not a name).
// InvalidArgument for a symlink loop (more than 40 links, as the kernel).
Status ResolveInContainer(FileSystem* fs, const ContainerView& view, const std::string& path, bool resolve_last,
                          std::string* out);

}  // namespace lc

#endif  // LC_COMMON_RENDER_IN_CONTAINER_RESOLVER_H_
