#include "common/parse/parse_stage.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "common/base/signals.h"
#include "common/parse/shape_config.h"

namespace lc {

struct ParseStage::FileState {
  RecordShaper* shaper = nullptr;  // null: lines pass through
  ShapeState shape;
  std::shared_ptr<void> next;  // the next handler's handler_state
  // The monotonic time of the read whose lines are being handed in (0
  // outside a chunk): a joined record's idle timeout counts from its read,
  // so one clock reading serves every line of it.
  int64_t chunk_mono = 0;
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

RecordShaper* ParseStage::ShaperFor(const WatchSource* source) {
  if (source == nullptr || (source->parser.empty() && source->multiline.empty())) return shaper_;
  std::string key = source->parser + '\x1f' + source->multiline;
  auto it = by_config_.find(key);
  if (it == by_config_.end()) {
    std::unique_ptr<RecordShaper> made;
    Status s = MakeShaperFromConfig(source->parser, source->multiline, &made);
    if (!s.ok()) {
      fprintf(stderr, "%s: watch %s: %s; its files are read unparsed\n", tool_, source->key.c_str(),
              s.message().c_str());
    }
    if (made != nullptr && budget_ != nullptr) made->ShareBudget(budget_);
    it = by_config_.emplace(key, std::move(made)).first;
  }
  return it->second.get();
}

void ParseStage::ShareBudget(std::shared_ptr<ByteBudget> budget) {
  budget_ = std::move(budget);
  if (shaper_ != nullptr) shaper_->ShareBudget(budget_);
  for (auto& [key, s] : by_config_) {
    if (s != nullptr) s->ShareBudget(budget_);
  }
}

bool ParseStage::parsing() const {
  if (shaper_ != nullptr && shaper_->parsing()) return true;
  for (const auto& [key, s] : by_config_) {
    if (s != nullptr && s->parsing()) return true;
  }
  return false;
}

std::string ParseStage::CountersJson() const {
  uint64_t parsed = 0, failed = 0;
  int64_t time_failed = -1;  // -1: no shaper reads a time field
  auto add = [&](const RecordShaper* s) {
    if (s == nullptr) return;
    parsed += s->parsed();
    failed += s->failed();
    if (s->timing()) time_failed = std::max<int64_t>(time_failed, 0) + static_cast<int64_t>(s->time_failed());
  };
  add(shaper_);
  for (const auto& [key, s] : by_config_) add(s.get());
  return RecordShaper::CountersJson(parsed, failed, time_failed);
}

void ParseStage::MaybeReport() {
  if (parsing() && TakeReportRequest()) fprintf(stderr, "%s\n", CountersJson().c_str());
}

void ParseStage::Begin(TailedFile* f) {
  auto st = std::make_shared<FileState>();
  st->shaper = ShaperFor(f->source);
  f->handler_state = nullptr;
  next_->Begin(f);
  st->next = std::move(f->handler_state);
  f->handler_state = st;
}

void ParseStage::BeginChunk(TailedFile* f) {
  FileState* st = State(f);
  if (st->shaper != nullptr && st->shaper->joining()) st->chunk_mono = clock_->MonoNanos();
  WithNext(f, st, [&] { next_->BeginChunk(f); });
}

void ParseStage::EndChunk(TailedFile* f) {
  FileState* st = State(f);
  st->chunk_mono = 0;
  WithNext(f, st, [&] { next_->EndChunk(f); });
}

void ParseStage::Emit(TailedFile* f, FileState* st, const char* p, size_t n, int64_t end,
                      bool truncated, int64_t time, std::string_view fields) {
  WithNext(f, st, [&] { next_->Record(f, p, n, end, truncated, time, fields); });
}

void ParseStage::Line(TailedFile* f, const char* p, size_t n, int64_t end, bool truncated,
                      int64_t read_time) {
  FileState* st = State(f);
  RecordShaper* shaper = st->shaper;
  if (shaper == nullptr) {
    WithNext(f, st, [&] { next_->Line(f, p, n, end, truncated, read_time); });
    return;
  }
  // A piece of an over-long line ends at `end` without its newline.
  int64_t start = end - static_cast<int64_t>(n) - (truncated ? 0 : 1);
  shaper->SetTags(f->source != nullptr ? &f->source->tags : nullptr, tags_);
  shaper->Add(&st->shape, p, n, start, end, truncated, read_time, Mono(*shaper, *st),
              [&](const char* b, size_t len, int64_t e, bool t, int64_t tm, std::string_view fields) {
                Emit(f, st, b, len, e, t, tm, fields);
              });
}

int64_t ParseStage::Mono(const RecordShaper& shaper, const FileState& st) const {
  if (!shaper.joining()) return 0;
  return st.chunk_mono != 0 ? st.chunk_mono : clock_->MonoNanos();
}

void ParseStage::Idle(TailedFile* f, int64_t mono_now, bool final) {
  FileState* st = State(f);
  MaybeReport();
  RecordShaper* shaper = st->shaper;
  if (shaper != nullptr && shaper->Holds(st->shape)) {
    shaper->SetTags(f->source != nullptr ? &f->source->tags : nullptr, tags_);
    shaper->Idle(&st->shape, mono_now, final,
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
  return st->shaper == nullptr ? next : std::min(next, st->shaper->Deadline(st->shape));
}

int64_t ParseStage::SafeOffset(const TailedFile& f, int64_t splitter_safe) {
  auto* st = static_cast<FileState*>(f.handler_state.get());
  if (st == nullptr) return splitter_safe;
  TailedFile& mf = const_cast<TailedFile&>(f);
  int64_t next = splitter_safe;
  WithNext(&mf, st, [&] { next = next_->SafeOffset(mf, splitter_safe); });
  return st->shaper == nullptr ? next : st->shaper->SafeOffset(st->shape, next);
}

}  // namespace lc
