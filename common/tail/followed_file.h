// FollowedFile: one file a Tailer follows, and how it is read.
//
// It comes to be in one of three ways, each a named constructor:
//  - New: found by discovery with no checkpoint entry (or one whose file was
//    truncated while we were down): keyed by its content now;
//  - Resumed: found at its path with a checkpoint entry's identity: keeps the
//    entry's key and signature;
//  - Rotated: a checkpoint entry's file found beside its old path, renamed or
//    compressed while we were down: drained from where the entry stopped,
//    then let go.
// A file whose descriptor was closed for idleness and whose path names
// another file when it is reopened is looked for beside its old path
// (renamed or compressed meanwhile) and drained from where it was.
// Where each starts reading was decided by the resume rule
// (start_position.h).  It holds the file's identity, its descriptor (closed
// while idle), the line splitter with the read position, and what the
// Tailer's discovery learns (rotated, matched, hot).  ReadChunk() reads at
// most one buffer's worth and hands the lines to the LineHandler, noticing
// on the way:
//  - a file that shrank below the read position, whose bytes just before
//    the read position are no longer the ones read there, or whose first
//    bytes no longer match its signature: truncated (copytruncate).  The unread tail
//    is first read from logrotate's copy beside it ("<name>.1",
//    "<name>-20261125", or "<name>.1.gz" if compressed already: same
//    signature and the bytes read last where they were read, another
//    inode), then the copies made after that one (the
//    file copied and truncated again before we looked), each whole, then
//    the new content from 0 under a new key (generation + 1 each), so
//    cursors never go backwards (followed_file_copies.cc);
//  - a file found empty at a rotated file's path and copied and truncated
//    before its first bytes were read: those copies first;
//  - a file deleted while open: drained to EOF through the descriptor;
//  - a hole (a sparse file: a writer without O_APPEND went on at its old
//    offset after a copytruncate): runs of NULs where a line would start
//    are skipped, and counted (TakeNulsSkipped).
#ifndef LC_COMMON_FOLLOWED_FILE_H_
#define LC_COMMON_FOLLOWED_FILE_H_

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/base/clock.h"
#include "common/base/file_system.h"
#include "common/base/status.h"
#include "common/tail/checkpoint.h"
#include "common/tail/file_identity.h"
#include "common/tail/line_handler.h"
#include "common/tail/line_splitter.h"
#include "common/tail/source_decoder.h"
#include "common/tail/start_position.h"
#include "common/tail/watch_source.h"

namespace lc {

// What every FollowedFile of a Tailer shares.
struct FollowContext {
  FileSystem* fs;
  Clock* clock;
  LineHandler* handler;
  size_t max_line_bytes;
  std::vector<char> buf;                       // one read buffer: the per-turn bound
  std::function<void()> save_before_new_key;   // checkpoint, before a new key's first line
  // Content read and let go (a truncation's old content, read on from the
  // copy): the Tailer keeps its entry until lc-ship commits it.  May be null.
  std::function<void(const CheckpointEntry&)> retire;
  int64_t bytes_read = 0;  // every file's new bytes, for --metrics-file
  // --encoding: the files' encoding when their watch's parser names none
  // (source_decoder.h); "" or UTF-8: read as they are.
  std::string encoding = "";
  // Shared by every file's partial line (TailOptions::max_pending_bytes,
  // byte_budget.h).  Null: no bound but max_line_bytes.
  std::shared_ptr<ByteBudget> pending = nullptr;
};

// Where a file was found: the source that matched it, its path, and the
// host directory its pattern starts from (file_system.h, confinement).
struct FoundAt {
  std::shared_ptr<WatchSource> source;
  std::string path;
  std::string beneath;
};

// An open(2) that failed for want of descriptors (EMFILE, ENFILE).
bool OutOfDescriptors(const Status& s);

class FollowedFile {
 public:
  // `file` is open on `info`; reading starts at `offset` (the decision `pos`
  // resolved: its offset, or the last line boundary).  `generation` 1: the
  // file was truncated while we were down.
  static std::unique_ptr<FollowedFile> New(FollowContext* ctx, FoundAt at, const FileInfo& info,
                                           std::unique_ptr<File> file, const StartPosition& pos,
                                           int64_t offset, int generation);
  static std::unique_ptr<FollowedFile> Resumed(FollowContext* ctx, FoundAt at, const FileInfo& info,
                                               std::unique_ptr<File> file, const StartPosition& pos,
                                               const CheckpointEntry& entry);
  // `info` is the rotated file's (a compressed copy has its own inode).
  static std::unique_ptr<FollowedFile> Rotated(FollowContext* ctx, FoundAt at, const FileInfo& info,
                                               std::unique_ptr<File> file, const StartPosition& pos,
                                               const CheckpointEntry& entry);

