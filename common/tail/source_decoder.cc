#include "common/tail/source_decoder.h"

#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

namespace lc {

std::string SourceEncoding(const std::string& parser_json, const std::string& fallback) {
  if (parser_json.find("\"encoding\"") == std::string::npos) return fallback;  // no parse per file
  nlohmann::json p = nlohmann::json::parse(parser_json, nullptr, false);
  if (!p.is_object()) return fallback;
  auto it = p.find("encoding");
  return it != p.end() && it->is_string() ? it->get<std::string>() : fallback;
}

SourceDecoder::SourceDecoder(std::unique_ptr<TextDecoder> decoder, size_t max_line_bytes,
                             std::shared_ptr<ByteBudget> budget)
    : decoder_(std::move(decoder)),
      max_(max_line_bytes < 8 ? 8 : max_line_bytes & ~static_cast<size_t>(3)),  // whole units
      share_(std::move(budget)) {}

void SourceDecoder::Held() {
  if (held_.empty() && held_.capacity() > (size_t{64} << 10)) std::string().swap(held_);
  share_.Set(held_.size());
}

void SourceDecoder::Reset(int64_t offset) {
  start_ = offset;
  held_.clear();
  scanned_ = 0;
  in_long_line_ = false;
  at_file_start_ = offset == 0;
  Held();
}

void SourceDecoder::Head(const char* p, size_t n) { decoder_->Bom(p, n); }

size_t SourceDecoder::EmitPieces(size_t pos, size_t len, size_t cap, EmitFn emit, void* ctx) {
  size_t used = 0;
  while (len - used > cap) {
    line_.clear();
    size_t took = decoder_->Decode(held_.data() + pos + used, cap, false, &line_);
    if (took == 0) took = decoder_->Decode(held_.data() + pos + used, cap, true, &line_);
    used += took;
    in_long_line_ = true;
    emit(ctx, line_.data(), line_.size(), start_ + static_cast<int64_t>(pos + used), true);
  }
  return used;
}

size_t SourceDecoder::EmitLine(size_t pos, size_t len, size_t nl, EmitFn emit, void* ctx) {
  size_t used = EmitPieces(pos, len, max_, emit, ctx);
  line_.clear();
  decoder_->Decode(held_.data() + pos + used, len - used, true, &line_);
  emit(ctx, line_.data(), line_.size(), start_ + static_cast<int64_t>(pos + len + nl), in_long_line_);
  in_long_line_ = false;
  return len + nl;
}

void SourceDecoder::FeedTo(const char* p, size_t n, EmitFn emit, void* ctx) {
  held_.append(p, n);
  if (at_file_start_) {
    size_t want = decoder_->bom_bytes();
    if (held_.size() < want && want > 0) return;  // too few bytes to tell yet
    at_file_start_ = false;
    size_t skip = decoder_->Bom(held_.data(), held_.size());
    held_.erase(0, skip);
    start_ += static_cast<int64_t>(skip);
  }
  const std::string& nl = decoder_->newline();
  const size_t unit = nl.size();
  size_t k = 0;  // the newline's byte searched for: its first non-NUL one
  while (k + 1 < unit && nl[k] == '\0') k++;
  const char* base = held_.data();
  size_t size = held_.size();
  size_t pos = 0;        // start of the current line in held_
  size_t from = scanned_;
  while (true) {
    const void* hit = from + k < size ? memchr(base + from + k, nl[k], size - from - k) : nullptr;
    if (hit == nullptr) break;
    size_t s = static_cast<size_t>(static_cast<const char*>(hit) - base) - k;  // candidate newline start
    if ((s - pos) % unit != 0 || s + unit > size || memcmp(base + s, nl.data(), unit) != 0) {
      from = s + 1;
      continue;
    }
    pos += EmitLine(pos, s - pos, unit, emit, ctx);
    from = pos;
  }
  // The unfinished line: pieces of it if already too long, or longer than
  // the budget leaves (whole units: the floor is a multiple of 4), the rest
  // held.
  size_t cap = std::min(max_, share_.Room() & ~static_cast<size_t>(3));
  pos += EmitPieces(pos, size - pos, cap, emit, ctx);
  held_.erase(0, pos);
  start_ += static_cast<int64_t>(pos);
  scanned_ = held_.size() >= unit ? (held_.size() - unit + 1) / unit * unit : 0;
  Held();
}

void SourceDecoder::FlushTo(EmitFn emit, void* ctx) {
  if (held_.empty()) return;
  line_.clear();
  decoder_->Decode(held_.data(), held_.size(), true, &line_);
  start_ += static_cast<int64_t>(held_.size());
  held_.clear();
  scanned_ = 0;
  Held();
  emit(ctx, line_.data(), line_.size(), start_, in_long_line_);
  in_long_line_ = false;
}

}  // namespace lc
