// SourceDecoder: the line splitter of a file in another encoding than
// UTF-8 (--encoding, text_decoder.h): the file's bytes become lines of
// UTF-8, each with the offset in the SOURCE bytes just past its newline.
//
// Contracts (those of line_splitter.h, in source bytes):
//  - Lines end at the encoding's own newline code unit ("\n" in GBK, 0A 00
//    in UTF-16LE), found at the unit's alignment from the line's start, so
//    a GBK trail byte or the high byte of a UTF-16 unit is never taken for
//    one; each line is then decoded whole.  Splitting on the decoded '\n'
//    gives the same lines, and this way every line end is a source offset
//    by construction: checkpoints, cursors and `end` stay in source bytes,
//    and a restart resumes after the last line emitted, never inside a
//    character.
//  - Bytes after the last newline wait, as a partial line (a character cut
//    by a read waits for its remaining bytes with it); safe_offset() stays
//    before them.  FlushPartial decodes them as they are (a cut character
//    becomes U+FFFD).
//  - A line longer than max_line_bytes SOURCE bytes is cut into pieces at
//    character boundaries, each handed out with truncated=true.  With a
//    ByteBudget, a partial line is cut so too when it would take more than
//    the budget leaves it (as line_splitter.h does), counted in source bytes.
//  - At offset 0 a byte order mark is skipped (and, for "utf-16", picks the
//    byte order); resuming later, Head() is given the file's first bytes.
//  - Invalid bytes become U+FFFD (text_decoder.h); the line is emitted.
// The UTF-8 default never comes here: LineSplitter alone, as before.
#ifndef LC_COMMON_TAIL_SOURCE_DECODER_H_
#define LC_COMMON_TAIL_SOURCE_DECODER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

#include "common/base/byte_budget.h"
#include "common/base/text_decoder.h"

namespace lc {

// The encoding of a watch's files: its parser object's "encoding"
// (lc-config(5); checked where the object is, parse/shape_config.h), else
// `fallback` (--encoding).
std::string SourceEncoding(const std::string& parser_json, const std::string& fallback);

class SourceDecoder {
 public:
  SourceDecoder(std::unique_ptr<TextDecoder> decoder, size_t max_line_bytes,
                std::shared_ptr<ByteBudget> budget = nullptr);

  // emit(const char* utf8, size_t n, int64_t source_end, bool truncated)
  template <typename Emit>
  void Feed(const char* p, size_t n, Emit&& emit) {
    FeedTo(p, n, &Call<std::remove_reference_t<Emit>>, &emit);
  }
  template <typename Emit>
  void FlushPartial(Emit&& emit) {
    FlushTo(&Call<std::remove_reference_t<Emit>>, &emit);
  }
  // Forgets everything and continues at `offset` (0: a BOM may come).
  void Reset(int64_t offset);
  // The file's first bytes, when reading starts after them (a resume):
  // "utf-16" learns its byte order from their BOM.
  void Head(const char* p, size_t n);
  bool wants_head() const { return decoder_->has_bom(); }

  int64_t safe_offset() const { return start_; }
  int64_t next_offset() const { return start_ + static_cast<int64_t>(held_.size()); }
  size_t pending_bytes() const { return held_.size(); }

 private:
  using EmitFn = void (*)(void* ctx, const char* p, size_t n, int64_t end, bool truncated);
  template <typename Emit>
  static void Call(void* ctx, const char* p, size_t n, int64_t end, bool truncated) {
    (*static_cast<Emit*>(ctx))(p, n, end, truncated);
  }
  void FeedTo(const char* p, size_t n, EmitFn emit, void* ctx);
  void FlushTo(EmitFn emit, void* ctx);
  // Hands out [pos, pos+len) of held_ as one line (its newline: nl bytes
  // after it), in pieces if longer than max_; returns the bytes used.
  size_t EmitLine(size_t pos, size_t len, size_t nl, EmitFn emit, void* ctx);
  // Emits pieces of at most `cap` bytes of the line at `pos` while it is
  // longer than `cap`; returns the bytes used.
  size_t EmitPieces(size_t pos, size_t len, size_t cap, EmitFn emit, void* ctx);
  // Counts held_ in the budget, its memory given back after a long line.
  void Held();

  std::unique_ptr<TextDecoder> decoder_;
  size_t max_;
  int64_t start_ = 0;       // source offset of held_[0]: a line's start
  std::string held_;        // source bytes not handed out yet
  size_t scanned_ = 0;      // held_[0, scanned_) holds no newline (unit-aligned)
  std::string line_;        // the decoded line (keeps its capacity)
  bool at_file_start_ = true;  // a BOM may come
  bool in_long_line_ = false;
  ByteShare share_;  // held_ as counted in the budget, if any
};

}  // namespace lc

#endif  // LC_COMMON_TAIL_SOURCE_DECODER_H_
