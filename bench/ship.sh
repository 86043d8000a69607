#!/usr/bin/env bash
# lc-ship throughput: an NDJSON file of lc-tail records (from the generated
# nginx access log) into stdout, the archive sink (zstd, gzip) and an HTTP
# sink on loopback (bench/http_sink_server.cc), beside cat of the same file;
# then the whole pipeline `lc-tail --once | lc-ship` into the archive and
# HTTP sinks, with the CPU of each stage.  MB/s count the NDJSON bytes.
# Compression (issue 12): each codec on the same records in 1 MiB batches,
# the old defaults (zlib level 6, zstd 3 with a context per batch) beside
# the new (libdeflate level 1, zstd 1 with a kept context), and CPU s per
# GiB of log for the whole pipeline with --compress none, gzip and zstd at
# the new defaults.  The read side: records written one per write(2) at
# 80k/s into lc-ship, beside the same bytes in one go.
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
echo "== compression codecs on 1 MiB batches of these records (CPU s per GiB of records and of log)"
compress_codecs "$recs" $(( bytes / 1048576 < 256 ? bytes / 1048576 : 256 )) \
  "$(awk -v l="$logbytes" -v r="$bytes" 'BEGIN { printf "%.4f", l / r }')"

echo "== pipeline lc-tail --once | lc-ship on the $((logbytes / 1048576)) MiB log (MB/s of log bytes; CPU per stage)"
for run in "archive://$out?format=zst" "--batch-bytes 1MiB archive://$out?format=zst" "$url" \
           "--compress gzip $url" "--compress zstd $url" "--compress gzip --compress-level 6 $url"; do
  rm -rf "$out"
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %U %S %M" -o "$BENCH_DIR/t.tail" lc-tail --once --from head "$log" |
    /usr/bin/time -f "%e %U %S %M" -o "$BENCH_DIR/t.ship" lc-ship $run 2>/dev/null
  label=$(echo "$run" | sed 's|://.*||; s|--compress ||; s|--compress-level |level |; s| http$||')
  cpu=0
  for stage in tail ship; do
    read -r MEAS_WALL MEAS_USER MEAS_SYS MEAS_RSS <"$BENCH_DIR/t.$stage"
    report "  lc-$stage ($label)" "$logbytes"
    cpu=$(awk -v c="$cpu" -v u="$MEAS_USER" -v s="$MEAS_SYS" 'BEGIN { print c + u + s }')
  done
  awk -v n="$label" -v c="$cpu" -v b="$logbytes" 'BEGIN {
    printf "  %-32s %6.2f CPU s per GiB of log, tail + ship\n", "total (" n ")", c / (b / 1073741824) }'
done

echo "== lc-ship read side: 800000 records of 124 bytes into the HTTP sink (CPU of lc-ship alone)"
awk 'BEGIN { for (i = 1; i <= 200000; i++)
  printf "{\"time\":\"2026-11-25T05:40:%02d.%09dZ\",\"body\":\"GET /api/v1/orders?page=%d HTTP/1.1 200\",\"lc.cursor\":\"fe00:a7:8f:%d\"}\n", i % 60, i, i % 100, i * 124 }' >"$BENCH_DIR/r120.ndjson"
for i in 1 2 3 4; do cat "$BENCH_DIR/r120.ndjson"; done >"$BENCH_DIR/r800k.ndjson"
rbytes=$(stat -c %s "$BENCH_DIR/r800k.ndjson")
measure once sh -c "lc-ship '$url' <'$BENCH_DIR/r800k.ndjson' 2>/dev/null"
report "  in one go" "$rbytes"; once_cpu=$(awk -v u="$MEAS_USER" -v s="$MEAS_SYS" 'BEGIN { print u + s }')
paced_writer "$BENCH_DIR/r120.ndjson" 80000 10 1 2>/dev/null |
  /usr/bin/time -f "%e %U %S %M" -o "$BENCH_DIR/t.paced" lc-ship "$url" 2>/dev/null
read -r MEAS_WALL MEAS_USER MEAS_SYS MEAS_RSS <"$BENCH_DIR/t.paced"
report "  80k/s, one record per write" "$rbytes"
paced_cpu=$(awk -v u="$MEAS_USER" -v s="$MEAS_SYS" 'BEGIN { print u + s }')
awk -v p="$paced_cpu" -v w="$MEAS_WALL" 'BEGIN { printf "  paced: %.1f%% of one core at 9.9 MB/s\n", 100 * p / w }'
echo "  paced / in-one-go CPU ratio: $(ratio "$paced_cpu" "$once_cpu")"
kill "$server"; wait "$server" 2>/dev/null || true
echo "http server received (requests, body bytes): $(cat "$BENCH_DIR/server.out")"
rm -rf "$out"
