// ReferenceIsJsonObject: the recursive-descent validator IsJsonObject was
// before its one-pass rewrite (strings scanned a byte at a time here): the
// reference whose verdicts IsJsonObject must give on every input, in its
// unit test and its fuzz target (fuzz/json.cc).  Header only: the fuzz
// targets link no test code.
#ifndef LC_TESTING_REFERENCE_JSON_VALIDATOR_H_
#define LC_TESTING_REFERENCE_JSON_VALIDATOR_H_

#include <cstring>
#include <string_view>

#include "common/json/json_validate.h"

namespace lc {

class ReferenceValidator {
 public:
  explicit ReferenceValidator(std::string_view t) : p_(t.data()), end_(t.data() + t.size()) {}

  bool Document() {
    Space();
    if (p_ == end_ || *p_ != '{' || !Value(0)) return false;
    Space();
    return p_ == end_;
  }

 private:
  void Space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) p_++;
  }

  bool Value(int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{': return Object(depth + 1);
      case '[': return Array(depth + 1);
      case '"': return String();
      case 't': return Word("true");
      case 'f': return Word("false");
      case 'n': return Word("null");
      default: return Number();
    }
  }

  bool Object(int depth) {
    if (depth > kMaxJsonDepth) return false;
    p_++;  // '{'
    Space();
    if (p_ < end_ && *p_ == '}') {
      p_++;
      return true;
    }
    for (;;) {
      if (p_ == end_ || *p_ != '"' || !String()) return false;
      Space();
      if (p_ == end_ || *p_ != ':') return false;
      p_++;
      Space();
      if (!Value(depth)) return false;
      Space();
      if (p_ == end_) return false;
      if (*p_ == '}') {
        p_++;
        return true;
      }
      if (*p_ != ',') return false;
      p_++;
      Space();
    }
  }

  bool Array(int depth) {
    if (depth > kMaxJsonDepth) return false;
    p_++;  // '['
    Space();
    if (p_ < end_ && *p_ == ']') {
      p_++;
      return true;
    }
    for (;;) {
      if (!Value(depth)) return false;
      Space();
      if (p_ == end_) return false;
      if (*p_ == ']') {
        p_++;
        return true;
      }
      if (*p_ != ',') return false;
      p_++;
      Space();
    }
  }

  // From the opening quote to past the closing one.
  bool String() {
    p_++;
    for (;;) {
      SkipPlain();
      if (p_ == end_) return false;
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        p_++;
        return true;
      }
      if (c < 0x20) return false;
      // A backslash.
      if (++p_ == end_) return false;
      switch (*p_) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          p_++;
          break;
        case 'u':
          if (end_ - p_ < 5) return false;
          for (int i = 1; i <= 4; i++) {
            char h = p_[i];
            if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return false;
          }
          p_ += 5;
          break;
        default:
          return false;
      }
    }
  }

  // Advances (one byte at a time here) over bytes that are none of '"', '\\' and control bytes.
  void SkipPlain() {
    while (p_ < end_) {
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"' || c == '\\' || c < 0x20) return;
      p_++;
    }
  }

  bool Word(const char* w) {
    size_t n = strlen(w);
    if (static_cast<size_t>(end_ - p_) < n || memcmp(p_, w, n) != 0) return false;
    p_ += n;
    return true;
  }

  bool Digits() {
    const char* s = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') p_++;
    return p_ > s;
  }

  bool Number() {
    if (p_ < end_ && *p_ == '-') p_++;
    if (p_ == end_) return false;
    if (*p_ == '0') {
      p_++;
    } else if (!Digits()) {
      return false;
    }
    if (p_ < end_ && *p_ == '.') {
      p_++;
      if (!Digits()) return false;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      p_++;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) p_++;
      if (!Digits()) return false;
    }
    return true;
  }

  const char* p_;
  const char* const end_;
};

inline bool ReferenceIsJsonObject(std::string_view text) { return ReferenceValidator(text).Document(); }

}  // namespace lc

#endif  // LC_TESTING_REFERENCE_JSON_VALIDATOR_H_
