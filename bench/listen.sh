#!/usr/bin/env bash
# lc-listen throughput (issue 15): records per CPU-second of the receiver,
# pinned to one core, for syslog over UDP and TCP and NDJSON over HTTP,
# with rsyslogd (imtcp and imudp, on the same core, writing %jsonmesg% lines
# with omfile) as the reference in the same run.  Senders run on another
# core: bash's /dev/tcp (cat of a file of messages), a python UDP loop,
# curl with 1 MiB NDJSON bodies on one keep-alive connection.  Each
# receiver writes one JSON line per message to a file; a run ends when the
# file holds every message (UDP: when it stops growing; what the kernel
# dropped is reported).  The figure is messages received / (user + sys CPU
# seconds of the receiver during the run), i.e. "records/s on one core".
# The +journal runs add --journal (records through the journal, and its
# thread copying them to stdout with cursors; both on the one core).
#
#   bench/listen.sh            LCTK_BENCH_LISTEN_MESSAGES (default 1000000)
set -eu
. "$(dirname "$0")/common.sh"
N=${LCTK_BENCH_LISTEN_MESSAGES:-1000000}
W="$BENCH_DIR/listen"
rm -rf "$W"
mkdir -p "$W/rs"
RECV_CORE=0
SEND_CORE=$(( $(nproc) > 1 ? 1 : 0 ))
MODDIR=/usr/lib/x86_64-linux-gnu/rsyslog
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$W"' EXIT

echo "== generating $N RFC 5424 messages (and the same as NDJSON)"
python3 - "$N" "$W" <<'PY'
import sys
n, w = int(sys.argv[1]), sys.argv[2]
paths = ["/", "/api/v1/orders", "/static/app.js", "/healthz", "/api/v1/users/42"]
with open(w + "/msgs.txt", "w") as s, open(w + "/msgs.ndjson", "w") as j:
    for i in range(n):
        p = paths[i % 5]
        line = '10.0.%d.%d - - "GET %s?page=%d HTTP/1.1" 200 %d "-" "curl/7.88.1"' % (i % 256, i % 199, p, i % 97, 100 + i % 5000)
        s.write("<134>1 2026-12-02T11:00:%02d.%06dZ web-%d nginx %d - - %s\n" % (i % 60, i % 1000000, i % 7, 1000 + i % 50, line))
        j.write('{"time":"2026-12-02T11:00:%02d.%06dZ","log":"%s","stream":"stdout","host":"web-%d"}\n' % (i % 60, i % 1000000, line.replace('"', '\\"'), i % 7))
PY
cat "$W/msgs.txt" "$W/msgs.ndjson" >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
lines() { wc -l <"$1" 2>/dev/null || echo 0; }
# wait_all FILE: until FILE holds N lines, or (UDP) stops growing for 2 s.
wait_all() {
  local last=-1 same=0 n
  while :; do
    n=$(lines "$1")
    [ "$n" -ge "$N" ] && return 0
    if [ "$n" -eq "$last" ]; then same=$((same + 1)); else same=0; fi
    [ "$same" -ge 20 ] && return 0
    last=$n
    sleep 0.1
  done
}
# send KIND PORT: the messages to 127.0.0.1:PORT.
send() {
  case "$1" in
    tcp) taskset -c "$SEND_CORE" bash -c 'cat "$1" >"/dev/tcp/127.0.0.1/$2"' -- "$W/msgs.txt" "$2" ;;
    udp) taskset -c "$SEND_CORE" python3 - "$W/msgs.txt" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("127.0.0.1", int(sys.argv[2])))
for line in open(sys.argv[1], "rb"):
    s.send(line)
