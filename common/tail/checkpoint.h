// Checkpoint: the saved read positions of the files a tailer follows.
//
// Versioned JSON, written atomically (atomic_file.h), mode 0600:
//   {"version":1,"files":[{"key":"803:1a2b:9f00aa11","path":"/var/log/a.log",
//     "dev":2051,"ino":6699,"sig_len":1024,"sig":"9f00aa11c3d2e1f0",
//     "offset":12345,"start":0,"size":20000,"seen":1764049245}]}
// `offset` is the first byte not yet fully emitted; `start` is where reading
// of this file began (resume point when a commit file has nothing for it);
// `size` is how long it was when saved (what a file gone by the next start
// held; absent from older checkpoints: 0); `seen` (Unix seconds) is when the file was last present, for pruning.
#ifndef LC_COMMON_CHECKPOINT_H_
#define LC_COMMON_CHECKPOINT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/tail/file_identity.h"
#include "common/base/status.h"

namespace lc {

struct CheckpointEntry {
  std::string key;
  std::string path;
  FileIdentity id;
  int64_t offset = 0;
  int64_t start = 0;
  int64_t size = 0;
  int64_t seen = 0;
};

std::string EncodeCheckpoint(const std::vector<CheckpointEntry>& entries);
// `name` is used in messages: "<name>: line N: <reason>" on InvalidArgument.
Status DecodeCheckpoint(const std::string& text, const std::string& name,
                        std::vector<CheckpointEntry>* entries);

}  // namespace lc

#endif  // LC_COMMON_CHECKPOINT_H_
