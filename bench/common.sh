# Shared by bench/*.sh: where data goes, and how a process is measured.
# Benchmarks are not tests: they print figures and ratios measured in the
# same run, and never fail on speed.
LC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${LCTK_BENCH_DIR:-/tmp/lc-bench}"
BENCH_BYTES="${LCTK_BENCH_BYTES:-1073741824}"
mkdir -p "$BENCH_DIR"
export PATH="$LC_ROOT/bin:$LC_ROOT/bin/bench:$PATH"

# measure NAME CMD...: runs CMD (stdout to /dev/null unless redirected
# inside), sets MEAS_WALL MEAS_USER MEAS_SYS MEAS_RSS (kB), and returns
# CMD's status (time(1) then writes a "Command exited..." line first).
measure() {
  local name=$1 rc=0; shift
  /usr/bin/time -f "%e %U %S %M" -o "$BENCH_DIR/time.$$" "$@" || rc=$?
  read -r MEAS_WALL MEAS_USER MEAS_SYS MEAS_RSS < <(tail -n 1 "$BENCH_DIR/time.$$")
  rm -f "$BENCH_DIR/time.$$"
  return "$rc"
}

# report NAME BYTES: one line of figures for the last measure.
report() {
  local name=$1 bytes=$2
  awk -v n="$name" -v b="$bytes" -v w="$MEAS_WALL" -v u="$MEAS_USER" -v s="$MEAS_SYS" -v m="$MEAS_RSS" 'BEGIN {
    gib = b / 1073741824; cpu = u + s; if (w <= 0) w = 0.001;
    printf "%-34s %8.0f MB/s  %6.2f CPU s/GiB  peak %6.1f MiB\n", n, b / w / 1e6, cpu / gib, m / 1024 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.001; printf "%.2f", a / b }'; }

# bench_dockerd DIR: a private Docker engine with its data, exec root and
# socket under DIR; exports DOCKER_HOST, waits for it to answer.
# bench_dockerd_stop DIR: kills its containers (one at a time: Debian's
# dockerd 20.10 can deadlock when many exit at once, tests/helpers.bash),
# stops it (2 min at most), kills the shims it left and unmounts.
bench_dockerd() {
  export DOCKER_HOST="unix://$1/docker.sock"
  # --shutdown-timeout 1: `sleep` as pid 1 ignores SIGTERM; do not wait 15 s.
  dockerd --data-root "$1/root" --exec-root "$1/exec" --pidfile "$1/pid" --host "$DOCKER_HOST" \
    --bridge=none --iptables=false --shutdown-timeout 1 >"$1/log" 2>&1 &
  for _ in $(seq 120); do docker info >/dev/null 2>&1 && return 0; sleep 0.25; done
  tail -5 "$1/log"; echo "dockerd did not start"; return 1
}
bench_dockerd_stop() {
  local pid p; pid=$(cat "$1/pid" 2>/dev/null || true)
  if [ -n "$pid" ]; then
    docker ps -q 2>/dev/null | timeout 300 xargs -r -n 1 docker kill >/dev/null 2>&1 || true
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  for p in $(pgrep -f -- "-address $1/exec/" || true); do pkill -KILL -P "$p" || true; kill "$p" || true; done
  awk -v d="$1/" 'index($5,d)==1{print $5}' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l
}
# bench_image: lc-bench/busybox (no registry) in the current engine.
bench_image() {
  local r; r=$(mktemp -d "$BENCH_DIR/img.XXXXXX"); mkdir -p "$r/bin" "$r/tmp"
  cp /bin/busybox "$r/bin/"; ln -s busybox "$r/bin/sh"; ln -s busybox "$r/bin/sleep"
  tar -C "$r" -c . | docker import - lc-bench/busybox >/dev/null; rm -rf "$r"
}
# cpu_ticks PID: user + system CPU of PID so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