PY
    ;;
    http)
      split -C 1M "$W/msgs.ndjson" "$W/chunk."
      local args=() c first=1
      for c in "$W"/chunk.*; do
        [ "$first" = 1 ] || args+=(--next)
        first=0
        args+=(-sS -o /dev/null -H 'Content-Type: application/x-ndjson' --data-binary "@$c" "http://127.0.0.1:$2/")
      done
      taskset -c "$SEND_CORE" curl "${args[@]}"
      rm -f "$W"/chunk.* ;;
  esac
}
# result NAME PID FILE TICKS0: prints the figure; sets RATE.
result() {
  local got cpu
  got=$(lines "$3")
  cpu=$(( $(cpu_ticks "$2") - $4 ))
  RATE=$(awk -v g="$got" -v c="$cpu" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (c <= 0) c = 1; printf "%.0f", g / (c / hz) }')
  printf '%-28s %9d msgs  %6.2f CPU s  %9d msgs per CPU-second%s\n' "$1" "$got" \
    "$(awk -v c="$cpu" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", c / hz }')" "$RATE" \
    "$([ "$got" -lt "$N" ] && echo "  ($((N - got)) lost)" || true)"
}

echo "== rsyslogd $(rsyslogd -v | head -1 | awk '{print $2}') (reference), pinned to core $RECV_CORE"
UDP_PORT=$(free_port)
cat >"$W/rs/rs.conf" <<CONF
global(workDirectory="$W/rs" maxMessageSize="64k")
module(load="imtcp")
module(load="imudp")
template(name="j" type="string" string="%jsonmesg%\n")
ruleset(name="r") { action(type="omfile" file="$W/rs.out" template="j") }
input(type="imtcp" address="127.0.0.1" port="0" listenPortFileName="$W/rs/port" ruleset="r")
input(type="imudp" address="127.0.0.1" port="$UDP_PORT" ruleset="r")
CONF
declare -A REF
for kind in tcp udp; do
  rm -f "$W/rs.out" "$W/rs/port"
  taskset -c "$RECV_CORE" rsyslogd -n -f "$W/rs/rs.conf" -i "$W/rs/pid" -M "$MODDIR" 2>>"$W/rs/stderr" &
  rs=$!
  PIDS+=("$rs")
  for _ in $(seq 100); do [ -s "$W/rs/port" ] && break; sleep 0.05; done
  t0=$(cpu_ticks "$rs")
  send "$kind" "$([ "$kind" = tcp ] && cat "$W/rs/port" || echo "$UDP_PORT")"
  wait_all "$W/rs.out"
  result "rsyslogd im$kind" "$rs" "$W/rs.out" "$t0"
  REF[$kind]=$RATE
  kill "$rs"
  wait "$rs" 2>/dev/null || true
done

echo "== lc-listen, pinned to core $RECV_CORE (ratio: to rsyslogd imtcp; for UDP also to imudp)"
for run in tcp udp http tcp+journal http+journal; do
  kind=${run%+journal}
  case "$kind" in
    tcp) url=syslog+tcp://127.0.0.1:0 ;;
    udp) url=syslog+udp://127.0.0.1:0 ;;
    http) url=http://127.0.0.1:0 ;;
  esac
  journal=()
  [ "$run" = "$kind" ] || { rm -rf "$W/journal" "$W/commit"; journal=(--journal "$W/journal" --commit "$W/commit"); }
  rm -f "$W/ready" "$W/lc.out"
  taskset -c "$RECV_CORE" lc-listen --ready "$W/ready" "${journal[@]}" "$url" >"$W/lc.out" &
  lc=$!
  PIDS+=("$lc")
  for _ in $(seq 100); do [ -s "$W/ready" ] && break; sleep 0.05; done
  t0=$(cpu_ticks "$lc")
  send "$kind" "$(sed 's/.*://' "$W/ready")"
  wait_all "$W/lc.out"
  result "lc-listen $run" "$lc" "$W/lc.out" "$t0"
  echo "  ratio to rsyslogd imtcp: $(ratio "$RATE" "${REF[tcp]}")$([ "$kind" = udp ] && echo ", to imudp: $(ratio "$RATE" "${REF[udp]}")" || true)"
  kill "$lc"
  wait "$lc" 2>/dev/null || true
done
