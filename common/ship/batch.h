// Batch: the unit lc-ship delivers.  Records (NDJSON lines, without their
// newline) kept in one owned buffer, and for each source the cursor of its
// last record in the batch, which is what the commit may advance to once the
// whole batch is resolved.
//
// BatchBuilder cuts the input stream into batches: a batch is full at
// --batch-records records or --batch-bytes bytes, and due --batch-wait after
// its first record arrived (the caller asks Due() with its clock).
//
// The cursor of a record is its top-level "lc.cursor" string field, found by
// FindCursor (common/stream/record.h, lc-streams(7), RECORDS).  A line is
// delivered whatever it holds, but commits its cursor only when it is one
// whole JSON object (checked strictly: json_validate.h) and the cursor has a
// non-empty source key: a torn, truncated or glued line, or text that merely
// contains `"lc.cursor":"k:7"`, commits nothing.
#ifndef LC_COMMON_BATCH_H_
#define LC_COMMON_BATCH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/string_map.h"
#include "common/stream/record.h"  // FindCursor, for batch.cc and the sinks

namespace lc {

struct Batch {
  uint64_t seq = 0;  // order of creation, from 1
  std::string data;  // the records' bytes, each followed by '\n'
  std::vector<std::pair<uint32_t, uint32_t>> spans;  // offset, length of each record
  // Per source key, the cursor offset of its last record here, in first-seen order.
  std::vector<std::pair<std::string, int64_t>> last_cursors;
  int64_t first_mono = 0;  // when the first record was added

  size_t size() const { return spans.size(); }
  bool empty() const { return spans.empty(); }
  std::string_view at(size_t i) const {
    return std::string_view(data.data() + spans[i].first, spans[i].second);
  }
  std::vector<std::string_view> Views() const;
};

// A batch holding copies of `records`, with their cursors found: a part of a
// batch being resent, a segment replayed from the spool, a test's batch.
// Not for the input path, which BatchBuilder fills without a copy per record.
Batch BatchOf(const std::vector<std::string_view>& records);

struct BatchLimits {
  size_t max_bytes = 1 << 20;
  size_t max_records = 10000;
  int64_t max_wait_nanos = 1'000'000'000;
};

class BatchRecycler;

class BatchBuilder {
 public:
  // With a `recycler`, each batch starts in the buffers of one delivered
  // before, if it holds any (common/ship/batch_recycler.h).
  explicit BatchBuilder(const BatchLimits& limits, BatchRecycler* recycler = nullptr)
      : limits_(limits), recycler_(recycler) {}

  // What a line added is, for the caller's counters.
  enum class Kind { kCursor, kNoCursor, kNotJson };
  // Appends one record (without newline), whatever it is; only kCursor
  // lines advance the batch's cursors.
  Kind Add(std::string_view record, int64_t mono_now);
  bool empty() const { return batch_.empty(); }
  bool Full() const {
    return batch_.size() >= limits_.max_records || batch_.data.size() >= limits_.max_bytes;
  }
  // Nanoseconds until the batch is due (<= 0: now); only when !empty().
  int64_t DueIn(int64_t mono_now) const { return batch_.first_mono + limits_.max_wait_nanos - mono_now; }
  // Hands over the batch built so far (numbered) and starts a new one.
  Batch Take();
  // True when the batch being built has a record of source `key`.
  bool Holds(std::string_view key) const {
    const auto* e = index_.Find(key);
    return !batch_.empty() && e != nullptr && e->value.seq == next_seq_;
  }

 private:
  BatchLimits limits_;
  BatchRecycler* recycler_;
  Batch batch_;
  uint64_t next_seq_ = 1;
  std::string key_;  // a cursor key with escapes, decoded
  size_t last_source_ = 0;  // index into last_cursors of the previous hit
  // Source key -> (seq of the batch that last held it, its index into that
  // batch's last_cursors).  Kept across batches: a node's thousand sources
  // are in nearly every batch, and rebuilding this per batch cost an
  // allocation per source per batch.  Emptied when mostly stale (sources
  // gone since), so it stays within a few times the sources of a batch.
  struct Slot {
    uint64_t seq = 0;
    size_t index = 0;
  };
  StringMap<Slot> index_;
};

}  // namespace lc

#endif  // LC_COMMON_BATCH_H_
