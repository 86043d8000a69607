#!/usr/bin/env bash
# lc-stdout throughput on a 1 GiB Docker json-file log and a 1 GiB CRI log,
# beside cat, in the same run.
set -eu
. "$(dirname "$0")/common.sh"
for fmt in docker cri; do
  log="$BENCH_DIR/$fmt.log"
  if [ ! -f "$log" ] || [ "$(stat -c %s "$log")" -lt "$BENCH_BYTES" ]; then
    gen_runtime_log "$fmt" "$BENCH_BYTES" >"$log"
  fi
  bytes=$(stat -c %s "$log")
  cat "$log" >/dev/null
  echo "== lc-stdout: $((bytes / 1048576)) MiB $fmt log, page cache warm"
  measure cat sh -c "cat '$log' >/dev/null"; report "cat FILE >/dev/null" "$bytes"; cat_wall=$MEAS_WALL
  measure stdout sh -c "lc-stdout --once --since 3650d '$log' >/dev/null"; report "lc-stdout --once" "$bytes"
  echo "lc-stdout / cat wall-time ratio: $(ratio "$MEAS_WALL" "$cat_wall")"
  runtime_log_parse "$log" 256  # in-process: split, parse, record (MB/s per core)
done
