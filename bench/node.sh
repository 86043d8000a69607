#!/usr/bin/env bash
# lc on a node: lc-tail | lc-ship following N files that receive R MB/s in
# all (bench/node_writer.cc: every file appended every 10 ms), into the
# bench HTTP sink on loopback, for LCTK_NODE_SECONDS (default 60) after a
# warm-up.  Per case: the CPU share of a core of each process (from
# /proc/PID/stat), its peak RSS, bytes written = bytes delivered (lc-ship's
# commit), and beside it in the same run the writer alone and `cat` of the
# same bytes (the floor).  Then the latency from a line's write to its
# record on lc-tail's stdout (p50/p99), and 1000 idle files.  The
# --read-delay 0 run of the first case is the baseline (each change read at
# once, as before issue 12).  The "stdout" case is the same for lc-stdout
# over CRI logs (kubelet's format) in place of lc-tail over plain files.
set -eu
. "$(dirname "$0")/common.sh"
SECS="${LCTK_NODE_SECONDS:-60}"
WARM="${LCTK_NODE_WARMUP:-5}"
LAT_SECS="${LCTK_NODE_LATENCY_SECONDS:-10}"
# Another lc-tail to measure (an older build, to compare); LCTK_NODE_CASES
# picks the cases ("follow latency idle", the default; "basic": the two
# main cases with lc-tail's default flags, for a build without --read-delay).
TAIL="${LCTK_NODE_TAIL:-lc-tail}"
CASES="${LCTK_NODE_CASES:-follow stdout latency idle}"
READER="$TAIL"  # what follows the files: lc-tail, or lc-stdout (the stdout case)
FORMAT=plain    # node_writer's lines: plain, or cri
hz=$(getconf CLK_TCK)
d="$BENCH_DIR/node"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hwm() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
share() { awk -v a="$1" -v b="$2" -v hz="$hz" -v s="$SECS" 'BEGIN { printf "%.2f", (b - a) / hz / s * 100 }'; }

bin/bench/http_sink_server >"$BENCH_DIR/node.port" 2>"$BENCH_DIR/node.server" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$BENCH_DIR/node.port" ] && break; sleep 0.05; done
url="http://127.0.0.1:$(cat "$BENCH_DIR/node.port")/"

# stop_ship PID: lc-ship ends at its input's EOF once what it holds is sent;
# one that cannot send (the sink gone) is stopped after 20 s.
stop_ship() {
  for _ in $(seq 200); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill "$1" 2>/dev/null || true
  wait "$1" || true
}

# fresh N: N empty files (present at start: read from their end, 0).
fresh() {
  rm -rf "$d"; mkdir -p "$d/logs"
  for i in $(seq 0 $(($1 - 1))); do : >"$d/logs/f$i.log"; done
}

