// OverlayMounts: the overlays in our own mount table (/proc/self/mountinfo),
// each mount point's upper dir and read-only layers as the kernel shows them
// in the mount's options.  A container runtime mounts a container's root
// there (containerd: <bundle>/rootfs, containers/storage: <graph
// root>/overlay/<layer>/merged) and the sources that read no inspect reply
// (containerd_source.h, crio_source.h) take upperdir and lowerdirs from it.
//
// How the kernel writes lowerdir=: layers topmost first, separated by ':';
// in a layer's path a ':' or ',' (and '\') is escaped with a backslash,
// and mountinfo then escapes that backslash, a space, a tab and a newline
// as \ooo, a ',' too since 6.5.  "::" starts the data-only layers (6.6+),
// which hold file contents for metacopy entries, not a tree the container
// sees: they are left out.  A lowerdir= that cannot be read back this way
// (a lone trailing backslash, an empty layer) gives no lowers, the upper
// dir is kept.  Layers may be relative: containers/storage mounts with
// l/<short link> lowers and an <id>/diff upper relative to its overlay
// directory when the absolute ones would not fit in a page of options;
// ResolveLayer makes them absolute.
#ifndef LC_COMMON_DISCOVER_OVERLAY_MOUNTS_H_
#define LC_COMMON_DISCOVER_OVERLAY_MOUNTS_H_

#include <map>
#include <string>
#include <vector>

#include "common/base/file_system.h"

namespace lc {

struct OverlayLayers {
  std::string upper;                // "" for a read-only overlay
  std::vector<std::string> lowers;  // topmost first, as mounted (maybe relative)
};

// Every overlay mount point (unescaped) -> its layers, from the text of
// /proc/self/mountinfo.  The last mount on a point is the one seen there.
std::map<std::string, OverlayLayers> ParseOverlayMounts(const std::string& mountinfo);

// The layers of `lowerdir=`'s value as mountinfo shows it (still \ooo
// escaped); false, and `out` untouched, if it cannot be read back.
bool SplitOverlayLowerDir(const std::string& value, std::vector<std::string>* out);

// A layer's path as a host path: a relative one is taken against
// `relative_to` (the directory the mounter worked in, as our mount table
// names it; "" when unknown, which gives "" rather than a path that means
// something else), then put under `host_root` (HostPath).
std::string ResolveLayer(const std::string& layer, const std::string& relative_to, const std::string& host_root);
// Every layer so; none at all if one cannot be.
std::vector<std::string> ResolveLowerDirs(const std::vector<std::string>& lowers, const std::string& relative_to,
                                          const std::string& host_root);

// A scan's view of our mount table: the file is read and parsed at the
// first mount point asked (a scan with no container reads nothing), then
// answered from memory for the rest of the scan.  An unreadable table is
// an empty one.
class OverlayMounts {
 public:
  OverlayMounts(FileSystem* fs, std::string mountinfo_path) : fs_(fs), path_(std::move(mountinfo_path)) {}
  // The overlay mounted at `mount_point` (as the table names it); nullptr
  // if there is none.  Valid as long as this object.
  const OverlayLayers* At(const std::string& mount_point);

 private:
  FileSystem* fs_;
  std::string path_;
  bool read_ = false;
  std::map<std::string, OverlayLayers> mounts_;
};

}  // namespace lc

#endif  // LC_COMMON_DISCOVER_OVERLAY_MOUNTS_H_
