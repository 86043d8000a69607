// FollowedFile: one file a Tailer follows, and how it is read.
//
// It holds the file's identity, its descriptor (closed while idle), the line
// splitter with the read position, and the flags the Tailer's discovery sets
// (rotated, matched, hot).  ReadChunk() reads at most one buffer's worth and
// hands the lines to the LineHandler, noticing on the way:
//  - a file that shrank below the read position, or whose first bytes no
//    longer match its signature: truncated (copytruncate).  The unread tail
//    is first read from logrotate's copy beside it ("<name>.1",
//    "<name>-20261125": same signature, another inode), then the new content
//    from 0 under a new key (generation + 1), so cursors never go backwards;
//  - a file deleted while open: drained to EOF through the descriptor.
#ifndef LC_COMMON_FOLLOWED_FILE_H_
#define LC_COMMON_FOLLOWED_FILE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/base/clock.h"
#include "common/tail/file_identity.h"
#include "common/base/file_system.h"
#include "common/tail/line_splitter.h"
#include "common/base/status.h"
#include "common/tail/line_handler.h"
#include "common/tail/watch_source.h"

namespace lc {

// What every FollowedFile of a Tailer shares.
struct FollowContext {
  FileSystem* fs;
  Clock* clock;
  LineHandler* handler;
  std::vector<char> buf;                       // one read buffer: the per-turn bound
  std::function<void()> save_before_new_key;   // checkpoint, before a new key's first line
};

class FollowedFile {
 public:
  FollowedFile(FollowContext* ctx, size_t max_line_bytes) : splitter(max_line_bytes), ctx_(ctx) {}

  enum class Read { kBytes, kEof, kError };
  // Reads one chunk.  On kError, *error says why.
  Read ReadChunk(Status* error);
  // Computes the signature and the source key from the current content.
  void AssignKey(const FileInfo& info);
  // Emits a held partial line, stamped `wall`.
  void FlushPartial(int64_t wall);
  // The file is gone for good: emit what is held, let the handler finish.
  void Finish();

  TailedFile tf;
  std::shared_ptr<WatchSource> source;
  std::string beneath;  // the host directory its pattern starts from (file_system.h)
  FileIdentity id;
  std::unique_ptr<File> file;  // null while closed for idleness
  LineSplitter splitter;
  int64_t start = 0;             // where reading began, for commit resume
  int64_t size_seen = 0;
  int64_t last_data_mono = 0;    // last time bytes arrived (or it was first seen)
  int generation = 0;            // bumped on truncation
  int64_t sig_checked_mono = 0;  // last re-verification of the signature
  bool rotated = false;          // its path names another file or nothing: drain, wait, drop
  bool drained = false;          // rotated, and read to EOF once: its successor may go
  int64_t rotated_mono = 0;      // when it was found rotated
  bool matched = false;          // matched in the current discovery
  bool hot = true;               // may have new bytes: check on the next turn
  bool keyed = false;            // has a source key
  bool in_checkpoint = false;    // the saved checkpoint knows its key
  FollowedFile* predecessor = nullptr;  // the rotated file that held this path first

 private:
  bool Reopen();
  bool SignatureHolds(const FileInfo& info);
  void Truncated();
  void ReadTailOfCopy();
  void Feed(const char* p, size_t n, int64_t read_time);

  FollowContext* ctx_;
};

}  // namespace lc

#endif  // LC_COMMON_FOLLOWED_FILE_H_