  // An empty file that has grown is keyed now (its first bytes), so that
  // the Tailer saves the new keys of a turn in one checkpoint, not one
  // each (1000 new files: 1000 saves of 1000 entries).  True if keyed.
  bool KeyIfGrown();
  // Bytes known to be there and not read yet, as of the last stat (the
  // discovery poll): the lag of --metrics-file.
  int64_t Unread() const { return std::max<int64_t>(0, size_seen_ - next_offset()); }

  enum class Read { kBytes, kEof, kError };
  // Reads one chunk.  On kError, *error says why (unset: reported already,
  // or its path names another file now and it is marked rotated; out of
  // descriptors while closed: OutOfDescriptors(*error), and it stays).
  Read ReadChunk(Status* error);
  // The NUL bytes of the holes skipped (runs of NULs where a line would
  // start: a sparse file) since the last call, counted once a run ends.
  int64_t TakeNulsSkipped();
  // Emits a held partial line, stamped `wall`.
  void FlushPartial(int64_t wall);
  // The file is gone for good: emit what is held, let the handler finish.
  void Finish();

  // ---- what discovery learns ----
  // Matched again by discovery at `path` (renamed and still matched, or
  // found rotated and back) for `source`, now `size` bytes long.
  void Seen(const std::string& path, const std::shared_ptr<WatchSource>& source, int64_t size);
  // The stat poll between two discoveries: the size of its descriptor; hot
  // if it changed.  A closed file (idle) is left to inotify and the next
  // discovery.
  void PollSize();
  // Not matched by the current discovery (yet).
  void Unmatch() { matched_ = false; }
  bool matched() const { return matched_; }
  // Its path names another file or nothing now: drain it, then let it go
  // once quiet for the rotate wait.
  void MarkRotated();
  bool rotated() const { return rotated_; }
  // Rotated and read to EOF once: its successor at the path may be read.
  bool drained() const { return drained_; }
  void MarkDrained() { drained_ = true; }
  // A successor came after it was drained: read to EOF again first.
  void ClearDrained() { drained_ = false; }
  int64_t rotated_mono() const { return rotated_mono_; }
  // When its rotate wait ends: rotate_wait after it was found rotated or
  // after its last byte, whichever came later.
  int64_t RotateWaitEnd(int64_t rotate_wait_ns) const;
  // The rotated file that held this path first: read it to EOF first.
  FollowedFile* predecessor() const { return predecessor_; }
  void set_predecessor(FollowedFile* p) { predecessor_ = p; }
  // Found empty, replacing the file `before` at its path: a copytruncate
  // before its first bytes were read left what it held then in copies
  // newer than `before`'s generation, which its first key reads first.
  void set_copies_after(const FileIdentity& before) { after_ = before; }
  const FileIdentity& identity() const { return id_; }
  // Its first bytes now (up to kSignatureBytes), through its descriptor;
  // false if they cannot be read.
  bool HeadNow(FileSignature* sig);
  // A rotated generation read under its own name ("x.log.1") is recorded in
  // the checkpoint under the path it was rotated from ("x.log"), where a
  // restart looks for it (RecoverGenerations).
  void set_home(const std::string& path) { home_ = path; }
  // May have new bytes: read it on the next turn.
  bool hot() const { return hot_; }
  void set_hot(bool hot) { hot_ = hot; }

