#include "common/base/text_decoder.h"

#include <cerrno>
#include <cstring>

namespace lc {

namespace {

// Lower case, without '-' and '_': "UTF-16LE" and "utf_16le" are "utf16le".
std::string Folded(const std::string& name) {
  std::string s;
  for (char c : name) {
    if (c == '-' || c == '_') continue;
    s += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return s;
}

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

bool TextDecoder::IsUtf8(const std::string& name) { return Folded(name) == "utf8"; }

bool TextDecoder::IsWide(const std::string& name) {
  std::string f = Folded(name);
  return f.compare(0, 5, "utf16") == 0 || f.compare(0, 5, "utf32") == 0 || f.compare(0, 4, "ucs2") == 0 ||
         f.compare(0, 4, "ucs4") == 0;
}

TextDecoder::~TextDecoder() {
  if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
}

Status TextDecoder::OpenAs(const std::string& iconv_name) {
  if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
  cd_ = iconv_open("UTF-8", iconv_name.c_str());
  if (cd_ == reinterpret_cast<iconv_t>(-1)) return Status::InvalidArgument(iconv_name);
  // The newline as this encoding writes it: converted the other way.
  newline_ = "\n";
  iconv_t back = iconv_open(iconv_name.c_str(), "UTF-8");
  if (back != reinterpret_cast<iconv_t>(-1)) {
    char in[] = "\n", out[8];
    char* ip = in;
    char* op = out;
    size_t il = 1, ol = sizeof(out);
    if (iconv(back, &ip, &il, &op, &ol) != static_cast<size_t>(-1) && op > out) {
      newline_.assign(out, static_cast<size_t>(op - out));
    }
    iconv_close(back);
  }
  return Status::OK();
}

Status TextDecoder::Open(const std::string& name, std::unique_ptr<TextDecoder>* out) {
  std::unique_ptr<TextDecoder> d(new TextDecoder);
  std::string f = Folded(name);
  Status s;
  if (f == "utf16" || f == "utf32") {
    // glibc takes these as big-endian without a BOM; Windows writes them
    // little-endian: LE unless the file's BOM says otherwise.
    d->bom_order_ = true;
    d->base_ = f == "utf16" ? "UTF-16" : "UTF-32";
    s = d->OpenAs(d->base_ + "LE");
  } else {
    s = d->OpenAs(name);
    if (f == "utf16le") d->bom_ = "\xFF\xFE";
    if (f == "utf16be") d->bom_ = "\xFE\xFF";
    if (f == "utf32le") d->bom_ = std::string("\xFF\xFE\0\0", 4);
    if (f == "utf32be") d->bom_ = std::string("\0\0\xFE\xFF", 4);
  }
  if (!s.ok() || name.empty()) return Status::InvalidArgument("unknown encoding \"" + name + "\"");
  *out = std::move(d);
  return Status::OK();
}

size_t TextDecoder::Bom(const char* p, size_t n) {
  if (!bom_order_) return n >= bom_.size() && !bom_.empty() && memcmp(p, bom_.data(), bom_.size()) == 0 ? bom_.size() : 0;
  size_t u = unit();
  if (n < u) return 0;
  std::string le = u == 2 ? std::string("\xFF\xFE") : std::string("\xFF\xFE\0\0", 4);
  std::string be = u == 2 ? std::string("\xFE\xFF") : std::string("\0\0\xFE\xFF", 4);
  if (memcmp(p, le.data(), u) == 0) {
    OpenAs(base_ + "LE");
    return u;
  }
  if (memcmp(p, be.data(), u) == 0) {
    OpenAs(base_ + "BE");
    return u;
  }
  return 0;
}

size_t TextDecoder::Decode(const char* p, size_t n, bool final, std::string* out) {
  iconv(cd_, nullptr, nullptr, nullptr, nullptr);  // the initial shift state
  size_t base = out->size();
  // Room for the worst case (3 bytes of UTF-8 per byte: a U+FFFD each);
  // grown if ever short.  The caller's string keeps its capacity: no
  // allocation per line once grown.
  out->resize(base + n * 3 + 16);
  char* in = const_cast<char*>(p);
  size_t in_left = n;
  char* o = &(*out)[base];
  size_t o_left = out->size() - base;
  auto grow = [&](size_t more) {
    size_t used = static_cast<size_t>(o - out->data());
    out->resize(out->size() + more);
    o = &(*out)[used];
    o_left += more;
  };
  while (in_left > 0) {
    if (iconv(cd_, &in, &in_left, &o, &o_left) != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      grow(in_left * 4 + 16);
      continue;
    }
    if (errno == EINVAL && !final) break;  // a character cut at the end: waits for the rest
    // EILSEQ (or a cut character at the very end): one U+FFFD per unit.
    if (o_left < 3) grow(in_left * 3 + 16);
    memcpy(o, kReplacement, 3);
    o += 3;
    o_left -= 3;
    size_t skip = std::min(unit(), in_left);
    in += skip;
    in_left -= skip;
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);
  }
  out->resize(static_cast<size_t>(o - out->data()));
  return n - in_left;
}

}  // namespace lc
