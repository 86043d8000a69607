#!/usr/bin/env bash
# lc-ship throughput: an NDJSON file of lc-tail records (from the generated
# nginx access log) into stdout, the archive sink (zstd, gzip) and an HTTP
# sink on loopback (bench/http_sink_server.cc), beside cat of the same file;
# then the whole pipeline `lc-tail --once | lc-ship` into the archive and
# HTTP sinks, with the CPU of each stage.  MB/s count the NDJSON bytes.
set -eu
. "$(dirname "$0")/common.sh"
log="$BENCH_DIR/access.log"
if [ ! -f "$log" ] || [ "$(stat -c %s "$log")" -lt "$BENCH_BYTES" ]; then
  gen_access_log "$BENCH_BYTES" >"$log"
fi
recs="$BENCH_DIR/records.ndjson"
if [ ! -f "$recs" ] || [ "$recs" -ot "$log" ]; then
  lc-tail --once --from head "$log" >"$recs"
fi
bytes=$(stat -c %s "$recs")
out="$BENCH_DIR/ship-out"
cat "$recs" >/dev/null  # warm the page cache

echo "== lc-ship: $((bytes / 1048576)) MiB of NDJSON records ($(wc -l <"$recs") records), page cache warm"
measure cat sh -c "cat '$recs' >/dev/null"; report "cat FILE >/dev/null" "$bytes"; cat_wall=$MEAS_WALL
measure s sh -c "lc-ship stdout: <'$recs' >/dev/null 2>&1"; report "lc-ship stdout:" "$bytes"
echo "  stdout / cat wall-time ratio: $(ratio "$MEAS_WALL" "$cat_wall")"
for spec in "zst&level=1" "zst&level=3" "gz&level=1"; do
  rm -rf "$out"
  measure a sh -c "lc-ship 'archive://$out?format=$spec' <'$recs' 2>/dev/null"
  report "lc-ship archive ($spec)" "$bytes"
  echo "  archive size: $(du -sm "$out" | cut -f1) MiB in $(find "$out" -type f | wc -l) files"
done

bin/bench/http_sink_server >"$BENCH_DIR/port" 2>"$BENCH_DIR/server.out" &
server=$!
for i in $(seq 50); do [ -s "$BENCH_DIR/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$BENCH_DIR/port")/ingest"
for c in none gzip zstd; do
  measure h sh -c "lc-ship --compress $c '$url' <'$recs' 2>/dev/null"
  report "lc-ship http loopback ($c)" "$bytes"
done

logbytes=$(stat -c %s "$log")
echo "== pipeline lc-tail --once | lc-ship on the $((logbytes / 1048576)) MiB log (MB/s of log bytes; CPU per stage)"
for run in "archive://$out?format=zst" "--batch-bytes 1MiB archive://$out?format=zst" "$url"; do
  rm -rf "$out"
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %U %S %M" -o "$BENCH_DIR/t.tail" lc-tail --once --from head "$log" |
    /usr/bin/time -f "%e %U %S %M" -o "$BENCH_DIR/t.ship" lc-ship $run 2>/dev/null
  label=$(echo "$run" | sed 's|://.*||')
  for stage in tail ship; do
    read -r MEAS_WALL MEAS_USER MEAS_SYS MEAS_RSS <"$BENCH_DIR/t.$stage"
    report "  lc-$stage ($label)" "$logbytes"
  done
done
kill "$server"; wait "$server" 2>/dev/null || true
echo "http server received (requests, body bytes): $(cat "$BENCH_DIR/server.out")"
rm -rf "$out"
