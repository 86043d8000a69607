#include "common/parse/prefix_pattern.h"

#include <cstring>

namespace lc {

// A recursive-descent reader of the subset.  Anything it does not know
// makes the pattern (or, inside the final group, one alternative) unknown:
// falling back to PCRE2 is always right, so every doubt is a refusal.
class PrefixPatternParser {
 public:
  // `count` bytes in a row, each in `set` (a bitmap of the 256 values).
  struct Step {
    uint64_t set[4];
    uint32_t count;
  };
  using Sequence = PrefixPattern::Sequence;
  // Prefixes longer than this are left to PCRE2 (the tables would not pay).
  static constexpr size_t kMaxPositions = 128;

  explicit PrefixPatternParser(std::string_view p) : p_(p) {}

  std::unique_ptr<PrefixPattern> Parse() {
    // Constructs that hide a `|` or `)` from the scan in SkipAlternative.
    // `\Q` quotes and `(*` verbs (which cut other alternatives) anywhere;
    // `(?` anywhere but the final group's `(?:` (inline flags change how
    // later alternatives read).
    if (p_.find("\\Q") != std::string_view::npos || p_.find("(*") != std::string_view::npos) return nullptr;
    if (p_.empty() || p_[0] != '^') return nullptr;
    i_ = 1;
    auto out = std::unique_ptr<PrefixPattern>(new PrefixPattern);
    if (!ReadSequence(&out->head_, /*in_group=*/false)) return nullptr;
    if (i_ == p_.size()) return out;
    if (p_[i_] != '(') return nullptr;  // a top-level `|`: the rest is not anchored
    size_t open = i_;
    size_t q = p_.find("(?");
    if (q != std::string_view::npos && (q != open || p_.compare(open, 3, "(?:") != 0 ||
                                        p_.find("(?", open + 1) != std::string_view::npos)) {
      return nullptr;
    }
    i_++;
    if (p_.compare(i_, 2, "?:") == 0) {
      i_ += 2;
    } else if (i_ < p_.size() && p_[i_] == '?') {
      return nullptr;  // lookaround, named group, inline flags
    }
    for (;;) {
      size_t begin = i_;
      Sequence alt;
      if (ReadSequence(&alt, /*in_group=*/true)) {
        out->alts_.push_back(std::move(alt));
      } else {
        i_ = begin;
        if (!SkipAlternative()) return nullptr;
        out->any_unknown_ = true;
      }
      if (i_ >= p_.size()) return nullptr;
      if (p_[i_] == ')') break;
      i_++;  // '|'
    }
    i_++;
    // The group must end the pattern (no quantifier, nothing after).
    return i_ == p_.size() ? std::move(out) : nullptr;
  }

