#!/usr/bin/env bats
# lc-ship's S3 sink (s3+http://HOST:PORT/BUCKET/PREFIX) against a REAL
# S3-compatible server: s3rver (npm), installed by `make deps` into
# .node.  It knows one account, S3RVER/S3RVER, and refuses another
# access key id (403); it does not check the V4 signature itself (s3rver
# leaves that unimplemented), so a refused key stands for refused credentials.
# Objects are listed and read back over the S3 API with curl --aws-sigv4.

bats_require_minimum_version 1.5.0
load helpers

S3RVER="$LC_ROOT/.node/node_modules/.bin/s3rver"
EMPTY_SHA=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

# s3rver_start [PORT]: s3rver on 127.0.0.1 (PORT, or any free port), data in
# $T/s3 (kept across restarts), bucket "logs"; sets S3_PORT and S3_PID.
s3rver_start() {
  [ -x "$S3RVER" ] || { echo "s3rver is not installed: run make deps" >&2; return 1; }
  mkdir -p "$T/s3"
  rm -f "$T/s3.out"
  bg "$S3RVER" --silent -d "$T/s3" -a 127.0.0.1 -p "${1:-0}" --configure-bucket logs >"$T/s3.out" 2>&1
  S3_PID=$BG_PID
  wait_until 20 grep -q 'listening on 127.0.0.1:' "$T/s3.out"
  S3_PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/s3.out")
  export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
  unset AWS_SESSION_TOKEN AWS_PROFILE AWS_SHARED_CREDENTIALS_FILE AWS_REGION AWS_DEFAULT_REGION
}

s3rver_stop() {
  kill "$S3_PID"
  wait "$S3_PID" 2>/dev/null || true   # killed: its status is not the test's
}

# s3get PATH: GET over the S3 API, signed.
s3get() {
  curl -sSf --aws-sigv4 "aws:amz:us-east-1:s3" --user S3RVER:S3RVER \
    -H "x-amz-content-sha256: $EMPTY_SHA" "http://127.0.0.1:$S3_PORT/$1"
}

# s3keys: the keys in bucket logs, one a line, sorted (a strict XML parser).
s3keys() {
  set -o pipefail
  s3get 'logs?list-type=2' | python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
assert root.tag.endswith("ListBucketResult"), root.tag
assert root.find("{*}IsTruncated").text == "false"
for k in sorted(e.text for e in root.findall("{*}Contents/{*}Key")): print(k)'
}

# s3records: every object read back, decompressed, as one sorted list of
# lines; each line must be a JSON object (a strict parser).
s3records() {
  set -o pipefail
  local k
  for k in $(s3keys); do
    case "$k" in
      *.zst) s3get "logs/$k" | zstd -dc ;;
      *.gz) s3get "logs/$k" | gzip -dc ;;
      *) s3get "logs/$k" ;;
    esac
  done | python3 -c '
import json, sys
for line in sys.stdin.read().splitlines():
    assert isinstance(json.loads(line), dict), line
    print(line)' | sort
}

# records N: N records with cursors src:1..N and times in one hour.
records() {
  local i
  for ((i = 1; i <= $1; i++)); do
    printf '{"time":"2026-11-25T05:40:%02d.000000001Z","body":"line-%d","lc.cursor":"src:%d"}\n' $((i % 60)) "$i" "$i"
  done
}

@test "s3: one object per batch, named like the archive, compressed; read back they equal the records" {
  s3rver_start
  records 5 >"$T/in"
  run --separate-stderr lc-ship --batch-records 2 --compress zstd --commit "$T/commit" \
    "s3+http://127.0.0.1:$S3_PORT/logs/node-7/app" <"$T/in"
  [ "$status" -eq 0 ]
  run s3keys
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 3 ]
  for k in "${lines[@]}"; do
    [[ "$k" =~ ^node-7/app/2026/11/25/05/[0-9a-f]{16}-[0-9a-f]{16}\.ndjson\.zst$ ]]
  done
  run s3records
  [ "$status" -eq 0 ]
  [ "$output" = "$(sort "$T/in")" ]
  [ "$(jq -c .cursors "$T/commit")" = '{"src":5}' ]
  # Sent again: the same names, so the objects overwrite themselves.
  run --separate-stderr lc-ship --batch-records 2 --compress zstd \
    "s3+http://127.0.0.1:$S3_PORT/logs/node-7/app" <"$T/in"
  [ "$status" -eq 0 ]
  run s3keys
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 3 ]
  # gzip: .ndjson.gz objects
  run --separate-stderr lc-ship --compress gzip "s3+http://127.0.0.1:$S3_PORT/logs/gz" <"$T/in"
  [ "$status" -eq 0 ]
  run s3keys
  [ "$status" -eq 0 ]
  [[ "$(printf '%s\n' "${lines[@]}" | grep '^gz/')" =~ ^gz/2026/11/25/05/[0-9a-f]{16}-[0-9a-f]{16}\.ndjson\.gz$ ]]
}

@test "s3: the server down -> retried, nothing lost, delivered and committed when it comes back" {
  s3rver_start
  port=$S3_PORT
  s3rver_stop
  records 6 >"$T/in"
  lc-ship --batch-records 3 --compress zstd --commit "$T/commit" \
    "s3+http://127.0.0.1:$port/logs/p" <"$T/in" 2>"$T/ship.err" &
  SHIP=$!
  LC_BG_PIDS+=("$SHIP")
  wait_until 20 grep -q 'resending' "$T/ship.err"
  [ ! -e "$T/commit" ] || [ "$(jq -c .cursors "$T/commit")" = '{}' ]   # nothing committed while down
  s3rver_start "$port"
  wait "$SHIP"   # lc-ship's own status: 0
  grep -q "127.0.0.1:$port.*Connection refused\|127.0.0.1:$port.*Couldn't connect" "$T/ship.err"
  run s3records
  [ "$status" -eq 0 ]
  [ "$output" = "$(sort "$T/in")" ]
  [ "$(jq -c .cursors "$T/commit")" = '{"src":6}' ]
}

@test "s3: refused credentials are said loudly and never printed; none at all is a usage error" {
  s3rver_start
  records 2 >"$T/in"
  AWS_ACCESS_KEY_ID=NOTAKEY AWS_SECRET_ACCESS_KEY=wr0ngs3cret run --separate-stderr lc-ship --retry-max 1s --dead-letter "$T/dead" \
    "s3+http://127.0.0.1:$S3_PORT/logs/p" <"$T/in"
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"HTTP 403"*"THE SERVER REFUSED OUR CREDENTIALS"* ]]
  [[ "$stderr" != *wr0ngs3cret* ]]
  [ "$(lines_in "$T/dead")" -eq 2 ]   # --retry-max gave up: dead-lettered, not lost
  run s3keys
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 0 ]
  run --separate-stderr env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY HOME="$T" \
    lc-ship "s3+http://127.0.0.1:$S3_PORT/logs/p" </dev/null
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"s3+http://127.0.0.1:$S3_PORT/logs/p: no credentials: set AWS_ACCESS_KEY_ID"* ]]
  run --separate-stderr lc-ship "s3+http://127.0.0.1:$S3_PORT" </dev/null
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"no bucket"* ]]
}
