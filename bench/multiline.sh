#!/usr/bin/env bash
# Multiline joining (lc-tail --multiline-start, issue 10): MB/s and CPU per
# GiB of lc-tail --once over an application log where 20% of the lines are
# stack-trace continuations (Java "\tat ..." frames and "Caused by:"), joined
# by a start rule (a line that begins with a date), beside --parser none on
# the same file in the same run.  LCTK_BENCH_MULTILINE_BYTES sets the size
# (default 256 MiB).  Target (issue 10): 500 MB/s per core; "user CPU" is
# the bytes per second of user CPU time (the per-core figure, whatever else
# the machine runs).
set -eu
. "$(dirname "$0")/common.sh"
BYTES=${LCTK_BENCH_MULTILINE_BYTES:-268435456}
f="$BENCH_DIR/multiline-app.log"
if [ ! -f "$f" ] || [ "$(stat -c %s "$f")" -lt "$BYTES" ]; then
  # 1 in 5 lines a continuation: every 25th record an exception of 5 frames,
  # plus a "Caused by:" and its frame in every other one.
  awk -v want="$BYTES" 'BEGIN {
    n = 0; i = 0
    while (n < want) {
      s = sprintf("2026-12-02 03:%02d:%02d.%03d INFO  [worker-%d] c.e.api.ItemService - handled GET /api/v1/items/%d in %d ms\n",
                  (i / 60) % 60, i % 60, i % 1000, i % 16, i, i % 97)
      if (i % 25 == 0) {
        s = sprintf("2026-12-02 03:%02d:%02d.%03d ERROR [worker-%d] c.e.api.ItemService - request %d failed\n",
                    (i / 60) % 60, i % 60, i % 1000, i % 16, i)
        s = s "java.lang.IllegalStateException: item " i " is locked\n"
        for (k = 0; k < 4; k++) s = s sprintf("\tat com.example.api.ItemService.update%d(ItemService.java:%d)\n", k, 100 + k)
        if (i % 50 == 0) s = s "Caused by: java.sql.SQLTimeoutException: lock wait\n\tat org.postgresql.jdbc.PgStatement.execute(PgStatement.java:412)\n"
      }
      printf "%s", s; n += length(s); i++
    }
  }' >"$f"
  touch -d '1 hour ago' "$f"  # quiet: --once emits its last record (lc-tail(1), MULTILINE)
fi
cat "$f" >/dev/null  # warm the page cache
lines=$(wc -l <"$f")
starts=$(grep -c '^[0-9]' "$f")
run() {  # NAME ARGS...: one line of figures (or lc-tail's complaint, and exit)
  local name=$1 err="$BENCH_DIR/multiline.err"; shift
  if ! measure "$name" sh -c "lc-tail --once --from head $* '$f' >'$BENCH_DIR/multiline.out' 2>'$err'"; then
    echo "$name: lc-tail failed: $(cat "$err")" >&2
    exit 1
  fi
  report "$name" "$(stat -c %s "$f")"
}
user_rate() {
  awk -v b="$(stat -c %s "$f")" -v u="$MEAS_USER" 'BEGIN { if (u <= 0) u = 0.001; printf "%.0f MB/s of user CPU", b / u / 1e6 }'
}
echo "== lc-tail --once --multiline-start, $((BYTES / 1048576)) MiB, $lines lines, $((100 - 100 * starts / lines))% continuation lines"
run "--parser none"; none=$MEAS_WALL
echo "  none: $(user_rate)"
run "multiline start: a date" --multiline-start "'^\\d{4}-'"
records=$(wc -l <"$BENCH_DIR/multiline.out")
echo "  multiline / none wall: $(ratio "$MEAS_WALL" "$none"); $(user_rate); $records records (expected $starts)"
run "multiline continue: frames" --multiline-continue "'^(\\s|Caused by:|[a-zA-Z.]+Exception)'"
echo "  multiline / none wall: $(ratio "$MEAS_WALL" "$none"); $(user_rate); $(wc -l <"$BENCH_DIR/multiline.out") records (expected $starts)"
echo "target: multiline 500 MB/s per core"
rm -f "$BENCH_DIR/multiline.out"
