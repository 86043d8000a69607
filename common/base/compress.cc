#include "common/base/compress.h"

#include <zlib.h>
#include <zstd.h>

namespace lc {

Status CompressBody(const std::string& encoding, std::string_view in, std::string* out) {
  if (encoding == "zstd") {
    out->resize(ZSTD_compressBound(in.size()));
    size_t n = ZSTD_compress(out->data(), out->size(), in.data(), in.size(), 3);
    if (ZSTD_isError(n)) return Status::IOError(std::string("zstd: ") + ZSTD_getErrorName(n));
    out->resize(n);
    return Status::OK();
  }
  if (encoding == "gzip") {
    z_stream z = {};
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      return Status::IOError("gzip: deflateInit2 failed");
    out->resize(deflateBound(&z, in.size()));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out->data());
    z.avail_out = static_cast<uInt>(out->size());
    int rc = deflate(&z, Z_FINISH);
    out->resize(z.total_out);
    deflateEnd(&z);
    return rc == Z_STREAM_END ? Status::OK() : Status::IOError("gzip: deflate failed");
  }
  return Status::InvalidArgument("unknown compression: " + encoding);
}

}  // namespace lc
