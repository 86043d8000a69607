// RenderLoop: lc-render's two modes, wired to their streams.
//
//  - RunRenderStream: container events from `in_fd` through a Renderer to
//    `out`, flushed after each batch of events read, so lc-tail sees a
//    watch as soon as its container is announced.  Ends at EOF (after
//    --once, or when lc-discover exits), on a stop signal, or when the
//    reader of `out` has gone.  A malformed event is reported and skipped
//    (event_stream.h).
//  - HostFilesOf: the ad-hoc `--container` form: the host files that hold a
//    path (a glob) inside a running container, each one checked by opening
//    it as lc-tail would (confined), so what it prints is what lc-tail reads;
//    InspectContainer asks the engine for the container first.
#ifndef LC_COMMON_RENDER_RENDER_LOOP_H_
#define LC_COMMON_RENDER_RENDER_LOOP_H_

#include <functional>
#include <string>
#include <vector>

#include "common/base/file_system.h"
#include "common/base/clock.h"
#include "common/base/output_writer.h"
#include "common/base/status.h"
#include "common/render/renderer.h"
#include "common/stream/container_event.h"

namespace lc {

struct RenderStreamOptions {
  bool once = false;
  int wake_fd = -1;  // (>= 0) readable when `stop` may have become true
  std::function<bool()> stop = [] { return false; };
  // The Renderer's counters are written there (atomically) every
  // metrics_interval_ns, events or not, and at the end; "" = never.
  std::string metrics_file;
  int64_t metrics_interval_ns = 10 * kSeconds;
};

Status RunRenderStream(int in_fd, OutputWriter* out, Renderer* renderer, const RenderStreamOptions& opt);

// The running container ID|NAME as the engine at `docker_host` (chosen as
// lc-discover does when empty) describes it, its paths under `host_root`.
// InvalidArgument for a bad address; IOError naming the container when the
// engine cannot be asked or does not know it.
Status InspectContainer(const std::string& docker_host, const std::string& host_root, const std::string& container,
                        ContainerInfo* out);

// The --container form whole: the files of each PATH inside `container`
// on stdout, why one is skipped on stderr; *found is false when some PATH
// has none.  The errors of InspectContainer.
Status PrintHostFiles(const std::string& docker_host, const std::string& host_root, const std::string& container,
                      const std::vector<std::string>& paths, bool* found);

// Appends the files to *files and why something is skipped to *skipped.
void HostFilesOf(FileSystem* fs, const ContainerInfo& c, const std::string& path, std::vector<std::string>* files,
                 std::vector<std::string>* skipped);

}  // namespace lc

#endif  // LC_COMMON_RENDER_RENDER_LOOP_H_