  // ---- idleness ----
  bool holds_partial() const { return decoder_ ? decoder_->pending_bytes() > 0 : splitter_.pending_bytes() > 0; }
  int64_t last_data_mono() const { return last_data_mono_; }
  // Closes the descriptor (reopened by identity when it grows).
  void Close() { file_.reset(); }
  bool open() const { return file_ != nullptr; }
  // A descriptor may be given back: open, and not a rotated or deleted
  // file (those cannot be found again by their path).
  bool closable() const { return file_ != nullptr && !rotated_; }
  // Its writer has been quiet for `quiet_ns` by the file's own mtime.
  bool QuietFor(int64_t wall, int64_t quiet_ns);

  // ---- checkpoint ----
  // Has a key the saved checkpoint does not know yet.
  bool needs_checkpoint() const { return keyed_ && !in_checkpoint_; }
  // Empty when found: keyed by its first bytes when they come.
  bool needs_key() const { return !keyed_; }
  // The checkpoint about to be saved will know its key (if it has one).
  void MarkInCheckpoint() { in_checkpoint_ = keyed_; }
  // Its entry, as of now, seen at `now_s` (lengthening a young file's
  // signature on the way).  Without a key yet: false, unless it holds bytes
  // while it waits behind its predecessor (found empty, written, not read):
  // then the entry of the key its first bytes give now, at 0, so that a
  // restart that finds it rotated away, older than a later file the
  // checkpoint knows, does not take it for one read before.
  bool Entry(int64_t now_s, CheckpointEntry* e);
  // The entry of the content read so far, before a truncation replaces it:
  // its bytes from `now on` are the copy's (Truncated).
  void RetiredEntry(int64_t now_s, CheckpointEntry* e) const;

  const std::string& path() const { return view_.path; }
  // The directory its source's pattern names (FileSystem::Open's beneath).
  const std::string& beneath() const { return beneath_; }
  // `info` is its inode.
  bool Holds(const FileInfo& info) const { return id_.SameInode(info); }
  // The handler's view of it.
  TailedFile* view() { return &view_; }

 private:
  FollowedFile(FollowContext* ctx, FoundAt at, const FileInfo& info, std::unique_ptr<File> file,
               const StartPosition& pos);
  // False if it cannot be reopened: rotated (and not found beside its old
  // path), or, with *error set, out of descriptors (it stays ours).
  bool Reopen(Status* error);
  // A generation beside the path (rotated_generations.h) that is our inode
  // renamed, or compressed since (our first bytes, at least what we read),
  // opened (a .gz decompressed).  Null if none.
  std::unique_ptr<File> FindRenamed();
  // The copies beside the path (followed_file_copies.cc) made since the
  // generation that holds `known`: with `ours`, `known` is this file's
  // keyed content and `known` gets its copy (if it holds all we read);
  // else `known` is the file this one replaced.  `later`: the copies of
  // contents this inode held after it and lost to a truncation before we
  // looked, oldest first, up to our current content (`now`, its first
  // bytes).  None if the generation of `known` is not found.
  struct Copies {
    std::unique_ptr<File> known;
    std::vector<std::unique_ptr<File>> later;
  };
  void FindCopies(const FileIdentity& known, bool ours, const std::string& now, Copies* out);
  // Whether `copy` holds the bytes we read last where we read them (true
  // if we do not know them).
  bool EndsWithLastBytes(File* copy);
  // Feeds `copy` from `from` to its end (not through ctx_->buf).
  void ReadFrom(File* copy, int64_t from);
  // Reads a later copy whole, under a key of its own (this inode, its
  // first bytes, the next generation), and lets that content go.
  void ReadWhole(File* copy);
  // The content read so far is done: its last line out, its entry retired,
  // the next content starts at 0 under the next generation, unkeyed.
  void LetGo();
  // First keyed (by `now`, its first bytes) after it was found empty
  // replacing `after_`: the copies made of it before that are read first.
  void ReadCopiesBeforeFirstKey(const std::string& now);
  // Whether the file still begins with the bytes it was keyed by (true
  // while unkeyed, and when they cannot be read: the read that follows says
  // why).  One pread, no stat: shorter than those bytes is false.
  bool SignatureHolds();
  // Whether `head`, the file's first `n` bytes as read now (`more`: the
  // file holds more), still begins with what it was keyed by (true while
  // unkeyed, and where `n` is too few to tell).
  bool SignatureIn(const char* head, size_t n, bool more) const;
  // Computes the signature and the source key from the current content.
  void AssignKey(const FileInfo& info);
  // The same from `head`, the content's first bytes as read once (up to
  // kSignatureBytes); unkeyed if empty.
  void KeyBy(const std::string& head);
  // The source key of this file's content with identity `id`: the
  // identity's, and the generation's after a truncation (cursors of one key
  // never go backwards).
  std::string KeyOf(const FileIdentity& id) const;
  // The file's first bytes now, up to kSignatureBytes; false if none.
  bool ReadHead(std::string* head);
  // Truncated (copytruncate): the tail of what we read, from its copy, the
  // later copies whole, then the new content from 0.
  void Truncated();
  void Feed(const char* p, size_t n, int64_t read_time);
  // A file in another encoding (decoder_ set): its lines, decoded.
  void FeedDecoded(const char* p, size_t n, int64_t read_time);
  // The read position and the checkpoint's, from whichever splits lines.
  int64_t next_offset() const { return decoder_ ? decoder_->next_offset() : splitter_.next_offset(); }
  int64_t safe_offset() const { return decoder_ ? decoder_->safe_offset() : splitter_.safe_offset(); }
  // Continues at `offset`; a decoder resuming past a BOM reads the file's head.
  void ResetAt(int64_t offset);

