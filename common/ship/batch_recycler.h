// BatchRecycler: the emptied shells of delivered batches (their record
// buffer and span vector, capacity kept), handed to the next batches.
//
// Why: a batch's buffer is about --batch-bytes (1 MiB).  Allocated afresh
// for each batch and freed by the sender thread after delivery, glibc gave
// the memory back to the kernel at the free (heap trim) and took it again
// page by page as the next batch filled (a page fault and a zeroed page per
// 4 KiB): 6-7% of lc-ship's CPU following 100 files at 10 MB/s (issue 12).
// Kept here, the pages stay mapped; peak memory is unchanged, since the
// batches in flight held them at once anyway.
//
// Thread-safe: senders Put, the reading thread Get.  Holds at most `keep`
// shells; more are freed.
#ifndef LC_COMMON_SHIP_BATCH_RECYCLER_H_
#define LC_COMMON_SHIP_BATCH_RECYCLER_H_

#include <cstddef>
#include <mutex>
#include <vector>

#include "common/ship/batch.h"

namespace lc {

class BatchRecycler {
 public:
  explicit BatchRecycler(size_t keep) : keep_(keep) {}
  // Keeps `b`'s buffers, emptied, if fewer than `keep` are kept.
  void Put(Batch&& b);
  // An empty batch, with the buffers of one put earlier if any.
  Batch Get();

 private:
  std::mutex mu_;
  std::vector<Batch> free_;
  size_t keep_;
};

}  // namespace lc

#endif  // LC_COMMON_SHIP_BATCH_RECYCLER_H_
