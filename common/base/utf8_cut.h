// Utf8Cut: where to cut text that must go out in pieces (a line longer
// than its bound, or past a memory budget) so that no piece ends inside a
// UTF-8 character.  Shared by LineSplitter (a file's partial line) and
// StreamJoiner (a message rejoined from a runtime's pieces): the same rule
// in both, so a cut looks the same whichever held the bytes.
#ifndef LC_COMMON_BASE_UTF8_CUT_H_
#define LC_COMMON_BASE_UTF8_CUT_H_

#include <algorithm>
#include <cstddef>

namespace lc {

// `held` bytes are held, [p, p+n) comes next, and the piece may be at most
// `cap` bytes (held + n > cap).  Returns how many bytes of p join what is
// held before the piece goes out: as many as fit, backed up over UTF-8
// continuation bytes (at most 3) so the cut falls before a character.
// When nothing whole fits (the budget shrank below what is held, or what is
// left is a character's tail), what is held goes out with the rest of its
// last character, `max` still bounding it; so with nothing held and
// cap >= 4 the result is never 0.
inline size_t Utf8Cut(const char* p, size_t n, size_t held, size_t cap, size_t max) {
  auto continues = [p](size_t i) { return (static_cast<unsigned char>(p[i]) & 0xC0) == 0x80; };
  size_t take = cap > held ? cap - held : 0;
  size_t cut = std::min(take, n);
  while (cut + 3 > take && cut > 0 && cut < n && continues(cut)) cut--;
  if (cut == 0) {
    while (cut < n && cut < 3 && held + cut < max && continues(cut)) cut++;
  }
  return cut;
}

}  // namespace lc

#endif  // LC_COMMON_BASE_UTF8_CUT_H_
