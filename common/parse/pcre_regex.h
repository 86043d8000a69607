// PcreRegex: one PCRE2 pattern, JIT-compiled, for the per-line matching of
// the parse stage (regex parser, multiline start/continue).
//
// Bounded by contract: a match gives up after kMatchLimit steps (and a
// depth limit), so a pattern that backtracks catastrophically makes that
// one line an error, never a hang.  Match data is allocated once per
// regex: Match allocates nothing.  Not thread-safe (one per tailer thread).
#ifndef LC_COMMON_PARSE_PCRE_REGEX_H_
#define LC_COMMON_PARSE_PCRE_REGEX_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/status.h"
#include "common/parse/prefix_pattern.h"

namespace lc {

class PcreRegex {
 public:
  static constexpr uint32_t kMatchLimit = 1000000;

  enum Result { kMatch, kNoMatch, kError };

  // InvalidArgument "<flag>: regex '<pattern>' does not compile at offset N:
  // <why>" for a bad pattern.
  static Status Compile(std::string_view flag, std::string_view pattern,
                        std::unique_ptr<PcreRegex>* out);
  ~PcreRegex();

  // Matches `s` (unanchored, unless the pattern anchors).  kError sets
  // *why (the match limit, or PCRE2's message).
  Result Match(std::string_view s, std::string* why);
  // Whether `s` matches, when its groups are not wanted (a multiline rule):
  // Match, but a pattern in PrefixPattern's subset is answered by it.
  // Group() is not valid after Test.
  Result Test(std::string_view s, std::string* why) {
    if (prefix_complete_) return prefix_->Match(s) == PrefixPattern::kYes ? kMatch : kNoMatch;
    return TestWithPcre(s, why);
  }
  // After kMatch: group i's text; {nullptr, 0} for a group that did not take
  // part.  Inline, from the match data's ovector as found at Compile (its
  // place never changes): the regex parser asks for every group of every line.
  std::string_view Group(std::string_view s, int i) const {
    if (static_cast<uint32_t>(i) >= ov_count_ || ov_[2 * i] == kUnset) return {};
    return s.substr(ov_[2 * i], ov_[2 * i + 1] - ov_[2 * i]);
  }
  // The named groups, (name, number), in the order of their numbers.
  const std::vector<std::pair<std::string, int>>& names() const { return names_; }

 private:
  PcreRegex() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Result TestWithPcre(std::string_view s, std::string* why);

  std::vector<std::pair<std::string, int>> names_;
  std::unique_ptr<PrefixPattern> prefix_;  // for Test; null outside its subset
  bool prefix_complete_ = false;           // it answers every line
  static constexpr size_t kUnset = ~size_t{0};  // PCRE2_UNSET, without pcre2.h here
  const size_t* ov_ = nullptr;  // the match data's ovector: pairs of offsets
  uint32_t ov_count_ = 0;       // its pairs
};

}  // namespace lc

#endif  // LC_COMMON_PARSE_PCRE_REGEX_H_
