#include "common/metrics/cgroup_stats.h"

#include <string>
#include <string_view>

#include "common/metrics/proc_file.h"

namespace lc {

namespace {

// v1 reports "no limit" as the largest page-aligned int64.
constexpr int64_t kV1Unlimited = 0x7FFFFFFFFFFFF000;
constexpr int64_t kUserHzNs = 10'000'000;  // USER_HZ is 100 for every Linux ABI

// Reads dir/name into *text: true when read; a NotFound is quietly false.
class Reader {
 public:
  Reader(ProcFiles* files, int* read) : files_(files), read_(read) {}
  bool Read(const std::string& dir, const char* name, std::string* text) {
    if (dir.empty() || !status_.ok()) return false;
    Status s = files_->Read(dir + "/" + name, text);
    if (s.ok()) {
      ++*read_;
      return true;
    }
    if (!s.IsNotFound()) status_ = s;
    return false;
  }
  bool Count(const std::string& dir, const char* name, int64_t* v) {
    std::string t;
    return Read(dir, name, &t) && ParseCount(t, v);
  }
  // A limit file: a number, or "max" (v2) / the v1 sentinel for none.
  void Limit(const std::string& dir, const char* name, int64_t* v) {
    std::string t;
    int64_t n;
    if (Read(dir, name, &t) && ParseCount(t, &n) && n < kV1Unlimited) *v = n;
  }
  const Status& status() const { return status_; }

