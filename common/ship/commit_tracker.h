// CommitTracker: which cursor each source may commit to, given batches that
// resolve out of order (several are in flight at once).
//
// Batches are added in the order they were cut from the input; each carries,
// per source, the cursor offset of its last record.  A batch is resolved when
// every record of it is delivered, dead-lettered or durably spooled.  A
// source's committed cursor is the offset of its last record in the longest
// run of resolved batches, from the oldest, among the batches holding that
// source: it never passes a record of that source that is still
// undelivered, while other sources advance independently.
//
// Sources absent from this run keep the cursors loaded at start, until
// their producer forgets them (forget_line.h): then its state here and its
// committed cursor go, so that neither grows with every source a node
// ever had.
//
// Cost: a batch holds every source that wrote during it (a thousand on a
// busy node, several batches a second), so a source's state is kept from
// batch to batch, found by one hash lookup of its key in Add and by pointer
// in Resolve; the key is copied once, when first seen.
#ifndef LC_COMMON_COMMIT_TRACKER_H_
#define LC_COMMON_COMMIT_TRACKER_H_

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/string_map.h"
#include "common/stream/commit_file.h"

namespace lc {

class CommitTracker {
 public:
  explicit CommitTracker(CursorMap committed = CursorMap()) : committed_(std::move(committed)) {}
  // Movable, not copyable: it holds pointers into its own maps (a move
  // keeps their nodes where they are).
  CommitTracker(CommitTracker&&) = default;
  CommitTracker& operator=(CommitTracker&&) = default;
  CommitTracker(const CommitTracker&) = delete;
  CommitTracker& operator=(const CommitTracker&) = delete;

  // Registers batch `seq` (strictly increasing) with its last cursor per source.
  void Add(uint64_t seq, const std::vector<std::pair<std::string, int64_t>>& last_cursors);
  // Marks batch `seq` resolved; advances what may be committed.
  void Resolve(uint64_t seq);
  // Forgets `key` and its committed cursor, its producer having said it
  // will never resume it.  Not while a batch holding it is unresolved (a
  // producer forgets a source long after its last record; one that came
  // back meanwhile is kept): false then, and nothing changes.
  bool Forget(std::string_view key);

  const CursorMap& committed() const { return committed_; }
  // True when committed() changed since the last MarkClean().
  bool dirty() const { return dirty_; }
  void MarkClean() { dirty_ = false; }
  // Batches added and not yet resolved.
  size_t pending() const { return sources_of_.size(); }

 private:
  struct Entry {
    uint64_t seq;
    int64_t offset;
    bool resolved;
  };
  struct Source {
    std::deque<Entry> waiting;      // by seq
    int64_t* committed = nullptr;   // its value in committed_, once it has one
  };
  CursorMap committed_;
  StringMap<Source> sources_;
  std::map<uint64_t, std::vector<std::pair<std::string_view, Source*>>> sources_of_;  // unresolved batch -> its sources
  bool dirty_ = false;
};

}  // namespace lc

#endif  // LC_COMMON_COMMIT_TRACKER_H_
