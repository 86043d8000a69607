#include "common/base/decompress.h"

#include <zlib.h>
#include <zstd.h>

#include <memory>

namespace lc {
namespace {

constexpr size_t kStep = 64 * 1024;

DecompressResult Gunzip(std::string_view in, size_t max_out, std::string* out, std::string* why) {
  size_t pos = 0;
  do {
    z_stream z = {};
    if (inflateInit2(&z, 15 + 16) != Z_OK) {
      *why = "zlib cannot start";
      return DecompressResult::kCorrupt;
    }
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + pos));
    z.avail_in = static_cast<uInt>(in.size() - pos);
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
      size_t at = out->size();
      if (at >= max_out + 1) {
        inflateEnd(&z);
        return DecompressResult::kTooLarge;
      }
      size_t room = std::min(kStep, max_out + 1 - at);
      out->resize(at + room);
      z.next_out = reinterpret_cast<Bytef*>(&(*out)[at]);
      z.avail_out = static_cast<uInt>(room);
      rc = inflate(&z, Z_NO_FLUSH);
      out->resize(at + room - z.avail_out);
      if (rc == Z_BUF_ERROR && z.avail_in == 0) rc = Z_DATA_ERROR;  // cut short
      if (rc != Z_OK && rc != Z_STREAM_END) {
        *why = std::string("gzip: ") + (z.msg != nullptr ? z.msg : "data cut short");
        inflateEnd(&z);
        return DecompressResult::kCorrupt;
      }
    }
    pos = in.size() - z.avail_in;
    inflateEnd(&z);
    if (out->size() > max_out) return DecompressResult::kTooLarge;
  } while (pos < in.size());
  return DecompressResult::kOk;
}

DecompressResult Unzstd(std::string_view in, size_t max_out, std::string* out, std::string* why) {
  if (in.empty()) return DecompressResult::kOk;
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> d(ZSTD_createDCtx(), ZSTD_freeDCtx);
  ZSTD_inBuffer ib = {in.data(), in.size(), 0};
  for (;;) {
    // One byte past max_out at most: enough to tell "too large".
    size_t at = out->size();
    if (at > max_out) return DecompressResult::kTooLarge;
    size_t room = std::min(kStep, max_out + 1 - at);
    out->resize(at + room);
    ZSTD_outBuffer ob = {&(*out)[at], room, 0};
    size_t left = ZSTD_decompressStream(d.get(), &ob, &ib);
    out->resize(at + ob.pos);
    if (ZSTD_isError(left)) {
      *why = std::string("zstd: ") + ZSTD_getErrorName(left);
      return DecompressResult::kCorrupt;
    }
    if (ib.pos < ib.size) continue;
    if (left == 0) break;  // the input used up and its last frame complete
    // A frame still in progress once the input is used up: flushed while
    // it gives output, else cut short.
    if (ob.pos == 0) {
      *why = "zstd: data cut short";
      return DecompressResult::kCorrupt;
    }
  }
  if (out->size() > max_out) return DecompressResult::kTooLarge;
  return DecompressResult::kOk;
}

}  // namespace

DecompressResult DecompressBody(std::string_view encoding, std::string_view in, size_t max_out, std::string* out,
                                std::string* why) {
  out->clear();
  if (encoding.empty() || encoding == "identity") {
    if (in.size() > max_out) return DecompressResult::kTooLarge;
    out->assign(in.data(), in.size());
    return DecompressResult::kOk;
  }
  if (encoding == "gzip" || encoding == "x-gzip") return Gunzip(in, max_out, out, why);
  if (encoding == "zstd") return Unzstd(in, max_out, out, why);
  *why = "unknown Content-Encoding '" + std::string(encoding) + "' (gzip, zstd)";
  return DecompressResult::kUnknownEncoding;
}

}  // namespace lc