  // view_ first: at offset 0 its address is `this`, which the per-line call
  // to the handler passes without computing it (one instruction a line).
  TailedFile view_;
  FollowContext* ctx_;
  LineSplitter splitter_;
  // Set for a file in another encoding than UTF-8: it splits and decodes
  // instead of splitter_ (source_decoder.h).  Null on the UTF-8 path.
  std::unique_ptr<SourceDecoder> decoder_;
  std::shared_ptr<WatchSource> source_;
  std::string beneath_;
  FileIdentity id_;
  std::unique_ptr<File> file_;    // null while closed for idleness
  int64_t start_ = 0;             // where reading began, for commit resume
  int64_t size_seen_ = 0;
  int64_t last_data_mono_ = 0;    // last time bytes arrived (or it was first seen)
  int generation_ = 0;            // bumped on truncation
  int64_t sig_checked_mono_ = 0;  // last re-verification of the signature
  FileSignature quick_of_;        // the signature quick_ was seen to match
  uint64_t quick_ = 0;            // QuickHash of the bytes id_.sig hashes
  // The last bytes read (up to kRereadBytes), which end at the read
  // position.  Each read starts that far back and must find them again:
  // other bytes there mean the file was truncated and written past our
  // position between two looks (copytruncate under a writer faster than the
  // read delay), which neither its size nor a rare signature check can
  // tell.  Empty where unknown (resumed, reopened, just truncated).
  std::string last_bytes_;
  std::string home_;  // set_home; empty: view_.path
  bool rotated_ = false;
  bool drained_ = false;
  int64_t rotated_mono_ = 0;      // when it was found rotated
  bool matched_ = true;           // matched in the current discovery
  bool hot_ = true;
  bool keyed_ = false;            // has a source key
  bool in_checkpoint_ = false;    // the saved checkpoint knows its key
  FollowedFile* predecessor_ = nullptr;
  FileIdentity after_;       // set_copies_after; sig.len 0: none
  int64_t nul_run_ = 0;      // NULs of a hole skipped, the run not ended yet
  int64_t nul_skipped_ = 0;  // of ended runs, not yet taken
};

}  // namespace lc

#endif  // LC_COMMON_FOLLOWED_FILE_H_