# follow N MBPS [lc-tail flags...]: one line of figures.
follow() {
  local n=$1 mbps=$2; shift 2
  local rate; rate=$(awk -v m="$mbps" 'BEGIN { printf "%d", m * 1000000 }')
  fresh "$n"
  mkfifo "$d/pipe"
  "$READER" "$@" --checkpoint "$d/cp" --commit "$d/commit" "$d/logs/*.log" >"$d/pipe" 2>"$d/tail.err" &
  local tail=$!
  lc-ship --commit "$d/commit" "$url" <"$d/pipe" 2>"$d/ship.err" &
  local ship=$!
  node_writer "$d/logs" "$n" "$rate" $((WARM + SECS + 2)) "$FORMAT" >"$d/writer.out" &
  local writer=$!
  sleep "$WARM"
  local t0 s0 w0 t1 s1 w1
  t0=$(ticks "$tail"); s0=$(ticks "$ship"); w0=$(ticks "$writer")
  sleep "$SECS"
  t1=$(ticks "$tail"); s1=$(ticks "$ship"); w1=$(ticks "$writer")
  local trss srss; trss=$(hwm "$tail"); srss=$(hwm "$ship")
  wait "$writer"
  local lines bytes; read -r lines bytes <"$d/writer.out"
  # Drained: every byte written is committed as delivered (30 s at most).
  local got=0
  for _ in $(seq 300); do
    got=$(python3 -c 'import json,sys; print(sum(json.loads(open(sys.argv[1]).read())["cursors"].values()))' \
      "$d/commit" 2>/dev/null || echo 0)
    [ "$got" -ge "$bytes" ] && break
    sleep 0.1
  done
  kill "$tail"; wait "$tail" || true
  stop_ship "$ship"
  measure c sh -c "cat '$d'/logs/*.log >/dev/null"
  local catcpu; catcpu=$(awk -v u="$MEAS_USER" -v s="$MEAS_SYS" -v b="$bytes" -v secs="$SECS" -v w="$WARM" \
    'BEGIN { printf "%.2f", (u + s) / (secs + w) * 100 }')
  local who; who=$(basename "$READER"); who=${who#lc-}
  printf "%5d files %4s MB/s %-18s %s %5s%%  ship %5s%%  sum %5s%%  | writer %5s%%  cat %5s%% | RSS %s %5.1f ship %5.1f MiB | lines %d bytes %d delivered %d %s\n" \
    "$n" "$mbps" "${*:-default}" "$who" "$(share "$t0" "$t1")" "$(share "$s0" "$s1")" \
    "$(awk -v a="$(share "$t0" "$t1")" -v b="$(share "$s0" "$s1")" 'BEGIN { printf "%.2f", a + b }')" \
    "$(share "$w0" "$w1")" "$catcpu" "$who" "$(awk -v k="$trss" 'BEGIN { print k / 1024 }')" \
    "$(awk -v k="$srss" 'BEGIN { print k / 1024 }')" "$lines" "$bytes" "$got" \
    "$([ "$got" -eq "$bytes" ] && echo ok || echo MISMATCH)"
  LAST_SUM=$(awk -v a="$(share "$t0" "$t1")" -v b="$(share "$s0" "$s1")" 'BEGIN { printf "%.3f", a + b }')
}

# latency N MBPS [lc-tail flags...]: write -> lc-tail stdout, p50/p99.
latency() {
  local n=$1 mbps=$2; shift 2
  local rate; rate=$(awk -v m="$mbps" 'BEGIN { printf "%d", m * 1000000 }')
  fresh "$n"
  mkfifo "$d/pipe"
  "$READER" "$@" "$d/logs/*.log" >"$d/pipe" &
  local tail=$!
  node_latency <"$d/pipe" >"$d/lat.out" &
  local reader=$!
  sleep 1
  node_writer "$d/logs" "$n" "$rate" "$LAT_SECS" "$FORMAT" >/dev/null
  sleep 1
  kill "$tail"; wait "$tail" || true; wait "$reader" || true
  local recs p50 p99 max; read -r recs p50 p99 max <"$d/lat.out"
  printf "%5d files %4s MB/s %-18s latency write->stdout p50 %6s ms  p99 %6s ms  max %6s ms (%d records)\n" \
    "$n" "$mbps" "${*:-default}" "$p50" "$p99" "$max" "$recs"
}

if [[ " $CASES " == *" follow "* ]]; then
  echo "== lc-tail | lc-ship on a node: ${SECS} s after a ${WARM} s warm-up (share of one core)"
  follow 100 10 --read-delay 0
  base=$LAST_SUM
  follow 100 10
  echo "tail+ship, default / --read-delay 0: $(ratio "$LAST_SUM" "$base")"
  follow 1000 10
  follow 100 1
  follow 1000 1
fi
if [[ " $CASES " == *" basic "* ]]; then
  echo "== $TAIL | lc-ship: ${SECS} s after a ${WARM} s warm-up (share of one core)"
  follow 100 10
  follow 1000 1
fi
if [[ " $CASES " == *" stdout "* ]]; then
  echo "== lc-stdout | lc-ship over CRI logs: ${SECS} s after a ${WARM} s warm-up (share of one core)"
  READER=lc-stdout FORMAT=cri
  follow 100 10
  follow 1000 1
  latency 100 10
  READER="$TAIL" FORMAT=plain
fi
if [[ " $CASES " == *" latency "* ]]; then
  echo "== latency, ${LAT_SECS} s"
  latency 100 10 --read-delay 0
  latency 100 10
  latency 1000 1
fi
if [[ " $CASES " == *" idle "* ]]; then
  echo "== 1000 idle files, lc-tail | lc-ship, ${SECS} s"
  fresh 1000
  mkfifo "$d/pipe"
  "$TAIL" --checkpoint "$d/cp" "$d/logs/*.log" >"$d/pipe" &
  tail=$!
  lc-ship "$url" <"$d/pipe" 2>/dev/null &
  ship=$!
  sleep "$WARM"
  t0=$(ticks "$tail"); s0=$(ticks "$ship")
  sleep "$SECS"
  t1=$(ticks "$tail"); s1=$(ticks "$ship")
  kill "$tail"; wait "$tail" || true
  stop_ship "$ship"
  echo "idle: tail $(share "$t0" "$t1")%  ship $(share "$s0" "$s1")% of a core"
fi
