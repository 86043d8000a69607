// compress_codecs: what compressing lc-ship's batches costs, codec by codec,
// on real records: the old gzip (zlib at its default level 6, what lc-ship
// used before --compress-level) and zstd level 3, beside the new defaults
// (common/base/compress.h: gzip by libdeflate at level 1, zstd level 1 with
// a kept context) and a plain copy of the same bytes, all in one run.
//   compress_codecs RECORDS_FILE [MiB, default 256] [LOG_BYTES_PER_RECORD_BYTE]
// Prints CPU s per GiB of records (and per GiB of log when the third
// argument gives the log:record size ratio) and the compression ratio.
#include <time.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/base/compress.h"

namespace {

double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

// The gzip body of lc-ship before libdeflate: one deflate stream per batch.
size_t Zlib(int level, const std::string& in, std::string* out) {
  z_stream z = {};
  deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  out->resize(deflateBound(&z, in.size()));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out->data());
  z.avail_out = static_cast<uInt>(out->size());
  deflate(&z, Z_FINISH);
  size_t n = z.total_out;
  deflateEnd(&z);
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: compress_codecs RECORDS_FILE [MiB] [LOG_BYTES_PER_RECORD_BYTE]\n");
    return 2;
  }
  size_t want = (argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 256) << 20;
  double log_per_rec = argc > 3 ? std::atof(argv[3]) : 0;
  std::ifstream f(argv[1], std::ios::binary);
  std::vector<std::string> batches;
  size_t total = 0;
  std::string b;
  for (std::string line; total < want && std::getline(f, line);) {
    b += line;
    b += '\n';
    if (b.size() >= (1u << 20)) {
      total += b.size();
      batches.push_back(std::move(b));
      b.clear();
    }
  }
  if (!b.empty()) {
    total += b.size();
    batches.push_back(std::move(b));
  }
  if (total == 0) return 2;
  double gib = total / 1073741824.0;
  printf("compressing %.0f MiB of records in %zu batches of 1 MiB\n", total / 1048576.0, batches.size());
  std::string out;
  double copy_cpu = 0;
  auto row = [&](const char* name, const std::function<size_t(const std::string&)>& one) {
    double t = CpuSeconds();
    size_t packed = 0;
    for (const std::string& batch : batches) packed += one(batch);
    double cpu = CpuSeconds() - t;
    if (copy_cpu == 0) copy_cpu = cpu > 0 ? cpu : 1e-9;
    printf("  %-34s %6.2f CPU s/GiB records", name, cpu / gib);
    if (log_per_rec > 0) printf("  %6.2f CPU s/GiB log", cpu / gib / log_per_rec);
    printf("  ratio %5.2f  x%.0f copy\n", static_cast<double>(total) / packed, cpu / copy_cpu);
  };
  row("copy (baseline)", [&](const std::string& in) {
    out.assign(in);
    return in.size();
  });
  row("gzip, zlib level 6 (old default)", [&](const std::string& in) { return Zlib(6, in, &out); });
  row("gzip, zlib level 1", [&](const std::string& in) { return Zlib(1, in, &out); });
  row("zstd level 3, context per batch (old)", [&](const std::string& in) {
    out.resize(ZSTD_compressBound(in.size()));
    return ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
  });
  for (auto [enc, level, name] : {std::make_tuple("gzip", 1, "gzip, libdeflate level 1 (default)"),
                                  std::make_tuple("gzip", 6, "gzip, libdeflate level 6"),
                                  std::make_tuple("zstd", 3, "zstd level 3, kept context"),
                                  std::make_tuple("zstd", 1, "zstd level 1 (default)")}) {
    std::unique_ptr<lc::Compressor> c;
    if (!lc::Compressor::New(enc, level, &c).ok()) return 1;
    row(name, [&](const std::string& in) { return c->Compress(in, &out).ok() ? out.size() : in.size(); });
  }
  return 0;
}
