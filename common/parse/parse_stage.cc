#include "common/parse/parse_stage.h"

#include <algorithm>
#include <utility>


namespace lc {

struct ParseStage::FileState {
  ShapeState shape;
  std::shared_ptr<void> next;  // the next handler's handler_state
};

namespace {
// Runs fn with the next handler's state in f->handler_state.
template <typename Fn>
void WithNext(TailedFile* f, ParseStage::FileState* st, Fn&& fn) {
  std::swap(f->handler_state, st->next);
  fn();
  std::swap(f->handler_state, st->next);
}
}  // namespace

ParseStage::FileState* ParseStage::State(TailedFile* f) {
  if (f->handler_state == nullptr) Begin(f);
  return static_cast<FileState*>(f->handler_state.get());
}

void ParseStage::Begin(TailedFile* f) {
  auto st = std::make_shared<FileState>();
  f->handler_state = nullptr;
  next_->Begin(f);
  st->next = std::move(f->handler_state);
  f->handler_state = st;
}

void ParseStage::BeginChunk(TailedFile* f) {
  FileState* st = State(f);
  WithNext(f, st, [&] { next_->BeginChunk(f); });
}

void ParseStage::EndChunk(TailedFile* f) {
  FileState* st = State(f);
  WithNext(f, st, [&] { next_->EndChunk(f); });
}

void ParseStage::Emit(TailedFile* f, FileState* st, const char* p, size_t n, int64_t end,
                      bool truncated, int64_t time, std::string_view fields) {
  WithNext(f, st, [&] { next_->Record(f, p, n, end, truncated, time, fields); });
}

void ParseStage::Line(TailedFile* f, const char* p, size_t n, int64_t end, bool truncated,
                      int64_t read_time) {
  FileState* st = State(f);
  // A piece of an over-long line ends at `end` without its newline.
  int64_t start = end - static_cast<int64_t>(n) - (truncated ? 0 : 1);
  shaper_->SetTags(f->source != nullptr ? &f->source->tags : nullptr, tags_);
  shaper_->Add(&st->shape, p, n, start, end, truncated, read_time, shaper_->joining() ? clock_->MonoNanos() : 0,
               [&](const char* b, size_t len, int64_t e, bool t, int64_t tm, std::string_view fields) {
                 Emit(f, st, b, len, e, t, tm, fields);
               });
}

void ParseStage::Idle(TailedFile* f, int64_t mono_now, bool final) {
  FileState* st = State(f);
  shaper_->MaybeReport();
  if (shaper_->Holds(st->shape)) {
    shaper_->SetTags(f->source != nullptr ? &f->source->tags : nullptr, tags_);
    shaper_->Idle(&st->shape, mono_now, final,
                  [&](const char* b, size_t len, int64_t e, bool t, int64_t tm, std::string_view fields) {
                    Emit(f, st, b, len, e, t, tm, fields);
                  });
  }
  WithNext(f, st, [&] { next_->Idle(f, mono_now, final); });
}

int64_t ParseStage::Deadline(const TailedFile& f) const {
  auto* st = static_cast<FileState*>(f.handler_state.get());
  if (st == nullptr) return kNoDeadline;
  TailedFile& mf = const_cast<TailedFile&>(f);
  int64_t next = kNoDeadline;
  WithNext(&mf, st, [&] { next = next_->Deadline(mf); });
  return std::min(next, shaper_->Deadline(st->shape));
}

int64_t ParseStage::SafeOffset(const TailedFile& f, int64_t splitter_safe) {
  auto* st = static_cast<FileState*>(f.handler_state.get());
  if (st == nullptr) return splitter_safe;
  TailedFile& mf = const_cast<TailedFile&>(f);
  int64_t next = splitter_safe;
  WithNext(&mf, st, [&] { next = next_->SafeOffset(mf, splitter_safe); });
  return shaper_->SafeOffset(st->shape, next);
}

}  // namespace lc