 private:
  ProcFiles* files_;
  int* read_;
  Status status_;
};

void Keyed(std::string_view text, std::string_view key, int64_t scale, int64_t* v) {
  int64_t n;
  if (FindKeyedCount(text, key, &n) && !__builtin_mul_overflow(n, scale, &n)) *v = n;
}

void WorkingSet(int64_t usage, int64_t inactive_file, CgroupStats* out) {
  out->memory_usage_total = usage;
  out->memory_usage = inactive_file >= 0 && inactive_file < usage ? usage - inactive_file : usage;
}

// blkio.throttle.io_service_bytes / io_serviced: "<maj:min> <Op> <n>" lines
// and a "Total"; Read and Write are summed over the devices.
void BlkioSums(std::string_view text, int64_t* rd, int64_t* wr) {
  *rd = 0;
  *wr = 0;
  size_t pos = 0;
  std::string_view line;
  while (NextLine(text, &pos, &line)) {
    size_t a = line.find(' ');
    if (a == std::string_view::npos) continue;
    size_t b = line.find(' ', a + 1);
    if (b == std::string_view::npos) continue;
    std::string_view op = line.substr(a + 1, b - a - 1);
    int64_t n;
    if (!ParseCount(line.substr(b + 1), &n)) continue;
    if (op == "Read") *rd += n;
    else if (op == "Write") *wr += n;
  }
}

// io.stat: "<maj:min> rbytes=N wbytes=N rios=N wios=N dbytes=N dios=N" lines.
void IoStat(std::string_view text, CgroupStats* out) {
  int64_t sums[4] = {0, 0, 0, 0};
  const std::string_view keys[4] = {"rbytes=", "wbytes=", "rios=", "wios="};
  size_t pos = 0;
  std::string_view line;
  while (NextLine(text, &pos, &line)) {
    for (int k = 0; k < 4; ++k) {
      size_t at = line.find(keys[k]);
      if (at == std::string_view::npos || (at > 0 && line[at - 1] != ' ')) continue;
      std::string_view v = line.substr(at + keys[k].size());
      v = v.substr(0, v.find(' '));
      int64_t n;
      if (ParseCount(v, &n)) sums[k] += n;
    }
  }
  out->io_read_bytes = sums[0];
  out->io_write_bytes = sums[1];
  out->io_read_ops = sums[2];
  out->io_write_ops = sums[3];
}

}  // namespace

Status ReadCgroupV1(ProcFiles* files, const CgroupPaths& p, CgroupStats* out, int* read) {
  Reader r(files, read);
  std::string t;
  int before = *read;
  r.Count(p.cpuacct, "cpuacct.usage", &out->cpu_usage_ns);
  if (r.Read(p.cpuacct, "cpuacct.stat", &t)) {
    Keyed(t, "user", kUserHzNs, &out->cpu_user_ns);
    Keyed(t, "system", kUserHzNs, &out->cpu_system_ns);
  }
  if (r.Read(p.cpu, "cpu.stat", &t)) {
    Keyed(t, "nr_periods", 1, &out->cpu_periods);
    Keyed(t, "nr_throttled", 1, &out->cpu_throttled_periods);
    Keyed(t, "throttled_time", 1, &out->cpu_throttled_ns);
  }
  int64_t usage;
  if (r.Count(p.memory, "memory.usage_in_bytes", &usage)) {
    int64_t inactive = -1;
    if (r.Read(p.memory, "memory.stat", &t)) Keyed(t, "total_inactive_file", 1, &inactive);
    WorkingSet(usage, inactive, out);
    r.Count(p.memory, "memory.max_usage_in_bytes", &out->memory_peak);
    r.Limit(p.memory, "memory.limit_in_bytes", &out->memory_limit);
    if (r.Read(p.memory, "memory.oom_control", &t)) Keyed(t, "oom_kill", 1, &out->memory_oom_kills);
  }
  if (r.Read(p.blkio, "blkio.throttle.io_service_bytes", &t)) BlkioSums(t, &out->io_read_bytes, &out->io_write_bytes);
  if (r.Read(p.blkio, "blkio.throttle.io_serviced", &t)) BlkioSums(t, &out->io_read_ops, &out->io_write_ops);
  r.Count(p.pids, "pids.current", &out->pids_current);
  r.Limit(p.pids, "pids.max", &out->pids_limit);
  if (*read > before && out->version == 0) out->version = 1;
  return r.status();
}

Status ReadCgroupV2(ProcFiles* files, const std::string& dir, CgroupStats* out, int* read) {
  Reader r(files, read);
  std::string t;
  int before = *read;
  if (r.Read(dir, "cpu.stat", &t)) {
    Keyed(t, "usage_usec", 1000, &out->cpu_usage_ns);
    Keyed(t, "user_usec", 1000, &out->cpu_user_ns);
    Keyed(t, "system_usec", 1000, &out->cpu_system_ns);
    Keyed(t, "nr_periods", 1, &out->cpu_periods);
    Keyed(t, "nr_throttled", 1, &out->cpu_throttled_periods);
    Keyed(t, "throttled_usec", 1000, &out->cpu_throttled_ns);
  }
  int64_t usage;
  if (r.Count(dir, "memory.current", &usage)) {
    int64_t inactive = -1;
    if (r.Read(dir, "memory.stat", &t)) Keyed(t, "inactive_file", 1, &inactive);
    WorkingSet(usage, inactive, out);
    r.Count(dir, "memory.peak", &out->memory_peak);
    r.Limit(dir, "memory.max", &out->memory_limit);
    if (r.Read(dir, "memory.events", &t)) Keyed(t, "oom_kill", 1, &out->memory_oom_kills);
  }
  if (r.Read(dir, "io.stat", &t)) IoStat(t, out);
  r.Count(dir, "pids.current", &out->pids_current);
  r.Limit(dir, "pids.max", &out->pids_limit);
  if (*read > before && out->version == 0) out->version = 2;
  return r.status();
}

Status ReadCgroupStats(ProcFiles* files, const CgroupPaths& paths, CgroupStats* out) {
  *out = CgroupStats();
  int read = 0;
  if (Status s = ReadCgroupV1(files, paths, out, &read); !s.ok()) return s;
  if (!paths.unified.empty()) {
    // On a hybrid host v2 fills only what v1 left out (its cpu.stat exists
    // even without the cpu controller: usage, and never throttling).
    CgroupStats v2;
    int read2 = 0;
    if (Status s = ReadCgroupV2(files, paths.unified, &v2, &read2); !s.ok()) return s;
    read += read2;
    auto fill = [](int64_t* have, int64_t v) {
      if (*have < 0) *have = v;
    };
    fill(&out->cpu_usage_ns, v2.cpu_usage_ns);
    fill(&out->cpu_user_ns, v2.cpu_user_ns);
    fill(&out->cpu_system_ns, v2.cpu_system_ns);
    fill(&out->cpu_periods, v2.cpu_periods);
    fill(&out->cpu_throttled_periods, v2.cpu_throttled_periods);
    fill(&out->cpu_throttled_ns, v2.cpu_throttled_ns);
    if (out->memory_usage < 0) {
      out->memory_usage = v2.memory_usage;
      out->memory_usage_total = v2.memory_usage_total;
      out->memory_peak = v2.memory_peak;
      out->memory_limit = v2.memory_limit;
      out->memory_oom_kills = v2.memory_oom_kills;
    }
    if (out->io_read_bytes < 0) {
      out->io_read_bytes = v2.io_read_bytes;
      out->io_write_bytes = v2.io_write_bytes;
      out->io_read_ops = v2.io_read_ops;
      out->io_write_ops = v2.io_write_ops;
    }
    if (out->pids_current < 0) {
      out->pids_current = v2.pids_current;
      out->pids_limit = v2.pids_limit;
    }
    if (out->version == 0) out->version = v2.version;
  }
  if (read == 0) return Status::NotFound("cgroup gone");
  return Status::OK();
}

Status ReadCgroupStats(FileSystem* fs, const CgroupPaths& paths, CgroupStats* out) {
  ProcFiles files(fs, nullptr);
  return ReadCgroupStats(&files, paths, out);
}

}  // namespace lc
