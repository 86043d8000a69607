#!/usr/bin/env bash
# lc-agent on a node (issue 14): N containers (default 100) on a real Docker
# engine, each writing R lines/s (default 100) of about 500 bytes to its
# stdout and as many to a file inside it (/var/log/app.log), collected by
# lc-agent with two configs (container_stdout, container_file) and shipped
# to the bench HTTP sink on loopback.  After a warm-up, for
# LCTK_AGENT_SECONDS (default 30): the CPU share of a core of all the
# agent's processes (the script, every stage of both pipelines), their RSS
# in all at the end, and, measured in the same run as the reference, the
# engine's (dockerd + containerd + shims) CPU for the same containers:
# writing the stdout log files costs it, collecting them costs lc-agent.
# Needs a Docker engine: $DOCKER_HOST, else one is started here (as
# tests/run_all.sh does).  Targets (issue 14): under 3% of a core and
# 64 MiB in all at about 10 MB/s.
set -eu
. "$(dirname "$0")/common.sh"
N="${LCTK_AGENT_CONTAINERS:-100}"
RATE="${LCTK_AGENT_RATE:-100}"
SECS="${LCTK_AGENT_SECONDS:-30}"
WARM="${LCTK_AGENT_WARMUP:-10}"
hz=$(getconf CLK_TCK)
d="$BENCH_DIR/agent"
rm -rf "$d" && mkdir -p "$d/conf.d" "$d/state"
own_engine=""
if [ -z "${DOCKER_HOST:-}" ]; then
  own_engine="$d/engine"
  mkdir -p "$own_engine"
  bench_dockerd "$own_engine"
fi
label="lcb.run=$$"
cleanup() {
  docker ps -aq --filter "label=$label" | xargs -r -n 1 docker rm -f >/dev/null 2>&1 || true  # one at a time: see docker_rm_where in tests/helpers.bash
  [ -n "${agent:-}" ] && kill "$agent" 2>/dev/null && wait "$agent" 2>/dev/null || true
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true
  # Waited for and unmounted: a run right after this one reuses the directory.
  [ -n "$own_engine" ] && bench_dockerd_stop "$own_engine" || true
}
trap cleanup EXIT
if ! docker image inspect lc-test/busybox >/dev/null 2>&1; then
  r=$(mktemp -d); mkdir -p "$r/bin" "$r/tmp" "$r/var/log"; cp /bin/busybox "$r/bin/"
  for c in sh echo sleep cat seq date head yes printf tr dd true false ln ls; do ln -s busybox "$r/bin/$c"; done
  tar -C "$r" -c . | docker import - lc-test/busybox >/dev/null; rm -rf "$r"
fi

http_sink_server >"$d/port" 2>"$d/server.err" &
server=$!
for _ in $(seq 100); do [ -s "$d/port" ] && break; sleep 0.05; done
[ -s "$d/port" ] || { echo "bench/agent.sh: the bench sink did not start (make bench builds bin/bench/)"; exit 1; }
url="http://127.0.0.1:$(cat "$d/port")/"
printf '{"name":"out","input":{"type":"container_stdout","containers":{"include_label":["%s"]}}}\n' "$label" >"$d/conf.d/out.json"
printf '{"name":"files","from":"head","input":{"type":"container_file","paths":["/var/log/app.log"],"containers":{"include_label":["%s"]}}}\n' \
  "$label" >"$d/conf.d/files.json"
lc-agent --config-dir "$d/conf.d" --state-dir "$d/state" --groups-file "$d/groups" --sink "$url" 2>"$d/agent.err" &
agent=$!
# Each container: every 100 ms, RATE/10 lines to stdout and as many to its file.
per=$((RATE / 10))
pad=$(printf 'x%.0s' $(seq 1 440))
for i in $(seq 1 "$N"); do
  docker run -d --network none --label "$label" lc-test/busybox sh -c \
    "n=0; while :; do j=0; while [ \$j -lt $per ]; do n=\$((n+1)); j=\$((j+1)); echo \"c$i \$n $pad\"; echo \"c$i \$n $pad\" >>/var/log/app.log; done; sleep 0.1; done" >/dev/null
done
sleep "$WARM"

# tree_ticks PID...: CPU ticks of these processes and all below them.
tree_pids() { local p; for p in "$@"; do echo "$p"; tree_pids $(pgrep -P "$p" || true); done; }
ticks_of() { local t=0 p v; for p in "$@"; do v=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0); t=$((t + v)); done; echo "$t"; }
# The engine's processes: those whose command line names its socket's
# directory (dockerd, its containerd, the shims: -address DIR/...), so
# another engine on the machine is not counted.
engine_pids() { pgrep -f "$(dirname "${DOCKER_HOST#unix://}")/" || true; }
apids=$(tree_pids "$agent")
epids=$(engine_pids)
declare -A t0=()
for p in $apids; do t0[$p]=$(ticks_of "$p"); done
a0=$(ticks_of $apids); e0=$(ticks_of $epids)
sleep "$SECS"
apids2=$(tree_pids "$agent")
a1=$(ticks_of $apids); e1=$(ticks_of $epids)
rss=$(for p in $apids2; do awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null; done | awk '{ s += $1 } END { printf "%.1f", s / 1024 }')
# PSS: each shared page (the tools' common libraries) counted once in all.
pss=$(for p in $apids2; do awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null; done | awk '{ s += $1 } END { printf "%.1f", s / 1024 }')
share() { awk -v a="$1" -v b="$2" -v hz="$hz" -v s="$SECS" 'BEGIN { printf "%.2f", (b - a) / hz / s * 100 }'; }
mbps=$(awk -v n="$N" -v r="$RATE" 'BEGIN { printf "%.1f", n * r * 2 * 460 / 1e6 }')
echo "== lc-agent, $N containers x $RATE lines/s to stdout and to a file inside (~$mbps MB/s), ${SECS} s after ${WARM} s"
echo "lc-agent, all $(echo $apids2 | wc -w) processes: $(share "$a0" "$a1")% of a core, ${pss} MiB PSS in all (RSS summed: ${rss} MiB)"
for p in $apids2; do
  [ -r "/proc/$p/smaps_rollup" ] || continue
  printf '  %-12s CPU %5s%%  RSS %6.1f MiB  PSS %6.1f MiB\n' "$(cat "/proc/$p/comm")" "$(share "${t0[$p]:-0}" "$(ticks_of "$p")")" \
    "$(awk '/VmRSS/ {print $2 / 1024}' "/proc/$p/status")" "$(awk '/^Pss:/ {print $2 / 1024}' "/proc/$p/smaps_rollup")"
done
echo "the engine (dockerd, containerd, shims), same seconds: $(share "$e0" "$e1")% of a core"
echo "ratio lc-agent / engine CPU: $(ratio $((a1 - a0)) $((e1 - e0)))"
lc-agent status --state-dir "$d/state" | awk '{ printf "  %s\n", $0 }'
