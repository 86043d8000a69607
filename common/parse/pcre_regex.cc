#define PCRE2_CODE_UNIT_WIDTH 8
#include "common/parse/pcre_regex.h"

#include <pcre2.h>

#include <algorithm>

namespace lc {

struct PcreRegex::Impl {
  pcre2_code* code = nullptr;
  pcre2_match_data* md = nullptr;
  pcre2_match_context* mctx = nullptr;
  pcre2_jit_stack* jit_stack = nullptr;
  bool jit = false;
  // What a line needs to be worth PCRE2's call (see Compile).
  uint32_t min_length = 0;
  bool first_known = false;   // an anchored pattern whose first bytes PCRE2 knows
  uint8_t first_bytes[32] = {};  // a bitmap of them
  // Whether PCRE2's own start-up checks already rule `s` out.
  bool RuledOut(std::string_view s) const {
    if (s.size() < min_length) return true;
    if (first_known) {  // then no match is empty
      if (s.empty()) return true;
      auto b = static_cast<unsigned char>(s[0]);
      if ((first_bytes[b / 8] & (1u << (b % 8))) == 0) return true;
    }
    return false;
  }
  ~Impl() {
    if (md) pcre2_match_data_free(md);
    if (mctx) pcre2_match_context_free(mctx);
    if (jit_stack) pcre2_jit_stack_free(jit_stack);
    if (code) pcre2_code_free(code);
  }
};

namespace {
std::string PcreMessage(int rc) {
  PCRE2_UCHAR buf[256];
  if (pcre2_get_error_message(rc, buf, sizeof buf) < 0) return "error " + std::to_string(rc);
  return reinterpret_cast<const char*>(buf);
}
}  // namespace

static_assert(PCRE2_UNSET == ~size_t{0}, "PcreRegex::kUnset is PCRE2_UNSET");

PcreRegex::~PcreRegex() = default;

Status PcreRegex::Compile(std::string_view flag, std::string_view pattern,
                          std::unique_ptr<PcreRegex>* out) {
  std::unique_ptr<PcreRegex> r(new PcreRegex);
  r->impl_ = std::make_unique<Impl>();
  Impl& m = *r->impl_;
  int err = 0;
  PCRE2_SIZE off = 0;
  // Not PCRE2_UTF: lines may hold invalid UTF-8, which PCRE2 would refuse
  // to look at; byte semantics match them all.
  m.code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), 0, &err,
                         &off, nullptr);
  if (m.code == nullptr) {
    return Status::InvalidArgument(std::string(flag) + ": regex '" + std::string(pattern) +
                                   "' does not compile at offset " + std::to_string(off) + ": " +
                                   PcreMessage(err));
  }
  m.jit = pcre2_jit_compile(m.code, PCRE2_JIT_COMPLETE) == 0;
  m.md = pcre2_match_data_create_from_pattern(m.code, nullptr);
  static_assert(sizeof(PCRE2_SIZE) == sizeof(size_t), "ovector offsets are size_t");
  r->ov_ = pcre2_get_ovector_pointer(m.md);
  r->ov_count_ = pcre2_get_ovector_count(m.md);
  m.mctx = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(m.mctx, kMatchLimit);
  pcre2_set_depth_limit(m.mctx, 10000);
  if (m.jit) {
    // Enough stack for long lines; past it, the line is an error, not a crash.
    m.jit_stack = pcre2_jit_stack_create(32 * 1024, 8 * 1024 * 1024, nullptr);
    pcre2_jit_stack_assign(m.mctx, nullptr, m.jit_stack);
  }
  uint32_t count = 0, entry = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(m.code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(m.code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
  pcre2_pattern_info(m.code, PCRE2_INFO_NAMETABLE, &table);
  for (uint32_t i = 0; i < count; i++) {
    const unsigned char* e = table + i * entry;
    int n = (e[0] << 8) | e[1];
    r->names_.emplace_back(reinterpret_cast<const char*>(e + 2), n);
  }
  std::sort(r->names_.begin(), r->names_.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  // A line that cannot hold a match is answered without calling PCRE2 (a
  // call costs about 30 ns, most of a multiline rule's cost per line): one
  // shorter than the shortest match, and, for an anchored pattern, one whose
  // first byte no match can begin with (PCRE2's first-code-unit bitmap).
  // PCRE2 makes the same checks when it starts a match, unless told not to.
  uint32_t options = 0;
  pcre2_pattern_info(m.code, PCRE2_INFO_ALLOPTIONS, &options);
  if ((options & PCRE2_NO_START_OPTIMIZE) == 0) {
    pcre2_pattern_info(m.code, PCRE2_INFO_MINLENGTH, &m.min_length);
    const uint8_t* bitmap = nullptr;
    if ((options & PCRE2_ANCHORED) != 0 && pcre2_pattern_info(m.code, PCRE2_INFO_FIRSTBITMAP, &bitmap) == 0 &&
        bitmap != nullptr) {
      std::copy(bitmap, bitmap + 32, m.first_bytes);
      m.first_known = true;
    }
  }
  r->prefix_ = PrefixPattern::Compile(pattern);
  r->prefix_complete_ = r->prefix_ != nullptr && r->prefix_->complete();
  *out = std::move(r);
  return Status();
}

PcreRegex::Result PcreRegex::TestWithPcre(std::string_view s, std::string* why) {
  if (prefix_ == nullptr) return Match(s, why);
  // PCRE2's first-byte check first: the prefix may end in asking PCRE2.
  if (impl_->RuledOut(s)) return kNoMatch;
  switch (prefix_->Match(s)) {
    case PrefixPattern::kYes: return kMatch;
    case PrefixPattern::kNo: return kNoMatch;
    case PrefixPattern::kAsk: break;
  }
  return Match(s, why);
}

PcreRegex::Result PcreRegex::Match(std::string_view s, std::string* why) {
  Impl& m = *impl_;
  if (m.RuledOut(s)) return kNoMatch;
  auto subject = reinterpret_cast<PCRE2_SPTR>(s.data());
  int rc = m.jit ? pcre2_jit_match(m.code, subject, s.size(), 0, 0, m.md, m.mctx)
                 : pcre2_match(m.code, subject, s.size(), 0, 0, m.md, m.mctx);
  if (rc >= 0) return kMatch;
  if (rc == PCRE2_ERROR_NOMATCH) return kNoMatch;
  if (why != nullptr) {
    *why = rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT
               ? "regex match limit reached (the pattern backtracks too much on this line)"
               : "regex match failed: " + PcreMessage(rc);
  }
  return kError;
}

}  // namespace lc
