#!/usr/bin/env bash
# lc-tail throughput on a 1 GiB nginx access log, beside cat, and its cost
# when following 1000 idle files.
set -eu
. "$(dirname "$0")/common.sh"
log="$BENCH_DIR/access.log"
if [ ! -f "$log" ] || [ "$(stat -c %s "$log")" -lt "$BENCH_BYTES" ]; then
  gen_access_log "$BENCH_BYTES" >"$log"
fi
bytes=$(stat -c %s "$log")
cat "$log" >/dev/null  # warm the page cache for both

echo "== lc-tail: $((bytes / 1048576)) MiB nginx access log, page cache warm"
measure cat sh -c "cat '$log' >/dev/null"; report "cat FILE >/dev/null" "$bytes"; cat_wall=$MEAS_WALL
measure tail sh -c "lc-tail --once --from head '$log' >/dev/null"; report "lc-tail --once --from head" "$bytes"
echo "lc-tail / cat wall-time ratio: $(ratio "$MEAS_WALL" "$cat_wall")"
measure wc sh -c "wc -l '$log' >/dev/null"; report "wc -l (line splitting only)" "$bytes"

echo "== lc-tail following 1000 idle files for 20 s"
d="$BENCH_DIR/idle"; rm -rf "$d"; mkdir -p "$d"
for i in $(seq 1000); do echo "line" >"$d/f$i.log"; done
lc-tail --from head "$d/*.log" >"$BENCH_DIR/idle.out" &
pid=$!
# Measure only the idle part: start-up has read the 1000 files once all
# 1000 lines are out (a fixed sleep counted start-up on a loaded machine).
for _ in $(seq 600); do [ "$(wc -l <"$BENCH_DIR/idle.out")" -ge 1000 ] && break; sleep 0.1; done
sleep 1
t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
sleep 20
t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
kill "$pid"; wait "$pid" || true
hz=$(getconf CLK_TCK)
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v m="$rss" 'BEGIN {
  printf "idle CPU: %.3f%% of a core; peak memory %.1f MiB\n", (b - a) / hz / 20 * 100, m / 1024 }'
