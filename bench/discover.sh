#!/usr/bin/env bash
# lc-discover against 200 running containers on a private Docker engine: the
# wall and CPU time of a full scan (--once) beside the shell baseline
# `docker ps -q | xargs docker inspect`, in the same run; then the idle cost
# of streaming with a 60 s rescan (CPU per hour, % of a core, RSS).
# LCTK_BENCH_IDLE_SECONDS sets the idle window (default 130: two rescans).
set -eu
. "$(dirname "$0")/common.sh"
N=200
IDLE=${LCTK_BENCH_IDLE_SECONDS:-130}
command -v dockerd >/dev/null || { echo "dockerd not installed (make deps): skipped"; exit 0; }

# --- a private engine, stopped and removed on exit
D=$(mktemp -d "$BENCH_DIR/discover.XXXXXX")
sock="unix://$D/docker.sock"
stream=
cleanup() {
  [ -n "$stream" ] && kill "$stream" 2>/dev/null && wait "$stream" 2>/dev/null
  bench_dockerd_stop "$D"
  rm -rf "$D"
}
trap cleanup EXIT; trap "exit 130" INT; trap "exit 143" TERM
bench_dockerd "$D"

# --- busybox image (no registry), 200 running containers with labels and env
bench_image
seq "$N" | xargs -P 8 -I{} docker run -d --network none --name "bench-{}" \
  --label app=bench --label "bench.index={}" --label team=logs --label io.example/tier=web \
  -e "INDEX={}" -e LOG_LEVEL=info -e SERVICE=bench -e PATH=/bin \
  lc-bench/busybox sleep 3600 >/dev/null
running=$(docker ps -q | wc -l)

# timed CMD: wall/user/sys to the millisecond (bash's `time`; /usr/bin/time
# rounds to 10 ms, too coarse here) into T_WALL T_CPU.
timed() {
  local TIMEFORMAT="%3R %3U %3S" t u s
  t=$( { time sh -c "$1" >/dev/null 2>&1; } 2>&1 )
  read -r T_WALL u s <<<"$t"
  T_CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
}
# stats "w1 c1" "w2 c2" ...: "min median" of the walls, then the median CPU.
stats() {
  printf '%s\n' "$@" | awk '{ print $1 }' | sort -n | awk '{ w[NR] = $1 } END { printf "%s %s ", w[1], w[int((NR + 1) / 2)] }'
  printf '%s\n' "$@" | awk '{ print $2 }' | sort -n | awk '{ c[NR] = $1 } END { print c[int((NR + 1) / 2)] }'
}

echo "== lc-discover: $running running containers on a private dockerd (2 x 5 runs, interleaved)"
lc-discover --once --docker-host "$sock" >"$D/once.out"
upserts=$(grep -c '"event":"upsert"' "$D/once.out" || true)
docker ps -q --no-trunc | xargs docker inspect >/dev/null  # warm both paths
lc_runs=() sh_runs=()
for _ in 1 2 3 4 5; do
  timed "lc-discover --once --docker-host '$sock'"; lc_runs+=("$T_WALL $T_CPU")
  timed "docker ps -q --no-trunc | xargs docker inspect"; sh_runs+=("$T_WALL $T_CPU")
done
read -r lc_min lc_med lc_cpu <<<"$(stats "${lc_runs[@]}")"
read -r sh_min sh_med sh_cpu <<<"$(stats "${sh_runs[@]}")"
printf '%-46s min %6.3f s  median %6.3f s  CPU %6.3f s  upserts %s/%s\n' \
  "lc-discover --once" "$lc_min" "$lc_med" "$lc_cpu" "$upserts" "$running"
printf '%-46s min %6.3f s  median %6.3f s  CPU %6.3f s\n' \
  "docker ps -q --no-trunc | xargs docker inspect" "$sh_min" "$sh_med" "$sh_cpu"
echo "lc-discover / baseline median wall-time ratio: $(ratio "$lc_med" "$sh_med")"
[ "$upserts" = "$running" ] || echo "(odd: $upserts upserts for $running containers)"

# --- idle: streaming with --rescan 60s; CPU over the window after the first sync
echo "== lc-discover --rescan 60s, idle for $IDLE s after its first scan"
lc-discover --rescan 60s --docker-host "$sock" >"$D/stream.out" 2>"$D/stream.err" &
stream=$!
for _ in $(seq 600); do grep -q '"event":"sync"' "$D/stream.out" 2>/dev/null && break; sleep 0.1; done
grep -q '"event":"sync"' "$D/stream.out" || { cat "$D/stream.err"; echo "no sync in 60 s"; exit 1; }
dpid=$(cat "$D/pid")
s0=$(grep -c '"event":"sync"' "$D/stream.out"); t0=$(cpu_ticks "$stream"); e0=$(cpu_ticks "$dpid")
sleep "$IDLE"
t1=$(cpu_ticks "$stream"); e1=$(cpu_ticks "$dpid"); s1=$(grep -c '"event":"sync"' "$D/stream.out")
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$stream/status")
kill -TERM "$stream"; wait "$stream" || true; stream=
awk -v a="$t0" -v b="$t1" -v da="$e0" -v db="$e1" -v hz="$(getconf CLK_TCK)" -v w="$IDLE" \
    -v m="$rss" -v n="$((s1 - s0))" 'BEGIN {
  c = (b - a) / hz; dc = (db - da) / hz;
  printf "idle: %.2f CPU s/hour = %.4f%% of a core; RSS %.1f MiB; %d rescans in the window\n",
    c / w * 3600, c / w * 100, m / 1024, n
  printf "  (dockerd answering them: %.1f CPU s/hour = %.3f%% of a core)\n", dc / w * 3600, dc / w * 100 }'
echo "target: full scan < 1 s; idle < 0.1% of a core at a 60 s rescan"
