#!/usr/bin/env bash
# lc-metrics: CPU per container per interval with N containers (default 200).
#
# SYNTHETIC: the containers are a generated cgroup v1 hybrid tree (cpu,
# cpuacct, memory, blkio, pids and unified, the layout of the CI machines)
# of N containers in a temp dir, read through --cgroup-root; the events
# carry pid 0, so there is no /proc/<pid>/cgroup or net/dev read (locating
# falls back to /docker/<id>; a real container adds one net/dev read per
# sample).  200 real containers take minutes to start here; the files read
# per sample are the same ones, on tmpfs instead of cgroupfs (cgroupfs
# generates its text on each read: somewhat dearer per read in the kernel).
#
# lc-metrics runs with a short --interval for a while; its user+system CPU
# from /proc/<pid>/stat, divided by the samples taken and the containers, is
# the cost per container per interval; at --interval 15s that cost is a
# share of one core:  cost_per_sample / 15 s.  Start-up is measured apart
# (lc-metrics --once) and left out.  Target: under 0.1% of a core at 15 s
# for all N containers.
#
#   bench/metrics.sh [N] [SECONDS]
set -euo pipefail
source "$(dirname "$0")/common.sh"
n=${1:-200}
secs=${2:-10}
interval_ms=250
d=$(mktemp -d "$BENCH_DIR/metrics.XXXXXX")
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$d"' EXIT
cg=$d/cg

for i in $(seq "$n"); do
  id=$(printf '%064x' "$i")
  for c in cpu cpuacct memory blkio pids unified; do mkdir -p "$cg/$c/docker/$id"; done
  echo $((i * 1000000)) >"$cg/cpuacct/docker/$id/cpuacct.usage"
  printf 'user %d\nsystem %d\n' "$i" "$i" >"$cg/cpuacct/docker/$id/cpuacct.stat"
  printf 'nr_periods 0\nnr_throttled 0\nthrottled_time 0\nnr_bursts 0\nburst_time 0\n' >"$cg/cpu/docker/$id/cpu.stat"
  echo $((i * 4096)) >"$cg/memory/docker/$id/memory.usage_in_bytes"
  echo $((i * 8192)) >"$cg/memory/docker/$id/memory.max_usage_in_bytes"
  echo 9223372036854771712 >"$cg/memory/docker/$id/memory.limit_in_bytes"
  # memory.stat as a 6.1 kernel writes it: 36 total_* lines after 36 others.
  for k in cache rss rss_huge shmem mapped_file dirty writeback swap pgpgin pgpgout pgfault pgmajfault \
           inactive_anon active_anon inactive_file active_file unevictable hierarchical_memory_limit; do
    echo "$k 0"; echo "total_$k 0"
  done >"$cg/memory/docker/$id/memory.stat"
  printf 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n' >"$cg/memory/docker/$id/memory.oom_control"
  printf '8:0 Read 0\n8:0 Write 0\n8:0 Sync 0\n8:0 Async 0\n8:0 Discard 0\n8:0 Total 0\nTotal 0\n' \
    | tee "$cg/blkio/docker/$id/blkio.throttle.io_serviced" >"$cg/blkio/docker/$id/blkio.throttle.io_service_bytes"
  echo 1 >"$cg/pids/docker/$id/pids.current"
  echo max >"$cg/pids/docker/$id/pids.max"
  printf 'usage_usec 0\nuser_usec 0\nsystem_usec 0\n' >"$cg/unified/docker/$id/cpu.stat"
  printf '{"event":"upsert","id":"%s","name":"c%d","image":"img","state":"running","pid":0,"runtime":"docker"}\n' "$id" "$i"
done >"$d/events"

measure once lc-metrics --once --cgroup-root "$cg" <"$d/events" >"$d/once.out"
echo "lc-metrics --once, $n containers: $(wc -l <"$d/once.out") records, wall ${MEAS_WALL}s, CPU $(awk -v u="$MEAS_USER" -v s="$MEAS_SYS" 'BEGIN { print u + s }')s (start-up included), peak ${MEAS_RSS} KiB"

# Continuous: the events stay open (this script holds the pipe), a sample
# every interval.
mkfifo "$d/fifo"
lc-metrics --interval "${interval_ms}ms" --cgroup-root "$cg" <"$d/fifo" >"$d/out" &
pid=$!
exec 3>"$d/fifo"
cat "$d/events" >&3
tck=$(getconf CLK_TCK)
# Let it take its first sample (the events read, the tree located), then measure.
while [ "$(wc -l <"$d/out")" -lt "$n" ]; do sleep 0.05; done
read -r u0 s0 < <(awk '{ print $14, $15 }' "/proc/$pid/stat")
l0=$(wc -l <"$d/out")
sleep "$secs"
read -r u1 s1 < <(awk '{ print $14, $15 }' "/proc/$pid/stat")
l1=$(wc -l <"$d/out")
exec 3>&-
kill "$pid"
wait "$pid" 2>/dev/null || true
awk -v n="$n" -v recs=$((l1 - l0)) -v t=$(( (u1 - u0) + (s1 - s0) )) -v tck="$tck" -v u=$((u1 - u0)) -v s=$((s1 - s0)) 'BEGIN {
  samples = recs / n; cpu = t / tck
  if (samples <= 0) { print "no samples"; exit 1 }
  per_sample = cpu / samples
  printf "continuous: %d samples of %d containers in the window, CPU %.2fs (user %.2f, sys %.2f)\n", samples, n, cpu, u / tck, s / tck
  printf "per sample of %d containers: %.3f ms CPU; per container per interval: %.1f us\n", n, per_sample * 1000, per_sample / n * 1e6
  printf "at --interval 15s: %.4f%% of one core for %d containers (target < 0.1%%)\n", per_sample / 15 * 100, n
}'
