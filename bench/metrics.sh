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
# Then REAL containers (LCTK_BENCH_METRICS_CONTAINERS, default 50; 0 skips
# it) on a private dockerd: lc-discover's events, the kernel's cgroupfs and
# each container's /proc/<pid>/net/dev, the same per-sample cost measured
# the same way; beside it, in the same run, the baseline an operator has at
# hand: `docker stats --no-stream` of the same containers (the CPU of the
# client and of dockerd answering it, per sample).
#
#   bench/metrics.sh [N] [SECONDS]
set -euo pipefail
source "$(dirname "$0")/common.sh"
n=${1:-200}
secs=${2:-10}
interval_ms=250
d=$(mktemp -d "$BENCH_DIR/metrics.XXXXXX")
trap 'kill "${pid:-}" 2>/dev/null || true; [ -f "$d/engine/pid" ] && bench_dockerd_stop "$d/engine"; rm -rf "$d"' EXIT
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

# --- real containers
real=${LCTK_BENCH_METRICS_CONTAINERS:-50}
[ "$real" -gt 0 ] || exit 0
command -v dockerd >/dev/null || { echo "dockerd not installed (make deps): real containers skipped"; exit 0; }
mkdir -p "$d/engine"
bench_dockerd "$d/engine"
bench_image
seq "$real" | xargs -P 4 -I{} docker run -d --network none --name "bench-{}" lc-bench/busybox sleep 3600 >/dev/null
running=$(docker ps -q | wc -l)
lc-discover --once >"$d/real.events"
dpid=$(cat "$d/engine/pid")
hz=$(getconf CLK_TCK)

# lc-metrics: as above, on the real tree; samples counted by records.
rm -f "$d/fifo" "$d/out"; mkfifo "$d/fifo"
lc-metrics --interval "${interval_ms}ms" <"$d/fifo" >"$d/out" 2>"$d/err" &
pid=$!
exec 3>"$d/fifo"
grep '"event":"upsert"' "$d/real.events" >&3
while [ "$(wc -l <"$d/out")" -lt "$running" ]; do sleep 0.05; done
t0=$(cpu_ticks "$pid"); l0=$(wc -l <"$d/out")
sleep "$secs"
t1=$(cpu_ticks "$pid"); l1=$(wc -l <"$d/out")
exec 3>&-; kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
lc_ms=$(awk -v n="$running" -v r=$((l1 - l0)) -v t=$((t1 - t0)) -v hz="$hz" 'BEGIN { printf "%.3f", t / hz / (r / n) * 1000 }')

# Baseline: docker stats --no-stream, 5 samples; the client's CPU (bash's
# time) plus dockerd's (its /proc ticks over the same calls).
TIMEFORMAT="%3U %3S"
e0=$(cpu_ticks "$dpid"); c=0
for _ in 1 2 3 4 5; do
  read -r u s < <( { time docker stats --no-stream >/dev/null 2>&1; } 2>&1 )
  c=$(awk -v c="$c" -v u="$u" -v s="$s" 'BEGIN { print c + u + s }')
done
e1=$(cpu_ticks "$dpid")
ds_ms=$(awk -v c="$c" -v e=$((e1 - e0)) -v hz="$hz" 'BEGIN { printf "%.3f", (c + e / hz) / 5 * 1000 }')

echo "== real containers: $running running on a private dockerd (cgroupfs and net/dev read live)"
printf 'lc-metrics:                 %8.3f ms CPU per sample of %d = %.1f us per container; at --interval 15s %.4f%% of a core\n' \
  "$lc_ms" "$running" "$(awk -v m="$lc_ms" -v n="$running" 'BEGIN { print m / n * 1000 }')" "$(awk -v m="$lc_ms" 'BEGIN { print m / 1000 / 15 * 100 }')"
printf 'docker stats --no-stream:   %8.3f ms CPU per sample (client + dockerd)\n' "$ds_ms"
echo "docker stats / lc-metrics CPU per sample: $(ratio "$ds_ms" "$lc_ms")"
[ -s "$d/err" ] && { echo "(lc-metrics said:)"; head -3 "$d/err"; }
exit 0
