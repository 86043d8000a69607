#!/usr/bin/env bash
# The parsing stage (lc-tail --parser, issue 10): CPU per GiB and MB/s of
# lc-tail --once over a JSON-lines log and the nginx access log, for each
# parser, beside --parser none on the same file in the same run (the ratio
# is the parser's own cost).  LCTK_BENCH_PARSE_BYTES sets the size (default
# 256 MiB each).  Targets (issue 10), per core: json 400 MB/s, regex and
# nginx 250 MB/s; "user CPU" is the bytes per second of user CPU time (the
# per-core figure, whatever else the machine runs).
set -eu
. "$(dirname "$0")/common.sh"
BYTES=${LCTK_BENCH_PARSE_BYTES:-268435456}
acc="$BENCH_DIR/parse-access.log"
js="$BENCH_DIR/parse-json.log"
[ -f "$acc" ] && [ "$(stat -c %s "$acc")" -ge "$BYTES" ] || gen_access_log "$BYTES" >"$acc"
if [ ! -f "$js" ] || [ "$(stat -c %s "$js")" -lt "$BYTES" ]; then
  python3 - "$BYTES" >"$js" <<'PY'
import json, random, sys
random.seed(1)
want, n, i, out = int(sys.argv[1]), 0, 0, []
levels = ["info", "warn", "error", "debug"]
while n < want:
    line = json.dumps({"ts": "2026-12-02T03:00:%02d.%06dZ" % (i % 60, i % 1000000), "level": levels[i % 4],
                       "msg": "request handled path=/api/v1/items/%d" % i, "status": 200 + (i % 3) * 100,
                       "latency_ms": round(random.random() * 100, 3), "user": {"id": i, "name": "u%d" % i}}) + "\n"
    out.append(line); n += len(line); i += 1
    if len(out) >= 10000:
        sys.stdout.write("".join(out)); out = []
sys.stdout.write("".join(out))
PY
fi
cat "$acc" "$js" >/dev/null  # warm the page cache

run() {  # NAME FILE ARGS...: one line of figures (or lc-tail's complaint, and exit)
  local name=$1 file=$2 err="$BENCH_DIR/parse.err"; shift 2
  if ! measure "$name" sh -c "lc-tail --once --from head $* '$file' >/dev/null 2>'$err'"; then
    echo "$name: lc-tail failed: $(cat "$err")" >&2
    exit 1
  fi
  report "$name" "$(stat -c %s "$file")"
}
user_rate() {  # FILE: MB per second of user CPU of the last measure
  awk -v b="$(stat -c %s "$1")" -v u="$MEAS_USER" 'BEGIN { if (u <= 0) u = 0.001; printf "%.0f MB/s of user CPU", b / u / 1e6 }'
}
nginx='^(?<remote_addr>\S+) \S+ (?<remote_user>\S+) \[(?<time_local>[^\]]+)\] "(?<request>[^"]*)" (?<status>\d+) (?<body_bytes_sent>\d+) "(?<http_referer>[^"]*)" "(?<http_user_agent>[^"]*)"'
echo "== lc-tail --once --parser, $((BYTES / 1048576)) MiB per file, page cache warm"
run "json-lines: --parser none" "$js"; none=$MEAS_WALL
run "json-lines: --parser json" "$js" --parser json; echo "  json / none wall: $(ratio "$MEAS_WALL" "$none")"
run "json-lines: --parser logfmt" "$js" --parser logfmt
run "access log: --parser none" "$acc"; none=$MEAS_WALL
echo "  none: $(user_rate "$acc")"
run "access log: --parser nginx" "$acc" --parser nginx
echo "  nginx / none wall: $(ratio "$MEAS_WALL" "$none"); $(user_rate "$acc")"
run "access log: --parser apache combined" "$acc" --parser apache
echo "  apache / none wall: $(ratio "$MEAS_WALL" "$none"); $(user_rate "$acc")"
run "access log: --parser regex (nginx)" "$acc" --parser regex --regex "'$nginx'"
echo "  regex / none wall: $(ratio "$MEAS_WALL" "$none"); $(user_rate "$acc")"
fields=remote_addr,ident,remote_user,time_local,time_zone,request,status,body_bytes_sent,http_referer,http_user_agent
run "access log: --parser delimiter ' '" "$acc" --parser delimiter --delimiter "' '" --fields "$fields"
echo "  delimiter / none wall: $(ratio "$MEAS_WALL" "$none"); $(user_rate "$acc")"
echo "targets (per core): json 400 MB/s, regex and nginx 250 MB/s"
echo "== --time-format alone, in process"
bin/bench/time_format_parse
