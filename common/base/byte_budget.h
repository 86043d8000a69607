// ByteBudget: a bound on the bytes that many holders keep together, and
// ByteShare, one holder's part of it.  The files of lc-tail and lc-stdout
// hold unfinished lines (line_splitter.h, source_decoder.h,
// stream_joiner.h) and multiline records (multiline_joiner.h); bounded one
// by one, N files could hold N times the per-file bound (1000 files each
// holding a 1 MiB record: 1 GB, and the DaemonSet's memory limit kills the
// agent).  Bounded together by one budget (--max-pending-bytes), what they
// hold stays near it.
//
// A holder asks Room() before it grows and says what it holds with Set();
// past Room it hands out what it holds (flagged truncated), nothing lost.
// Each holder may always hold kFloor bytes whatever the others hold, so N
// holders keep at most limit + N * kFloor.  A holder that stays within
// kFloor need not count itself at all (the hot paths of short lines and
// short records skip it: one compare).
//
// The budget is owned by its shares and its maker together (shared_ptr):
// a holder may outlive the tool part that made the budget, in either
// order.  Not thread-safe: one reader loop owns it and its shares.
#ifndef LC_COMMON_BASE_BYTE_BUDGET_H_
#define LC_COMMON_BASE_BYTE_BUDGET_H_

#include <cstddef>
#include <cstdint>
#include <memory>

namespace lc {

class ByteBudget {
 public:
  static constexpr size_t kFloor = 4096;

  explicit ByteBudget(size_t limit) : limit_(limit) {}
  ByteBudget(const ByteBudget&) = delete;
  ByteBudget& operator=(const ByteBudget&) = delete;

  size_t limit() const { return limit_; }
  size_t used() const { return used_; }  // by all shares together

 private:
  friend class ByteShare;
  size_t limit_;
  size_t used_ = 0;
};

class ByteShare {
 public:
  // Unattached: Room() is unbounded and nothing is counted.
  ByteShare() = default;
  explicit ByteShare(std::shared_ptr<ByteBudget> budget) : budget_(std::move(budget)) {}
  ~ByteShare() { Set(0); }
  ByteShare(const ByteShare&) = delete;  // its bytes are counted once
  ByteShare& operator=(const ByteShare&) = delete;

  // Counts this share in `budget` from now on, what it counted before
  // moved there (a holder handed to another tool part keeps its bytes
  // counted once).
  void Attach(std::shared_ptr<ByteBudget> budget) {
    size_t n = counted_;
    Set(0);
    budget_ = std::move(budget);
    Set(n);
  }
  const ByteBudget* budget() const { return budget_.get(); }

  // This holder now holds n bytes.
  void Set(size_t n) {
    if (budget_ == nullptr) return;
    budget_->used_ = budget_->used_ - counted_ + n;
    counted_ = n;
  }
  size_t counted() const { return counted_; }

  // The most this holder may hold now: what the other shares leave of the
  // limit, kFloor at least.
  size_t Room() const {
    if (budget_ == nullptr) return SIZE_MAX;
    size_t others = budget_->used_ - counted_;
    size_t left = budget_->limit_ > others ? budget_->limit_ - others : 0;
    return left > ByteBudget::kFloor ? left : ByteBudget::kFloor;
  }

 private:
  std::shared_ptr<ByteBudget> budget_;
  size_t counted_ = 0;
};

}  // namespace lc

#endif  // LC_COMMON_BASE_BYTE_BUDGET_H_
