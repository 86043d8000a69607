#include "common/ship/batch.h"

#include "common/json/json_validate.h"
#include "common/ship/batch_recycler.h"

namespace lc {

std::vector<std::string_view> Batch::Views() const {
  std::vector<std::string_view> v;
  v.reserve(spans.size());
  for (size_t i = 0; i < spans.size(); i++) v.push_back(at(i));
  return v;
}

BatchBuilder::Kind BatchBuilder::Add(std::string_view record, int64_t mono_now) {
  if (batch_.empty()) {
    if (recycler_ != nullptr) batch_ = recycler_->Get();
    batch_.first_mono = mono_now;
    batch_.data.reserve(limits_.max_bytes + (limits_.max_bytes >> 3));
  }
  batch_.spans.emplace_back(static_cast<uint32_t>(batch_.data.size()), static_cast<uint32_t>(record.size()));
  batch_.data.append(record.data(), record.size());
  batch_.data.push_back('\n');
  if (!IsJsonObject(record)) return Kind::kNotJson;
  int64_t offset;
  std::string_view key;
  if (!FindCursor(record, &key_, &key, &offset) || key.empty()) return Kind::kNoCursor;
  auto& lc = batch_.last_cursors;
  // Records of one source come in runs: try the previous source first.
  if (last_source_ < lc.size() && lc[last_source_].first == key) {
    lc[last_source_].second = offset;
    return Kind::kCursor;
  }
  auto* e = index_.FindOrAdd(key);
  Slot& slot = e->value;
  if (slot.seq != next_seq_) {  // first in this batch
    slot = Slot{next_seq_, lc.size()};
    lc.emplace_back(e->key, offset);
  } else {
    lc[slot.index].second = offset;
  }
  last_source_ = slot.index;
  return Kind::kCursor;
}

Batch BatchOf(const std::vector<std::string_view>& records) {
  BatchLimits limits;
  limits.max_bytes = records.size();
  for (auto r : records) limits.max_bytes += r.size();
  BatchBuilder builder(limits);
  for (auto r : records) builder.Add(r, 0);
  return builder.Take();
}

Batch BatchBuilder::Take() {
  Batch b = std::move(batch_);
  b.seq = next_seq_++;
  batch_ = Batch();
  if (index_.size() > 4 * b.last_cursors.size() + 1024) index_.clear();
  last_source_ = 0;
  return b;
}

}  // namespace lc
