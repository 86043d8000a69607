#!/usr/bin/env bash
# lc-discover's file sources (no runtime API) over 200 containers each laid
# out on disk as the runtime lays them out: containerd task bundles
# (<state>/io.containerd.runtime.v2.task/k8s.io/<id>/config.json + init.pid)
# and CRI-O/podman containers/storage (overlay-containers/<id>/userdata/
# config.json + pidfile), from the real files in tests/fixtures/discover/.
# Figures: the wall and CPU of a full scan (--once), beside the floor of
# reading the same files with cat in the same run; then the idle cost of
# streaming with inotify and a 60 s rescan (CPU per hour, % of a core).
# Targets (issue 11): a full scan under 100 ms, idle under 0.05% of a core.
# LCTK_BENCH_IDLE_SECONDS sets the idle window (default 65: one rescan).
set -eu
. "$(dirname "$0")/common.sh"
N=200
IDLE=${LCTK_BENCH_IDLE_SECONDS:-65}
D=$(mktemp -d "$BENCH_DIR/discover_files.XXXXXX")
stream=
sleeper=
cleanup() {
  [ -n "$stream" ] && kill "$stream" 2>/dev/null && wait "$stream" 2>/dev/null
  [ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
  rm -rf "$D"
}
trap cleanup EXIT

# A live process for the pidfiles (a crio container runs while its
# pidfile's process does: see crio_source.h).
sleep 3600 & sleeper=$!
fx="$LC_ROOT/tests/fixtures/discover"
tasks="$D/containerd/io.containerd.runtime.v2.task/k8s.io"
for i in $(seq "$N"); do
  id=$(printf 'b%063d' "$i")
  mkdir -p "$tasks/$id" "$D/pods"
  sed "s/\"io.kubernetes.cri.container-name\":\"nginx\"/\"io.kubernetes.cri.container-name\":\"c$i\"/" \
    "$fx/containerd_bundle_config.json" >"$tasks/$id/config.json"
  echo "$sleeper" >"$tasks/$id/init.pid"
  id=$(printf 'c%063d' "$i")
  mkdir -p "$D/storage/overlay-containers/$id/userdata"
  sed "s/\"io.kubernetes.container.name\":\"nginx\"/\"io.kubernetes.container.name\":\"c$i\"/" \
    "$fx/crio_userdata_config.json" >"$D/storage/overlay-containers/$id/userdata/config.json"
  echo "$sleeper" >"$D/storage/overlay-containers/$id/userdata/pidfile"
done
cp "$fx/crio_containers.json" "$D/storage/overlay-containers/containers.json"
bytes=$(cat "$tasks"/*/config.json "$D"/storage/overlay-containers/*/userdata/config.json | wc -c)

timed() {
  local TIMEFORMAT="%3R %3U %3S" t u s
  t=$( { time sh -c "$1" >/dev/null 2>&1; } 2>&1 )
  read -r T_WALL u s <<<"$t"
  T_CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for src in containerd crio; do
  case $src in
    containerd) args="--runtime containerd --containerd-state $D/containerd --pods-dir $D/pods"
                files="$tasks/*/config.json $tasks/*/init.pid" ;;
    crio) args="--runtime crio --crio-state $D/storage"
          files="$D/storage/overlay-containers/*/userdata/config.json $D/storage/overlay-containers/*/userdata/pidfile" ;;
  esac
  n=$(lc-discover $args --once | grep -c '"event":"upsert"')
  lw=() lc=() cw=()
  for _ in 1 2 3 4 5; do
    timed "lc-discover $args --once"; lw+=("$T_WALL"); lc+=("$T_CPU")
    timed "cat $files"; cw+=("$T_WALL")
  done
  w=$(median "${lw[@]}") c=$(median "${lc[@]}") f=$(median "${cw[@]}")
  printf '%-10s --once over %d containers (%d announced): %s s wall, %s CPU s; cat of the same files %s s (x%s)\n' \
    "$src" "$N" "$n" "$w" "$c" "$f" "$(ratio "$w" "$f")"
done
echo "($bytes bytes of config.json in all; target: a full scan < 0.100 s)"

echo "== idle: lc-discover --runtime containerd --runtime crio --rescan 60s, $IDLE s after its first scan"
lc-discover --runtime containerd --containerd-state "$D/containerd" --pods-dir "$D/pods" \
  --runtime crio --crio-state "$D/storage" --rescan 60s >"$D/stream.out" &
stream=$!
for _ in $(seq 100); do grep -q '"event":"sync"' "$D/stream.out" 2>/dev/null && break; sleep 0.1; done
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
t0=$(cpu_ticks "$stream"); s0=$(date +%s.%N)
sleep "$IDLE"
t1=$(cpu_ticks "$stream"); s1=$(date +%s.%N)
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$stream/status")
awk -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v a="$s0" -v b="$s1" -v r="$rss" 'BEGIN {
  secs = b - a; cpu = t / hz
  printf "idle: %.2f CPU s/hour = %.4f%% of a core; RSS %.1f MiB (target < 0.05%%)\n", cpu / secs * 3600, cpu / secs * 100, r / 1024 }'
