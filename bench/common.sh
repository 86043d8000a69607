# Shared by bench/*.sh: where data goes, and how a process is measured.
# Benchmarks are not tests: they print figures and ratios measured in the
# same run, and never fail on speed.
LC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${LCTK_BENCH_DIR:-/tmp/lc-bench}"
BENCH_BYTES="${LCTK_BENCH_BYTES:-1073741824}"
mkdir -p "$BENCH_DIR"
export PATH="$LC_ROOT/bin:$LC_ROOT/bin/bench:$PATH"

# measure NAME CMD...: runs CMD (stdout to /dev/null unless redirected
# inside), prints "NAME wall user sys maxrss_kb" into $BENCH_DIR/last.
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$BENCH_DIR/time.$$" "$@"
  read -r MEAS_WALL MEAS_USER MEAS_SYS MEAS_RSS <"$BENCH_DIR/time.$$"
  rm -f "$BENCH_DIR/time.$$"
}

# report NAME BYTES: one line of figures for the last measure.
report() {
  local name=$1 bytes=$2
  awk -v n="$name" -v b="$bytes" -v w="$MEAS_WALL" -v u="$MEAS_USER" -v s="$MEAS_SYS" -v m="$MEAS_RSS" 'BEGIN {
    gib = b / 1073741824; cpu = u + s; if (w <= 0) w = 0.001;
    printf "%-34s %8.0f MB/s  %6.2f CPU s/GiB  peak %6.1f MiB\n", n, b / w / 1e6, cpu / gib, m / 1024 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.001; printf "%.2f", a / b }'; }