 private:
  static Step Empty() {
    Step s;
    std::memset(s.set, 0, sizeof s.set);
    s.count = 1;
    return s;
  }
  static void Add(Step* s, unsigned c) { s->set[c >> 6] |= uint64_t{1} << (c & 63); }
  static void AddRange(Step* s, unsigned lo, unsigned hi) {
    for (unsigned c = lo; c <= hi; c++) Add(s, c);
  }
  static void AddComplement(Step* s, const Step& of) {
    for (int w = 0; w < 4; w++) s->set[w] |= ~of.set[w];
  }
  // PCRE2's default character tables (the C locale; no UCP).
  static bool IsSpace(unsigned c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
  static bool IsDigit(unsigned c) { return c >= '0' && c <= '9'; }
  static bool IsWord(unsigned c) {
    return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
  static bool IsAlnum(unsigned char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

  // `\d \D \s \S \w \W` into *s; false for another letter.
  static bool AddClassEscape(char e, Step* s) {
    bool (*pred)(unsigned) = nullptr;
    switch (e | 0x20) {
      case 'd': pred = IsDigit; break;
      case 's': pred = IsSpace; break;
      case 'w': pred = IsWord; break;
      default: return false;
    }
    Step t = Empty();
    for (unsigned c = 0; c < 256; c++) {
      if (pred(c)) Add(&t, c);
    }
    if (e >= 'a') {
      for (int w = 0; w < 4; w++) s->set[w] |= t.set[w];
    } else {
      AddComplement(s, t);
    }
    return true;
  }
  // The byte a `\` escape (at p_[i_], after the backslash) stands for when
  // it is one byte: punctuation, `\t \n \r \f`.  -1 otherwise.
  int EscapedByte() const {
    if (i_ >= p_.size()) return -1;
    auto c = static_cast<unsigned char>(p_[i_]);
    switch (c) {
      case 't': return '\t';
      case 'n': return '\n';
      case 'r': return '\r';
      case 'f': return '\f';
    }
    if (c < 0x80 && !IsAlnum(c) && c > ' ') return c;
    return -1;
  }

  // One class body after '['; i_ ends past ']'.
  bool ReadClass(Step* s) {
    bool negate = i_ < p_.size() && p_[i_] == '^';
    if (negate) i_++;
    Step set = Empty();
    bool first = true;
    for (;;) {
      if (i_ >= p_.size()) return false;
      char c = p_[i_];
      if (c == ']' && !first) {
        i_++;
        break;
      }
      first = false;
      if (c == '[') return false;  // POSIX classes and their kin
      int lo;
      if (c == '\\') {
        i_++;
        if (i_ < p_.size() && AddClassEscape(p_[i_], &set)) {
          i_++;
          continue;
        }
        lo = EscapedByte();
        if (lo < 0) return false;
        i_++;
      } else {
        lo = static_cast<unsigned char>(c);
        i_++;
      }
      // A range, unless '-' is last (then it is a literal '-').
      if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
        i_++;
        int hi;
        if (p_[i_] == '\\') {
          i_++;
          hi = EscapedByte();
          if (hi < 0) return false;
          i_++;
        } else if (p_[i_] == '[') {
          return false;
        } else {
          hi = static_cast<unsigned char>(p_[i_++]);
        }
        if (hi < lo) return false;
        AddRange(&set, lo, hi);
      } else {
        Add(&set, lo);
      }
    }
    if (negate) {
      AddComplement(s, set);
    } else {
      for (int w = 0; w < 4; w++) s->set[w] |= set.set[w];
    }
    return true;
  }

  bool ReadAtom(Step* s) {
    char c = p_[i_];
    switch (c) {
      case '\\': {
        i_++;
        if (i_ < p_.size() && AddClassEscape(p_[i_], s)) {
          i_++;
          return true;
        }
        int b = EscapedByte();
        if (b < 0) return false;
        Add(s, b);
        i_++;
        return true;
      }
      case '.':  // any byte but the newline (PCRE2's default, LF)
        AddRange(s, 0, 255);
        s->set['\n' >> 6] &= ~(uint64_t{1} << ('\n' & 63));
        i_++;
        return true;
      case '[':
        i_++;
        return ReadClass(s);
      case '^': case '$': case '|': case '(': case ')': case '?': case '*': case '+': case '{':
      case ']': case '}':
        return false;
      default:
        Add(s, static_cast<unsigned char>(c));
        i_++;
        return true;
    }
  }

  // A decimal number of at most 5 digits at i_.
  bool ReadNumber(uint32_t* n) {
    size_t b = i_;
    uint32_t v = 0;
    while (i_ < p_.size() && IsDigit(static_cast<unsigned char>(p_[i_])) && i_ - b < 5) v = v * 10 + (p_[i_++] - '0');
    *n = v;
    return i_ > b && !(i_ < p_.size() && IsDigit(static_cast<unsigned char>(p_[i_])));
  }

  // Atoms up to the end of the pattern or, in a group, to `|` or `)`.
  bool ReadSequence(Sequence* seq, bool in_group) {
    for (;;) {
      if (i_ >= p_.size()) return true;
      char c = p_[i_];
      if (in_group && (c == '|' || c == ')')) return true;
      if (!in_group && c == '(') return true;  // the final group
      Step s = Empty();
      if (!ReadAtom(&s)) return false;
      // Its quantifier.  A variable one only on the last atom, where its
      // minimum is all that decides whether a line begins so.
      bool variable = false;
      if (i_ < p_.size()) {
        char q = p_[i_];
        if (q == '?' || q == '*') {
          s.count = 0, variable = true, i_++;
        } else if (q == '+') {
          variable = true, i_++;
        } else if (q == '{') {
          i_++;
          uint32_t lo, hi;
          if (!ReadNumber(&lo)) return false;
          if (i_ < p_.size() && p_[i_] == '}') {
            i_++;
          } else if (i_ < p_.size() && p_[i_] == ',') {
            i_++;
            if (i_ < p_.size() && p_[i_] != '}') {
              if (!ReadNumber(&hi) || hi < lo) return false;
            }
            if (i_ >= p_.size() || p_[i_] != '}') return false;
            i_++;
            variable = true;
          } else {
            return false;
          }
          s.count = lo;
        }
        if (variable && i_ < p_.size() && (p_[i_] == '?' || p_[i_] == '+')) i_++;  // lazy, possessive
      }
      if (variable) {
        bool last = i_ >= p_.size() || (in_group && (p_[i_] == '|' || p_[i_] == ')'));
        if (!last) return false;
      }
      if (s.count > kMaxPositions - seq->size() / 256) return false;
      for (uint32_t k = 0; k < s.count; k++) {
        for (unsigned c = 0; c < 256; c++) seq->push_back((s.set[c >> 6] >> (c & 63)) & 1);
      }
    }
  }

  // Past one alternative the subset does not hold, to its `|` or `)`,
  // keeping count of nested groups and classes.  False when its end cannot
  // be told.
  bool SkipAlternative() {
    int depth = 0;
    while (i_ < p_.size()) {
      char c = p_[i_];
      if (c == '\\') {
        i_ += 2;
        continue;
      }
      if (c == '[') {
        i_++;
        if (i_ < p_.size() && p_[i_] == '^') i_++;
        if (i_ < p_.size() && p_[i_] == ']') i_++;
        while (i_ < p_.size() && p_[i_] != ']') {
          if (p_[i_] == '[' && i_ + 1 < p_.size() && p_[i_ + 1] == ':') {
            size_t e = p_.find(":]", i_ + 2);
            if (e == std::string_view::npos) return false;
            i_ = e + 2;
            continue;
          }
          i_ += p_[i_] == '\\' ? 2 : 1;
        }
        i_++;
        continue;
      }
      if (c == '(') depth++;
      if (c == ')') {
        if (depth == 0) return true;
        depth--;
      }
      if (c == '|' && depth == 0) return true;
      i_++;
    }
    return false;
  }

  std::string_view p_;
  size_t i_ = 0;
};

std::unique_ptr<PrefixPattern> PrefixPattern::Compile(std::string_view pattern) {
  return PrefixPatternParser(pattern).Parse();
}

}  // namespace lc
