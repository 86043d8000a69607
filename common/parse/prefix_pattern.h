// PrefixPattern: the shape most multiline rules are written in, answered
// without calling PCRE2.  A rule like `^\d{4}-`, `^\[`, `^\s` or
// `^(\s|Caused by:|[a-zA-Z.]+Exception)` only asks whether a line begins
// with a few bytes of fixed kinds; PCRE2's call costs more than the test
// itself, and a multiline rule is tested on every line.
//
// The subset (PCRE2's syntax, without UTF or flags, byte semantics): `^`,
// then a sequence of atoms (a literal byte, `\` and punctuation, `\t \n \r
// \f`, `.`, `\d \D \s \S \w \W`, a class `[...]` of those and ranges), each
// once or `{n}` times; the last atom of a sequence may also take `?`, `*`,
// `+`, `{n,}` or `{n,m}` (only its minimum matters to whether a line
// begins so).  The sequence may end in one group `(...)` or `(?:...)` of
// alternatives of the same kind.  An alternative outside the subset (a
// nested group, `+` inside, an assertion ...) makes the answer for a line
// that no other alternative matches kAsk: the caller then asks PCRE2.  A
// pattern outside the subset elsewhere does not compile here at all.
//
// Only the boolean "does a match exist" is answered, never its extent: the
// regex parser, which needs groups, always goes to PCRE2.
#ifndef LC_COMMON_PARSE_PREFIX_PATTERN_H_
#define LC_COMMON_PARSE_PREFIX_PATTERN_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace lc {

class PrefixPattern {
 public:
  enum Answer { kNo, kYes, kAsk };

  // Null when `pattern` (one PCRE2 has compiled) is outside the subset.
  static std::unique_ptr<PrefixPattern> Compile(std::string_view pattern);

  // Whether every line is answered (no alternative is left to PCRE2).
  bool complete() const { return !any_unknown_; }

  Answer Match(std::string_view s) const {
    auto u = reinterpret_cast<const unsigned char*>(s.data());
    if (!Matches(head_, u, s.size())) return kNo;
    size_t k = head_.size() / 256;
    for (const auto& alt : alts_) {
      if (Matches(alt, u + k, s.size() - k)) return kYes;
    }
    if (any_unknown_) return kAsk;
    return alts_.empty() ? kYes : kNo;  // no group: the head was all
  }

 private:
  // One 256-byte table per position of the prefix: table[c] != 0 when byte
  // c may stand there.  A lookup per byte is all a line costs.
  using Sequence = std::vector<uint8_t>;
  static bool Matches(const Sequence& q, const unsigned char* s, size_t n) {
    size_t k = q.size() / 256;
    if (n < k) return false;
    const uint8_t* t = q.data();
    for (size_t i = 0; i < k; i++, t += 256) {
      if (t[s[i]] == 0) return false;
    }
    return true;
  }

  friend class PrefixPatternParser;
  Sequence head_;
  std::vector<Sequence> alts_;  // the final group's alternatives in the subset
  bool any_unknown_ = false;    // one of them is not
};

}  // namespace lc

#endif  // LC_COMMON_PARSE_PREFIX_PATTERN_H_
