// MapContainerPattern: one path pattern of a collection config (a glob
// inside the container, lc-config(5)) turned into the host globs that
// lc-tail follows (lc-streams(7), WATCH EVENTS).
//
//  - The pattern's literal directory (its components before the first one
//    with * ? [ ) is resolved as the container sees it
//    (in_container_resolver.h); a pattern without magic is resolved whole.
//  - ContainerView::Locate names the host directory: a mount's source, else
//    the upper dir.  A single file that only the image holds is read from
//    the merged dir while the container runs.  A tmpfs is skipped.
//  - Globs stay globs (lc-tail expands them and sees directories created
//    later).  A mount nested below the literal directory gets its own glob,
//    from what the pattern has left once the mount's destination is matched,
//    and the directory it hides in the layer below is excluded.
//  - Every host glob outside the watch's `root` has the first component
//    below its trusted base written as a one-character class ("[a]pp"), so
//    lc-tail's literal directory, beneath which it resolves the rest, is that
//    base: a directory swapped for a symlink after rendering cannot lead it
//    out (file_system.h, RESOLVE_BENEATH).
#ifndef LC_COMMON_RENDER_HOST_PATTERNS_H_
#define LC_COMMON_RENDER_HOST_PATTERNS_H_

#include <string>
#include <vector>

#include "common/base/file_system.h"
#include "common/render/container_view.h"

namespace lc {

struct HostPatterns {
  std::vector<std::string> paths;     // host globs
  std::vector<std::string> excludes;  // host globs hidden by nested mounts
  std::vector<std::string> skipped;   // why (part of) the pattern is not collected, one message each
};

// The watch root for a container: its upper dir, else its merged dir, else
// its first mount's source.  Never "" when a path maps: an empty root would
// make lc-tail open paths as the host's own files.
std::string WatchRoot(const ContainerInfo& c);

// Appends to *out what `pattern` (absolute, in the container) maps to;
// `root` is WatchRoot's (or the watch's) root.
void MapContainerPattern(FileSystem* fs, const ContainerView& view, const std::string& pattern,
                         const std::string& root, HostPatterns* out);

// `base`/`rest` with the first component of `rest` written as a character
// class when `rest` has a directory part: see above.
std::string ConfinedGlob(const std::string& base, const std::string& rest);

}  // namespace lc

#endif  // LC_COMMON_RENDER_HOST_PATTERNS_H_
