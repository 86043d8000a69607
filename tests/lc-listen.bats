#!/usr/bin/env bats
# lc-listen with real senders: util-linux logger (UDP, TCP, octet counting,
# RFC 3164 and 5424, a unix socket), a real rsyslogd forwarding with omfwd
# (UDP and TCP, RFC 5424 template), and bash's /dev/tcp and /dev/udp for
# bytes no well-behaved sender writes.  Ports are chosen by the kernel (port
# 0) and read back from --ready; nothing sleeps: each test polls for the
# records it expects with a bounded wait_until.

bats_require_minimum_version 1.5.0
load helpers

RSYSLOG_MODDIR=/usr/lib/x86_64-linux-gnu/rsyslog

# listen URL...: starts lc-listen (killed at teardown) on the URLs, records
# in $T/out, stderr in $T/err; waits for --ready.  $LISTEN_PID is its pid.
listen() {
  bg lc-listen --ready "$T/ready" "$@" >"$T/out" 2>"$T/err"
  LISTEN_PID=$BG_PID
  wait_until 10 test -s "$T/ready"
}
# port N: the port of the Nth URL lc-listen listens on.
port() { sed -n "${1}p" "$T/ready" | sed 's/.*://'; }
# records N: waits until $T/out holds at least N records.
has_records() { [ "$(lines_in "$T/out")" -ge "$1" ]; }
records() { wait_until 10 has_records "$1"; }
# stop_listen: SIGTERM; lc-listen must drain and exit 0.
stop_listen() {
  kill -TERM "$LISTEN_PID"
  local rc=0
  wait "$LISTEN_PID" || rc=$?
  [ "$rc" -eq 0 ] || { echo "lc-listen exited $rc: $(cat "$T/err")"; return 1; }
}

# --- usage ---------------------------------------------------------------

@test "--help and --version exit 0 on stdout" {
  run --separate-stderr lc-listen --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"syslog+unix:///PATH"* ]]
  [ -z "$stderr" ]
  run --separate-stderr lc-listen --version
  [ "$status" -eq 0 ]
  [[ "$output" == "lc "* ]]
  [ -z "$stderr" ]
}

@test "every option in --help is in the man page and in both completions" {
  run options_documented lc-listen
  [ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "no URL, a bad URL, a port in use: exit 2 naming the URL, nothing written" {
  run --separate-stderr lc-listen
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == "lc-listen: "*"url is required"* ]]
  run --separate-stderr lc-listen syslog+udp://127.0.0.1:514 syslog+tcp://127.0.0.1
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [ "$stderr" = "lc-listen: syslog+tcp://127.0.0.1: no :PORT" ]
  run --separate-stderr lc-listen gopher://x:1
  [ "$status" -eq 2 ]
  [[ "$stderr" == "lc-listen: gopher://x:1: not a listen URL"* ]]
  listen syslog+tcp://127.0.0.1:0
  local taken
  taken=$(sed -n 1p "$T/ready")
  run --separate-stderr lc-listen "$taken"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [ "$stderr" = "lc-listen: $taken: Address already in use" ]
}

# --- syslog from logger --------------------------------------------------

@test "logger over UDP, RFC 5424 and RFC 3164: one record each, fields from the message" {
  listen syslog+udp://127.0.0.1:0
  run logger --server 127.0.0.1 --port "$(port 1)" --udp --rfc5424 -p local4.warning -t web \
    --sd-id 'req@32473' --sd-param 'id="42"' 'hello 5424'
  [ "$status" -eq 0 ]
  run logger --server 127.0.0.1 --port "$(port 1)" --udp --rfc3164 -p auth.err -t sshd 'hello 3164'
  [ "$status" -eq 0 ]
  records 2
  stop_listen
  assert_ndjson "$T/out"
  [ ! -s "$T/err" ]
  run jq -c 'del(.time)' "$T/out"
  [ "$status" -eq 0 ]
  local h
  h=$(hostname)
  [ "${lines[0]}" = '{"body":"hello 5424","syslog.facility":20,"syslog.severity":4,"syslog.version":1,"host.name":"'"$h"'","syslog.app_name":"web","syslog.structured_data":"[timeQuality tzKnown=\"1\" isSynced=\"0\"][req@32473 id=\"42\"]","network.transport":"udp","client.address":"127.0.0.1"}' ]
  [ "${lines[1]}" = '{"body":"hello 3164","syslog.facility":4,"syslog.severity":3,"host.name":"'"$h"'","syslog.app_name":"sshd","network.transport":"udp","client.address":"127.0.0.1"}' ]
  # RFC 3164's time has no year and no zone: this year, read as UTC, to the second.
  run jq -r .time "$T/out"
  [ "$status" -eq 0 ]
  [[ "${lines[1]}" == "$(date -u +%Y)-"*".000000000Z" ]]
}

@test "logger over TCP: newline framing and octet counting, RFC 3164 and 5424" {
  listen syslog+tcp://127.0.0.1:0
  printf 'line one\nline two\n' | logger --server 127.0.0.1 --port "$(port 1)" --tcp --rfc3164 -t app
  logger --server 127.0.0.1 --port "$(port 1)" --tcp --octet-count --rfc5424 -t app 'octet counted'
  logger --server 127.0.0.1 --port "$(port 1)" --tcp --rfc5424 --msgid ID9 -t app 'newline framed 5424'
  records 4
  stop_listen
  assert_ndjson "$T/out"
  run jq -r '[.body, .["syslog.app_name"], (.["syslog.version"] // 0), .["network.transport"]] | @tsv' "$T/out"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "$(printf 'line one\tapp\t0\ttcp')" ]
  [ "${lines[1]}" = "$(printf 'line two\tapp\t0\ttcp')" ]
  [ "${lines[2]}" = "$(printf 'octet counted\tapp\t1\ttcp')" ]
  [ "${lines[3]}" = "$(printf 'newline framed 5424\tapp\t1\ttcp')" ]
  run jq -r '.["syslog.msg_id"] // empty' "$T/out"
  [ "$status" -eq 0 ]
  [ "$output" = "ID9" ]
}

@test "logger on a unix socket: the node's host name; the socket file goes at exit" {
  listen "syslog+unix://$T/log.sock"
  [ -S "$T/log.sock" ]
  run logger -u "$T/log.sock" -t cron -i 'from the socket'
  [ "$status" -eq 0 ]
  records 1
  stop_listen
  [ ! -e "$T/log.sock" ]
  run jq -r '[.body, .["host.name"], .["syslog.app_name"], .["network.transport"], (.["client.address"] // "none")] | @tsv' "$T/out"
  [ "$status" -eq 0 ]
  [ "$output" = "$(printf 'from the socket\t%s\tcron\tunix\tnone' "$(hostname)")" ]
  run jq -r '.["syslog.proc_id"]' "$T/out"
  [ "$status" -eq 0 ]
  [[ "$output" =~ ^[0-9]+$ ]]
}

# --- bad input is kept ------------------------------------------------------

@test "malformed messages become records with lc.parse_error, never dropped" {
  listen syslog+udp://127.0.0.1:0 syslog+tcp://127.0.0.1:0
  printf 'no pri at all' >"/dev/udp/127.0.0.1/$(port 1)"
  printf '<13>1 yesterday host app - - - x' >"/dev/udp/127.0.0.1/$(port 1)"
  printf '<999>x\n<13>1 - h a - - [broken sd\ncaf\xe9\n' >"/dev/tcp/127.0.0.1/$(port 2)"
  records 5
  stop_listen
  assert_ndjson "$T/out"
  run jq -r '[.body, .["lc.parse_error"]] | @tsv' "$T/out"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "$(printf 'no pri at all\tno <PRI> at the start')" ]
  [ "${lines[1]}" = "$(printf '<13>1 yesterday host app - - - x\tRFC 5424: TIMESTAMP is not RFC 3339')" ]
  [ "${lines[2]}" = "$(printf '<999>x\t<PRI> over 191')" ]
  [ "${lines[3]}" = "$(printf '<13>1 - h a - - [broken sd\tRFC 5424: malformed STRUCTURED-DATA')" ]
  # Not UTF-8: U+FFFD in body, the exact bytes in lc.body_base64.
  run jq -r '.["lc.body_base64"]' <(sed -n 5p "$T/out")
  [ "$status" -eq 0 ]
  [ "$output" = "$(printf 'caf\xe9' | base64)" ]
}

@test "a message over --max-message-bytes is cut (lc.truncated); the next one is whole" {
  listen --max-message-bytes 100 syslog+tcp://127.0.0.1:0 syslog+udp://127.0.0.1:0
  local big
  big=$(head -c 5000 /dev/zero | tr '\0' x)
  printf '<13>%s\n<13>after\n300 <13>%s<13>octet after\n' "$big" "$(head -c 296 /dev/zero | tr '\0' y)" \
    >"/dev/tcp/127.0.0.1/$(port 1)"
  printf '<13>%s' "$big" >"/dev/udp/127.0.0.1/$(port 2)"
  records 5
  stop_listen
  assert_ndjson "$T/out"
  run jq -r '[(.body | length), (.["lc.truncated"] // false)] | @tsv' "$T/out"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "$(printf '96\ttrue')" ]
  [ "${lines[1]}" = "$(printf '5\tfalse')" ]
  [ "${lines[2]}" = "$(printf '96\ttrue')" ]
  [ "${lines[3]}" = "$(printf '11\tfalse')" ]
  [ "${lines[4]}" = "$(printf '96\ttrue')" ]
}

# --- stopping -------------------------------------------------------------

@test "SIGTERM drains: an open connection's last frame, without its newline, is written; exit 0" {
  listen syslog+tcp://127.0.0.1:0
  exec 7<>"/dev/tcp/127.0.0.1/$(port 1)"
  printf '<13>first\n<13>unterminated' >&7
  records 1
  stop_listen
  exec 7>&-
  run jq -r .body "$T/out"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "first" ]
  [ "${lines[1]}" = "unterminated" ]
  [ "${#lines[@]}" -eq 2 ]
}

@test "a closed stdout ends lc-listen quietly" {
  bg bash -c 'lc-listen --ready "$1/ready" syslog+udp://127.0.0.1:0 2>"$1/err" | head -n 1 >"$1/out"; echo "${PIPESTATUS[*]}" >"$1/done"' -- "$T"
  wait_until 10 test -s "$T/ready"
  # head exits after the first record; lc-listen sees EPIPE at a later write.
  local p i
  p=$(port 1)
  for i in $(seq 200); do
    printf '<13>msg %d' "$i" >"/dev/udp/127.0.0.1/$p"
    [ -e "$T/done" ] && break
    sleep 0.05
  done
  wait_until 10 test -s "$T/done"
  [ "$(cat "$T/done")" = "0 0" ]
  run cat "$T/out"
  [ "$status" -eq 0 ]
  [ "$output" = "$(head -n1 "$T/out")" ]
  [[ "$output" == *'"body":"msg 1"'* ]]
  [ ! -s "$T/err" ]
}

# --- rsyslog forwarding ---------------------------------------------------

# rsyslog_fwd PROTOCOL: rsyslogd (killed at teardown) takes messages on an
# imtcp port ($RS_PORT) and forwards them with omfwd over PROTOCOL to
# lc-listen's first port, RFC 5424 template.
rsyslog_fwd() {
  mkdir -p "$T/rs"
  cat >"$T/rs/rs.conf" <<CONF
global(workDirectory="$T/rs")
module(load="imtcp")
ruleset(name="fwd") {
  action(type="omfwd" target="127.0.0.1" port="$(port 1)" protocol="$1"
         template="RSYSLOG_SyslogProtocol23Format" TCP_Framing="octet-counted")
}
input(type="imtcp" address="127.0.0.1" port="0" listenPortFileName="$T/rs/port" ruleset="fwd")
CONF
  bg rsyslogd -n -f "$T/rs/rs.conf" -i "$T/rs/pid" -M "$RSYSLOG_MODDIR"
  wait_until 10 test -s "$T/rs/port"
  RS_PORT=$(cat "$T/rs/port")
}

check_forwarded() {
  assert_ndjson "$T/out"
  run jq -r '[.body, .["syslog.app_name"], .["syslog.version"], .["syslog.facility"], .["syslog.severity"], .["network.transport"]] | @tsv' "$T/out"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "$(printf 'via rsyslog 1\tjob\t1\t16\t6\t%s' "$1")" ]
  [ "${lines[1]}" = "$(printf 'via rsyslog 2\tjob\t1\t16\t6\t%s' "$1")" ]
  [ "${#lines[@]}" -eq 2 ]
}

@test "rsyslog omfwd over UDP with the RFC 5424 template" {
  listen syslog+udp://127.0.0.1:0
  rsyslog_fwd udp
  printf 'via rsyslog 1\nvia rsyslog 2\n' | logger --server 127.0.0.1 --port "$RS_PORT" --tcp -p local0.info -t job
  records 2
  stop_listen
  check_forwarded udp
}

@test "rsyslog omfwd over TCP (octet counted) with the RFC 5424 template" {
  listen syslog+tcp://127.0.0.1:0
  rsyslog_fwd tcp
  printf 'via rsyslog 1\nvia rsyslog 2\n' | logger --server 127.0.0.1 --port "$RS_PORT" --tcp -p local0.info -t job
  records 2
  stop_listen
  check_forwarded tcp
}

# --- HTTP, with curl -------------------------------------------------------

# post PATH CURL-ARGS...: curl to lc-listen's first URL; $output is
# "<status code>\n<reply body>".
post() {
  local path=$1; shift
  run curl -sS -o "$T/reply" -w '%{http_code}' "$@" "http://127.0.0.1:$(port 1)$path"
  [ "$status" -eq 0 ] || { echo "curl failed: $output"; return 1; }
  CODE=$output
  REPLY=$(cat "$T/reply")
}

@test "HTTP POST /: Fluent Bit-like NDJSON and plain lines become records; 200 says how many" {
  listen http://127.0.0.1:0
  printf '%s\n' '{"date":1764673200.25,"log":"GET / 200","stream":"stdout","kubernetes":{"pod_name":"web-0"}}' \
    '{"message":"from vector","timestamp":"2026-12-02T11:00:01Z","lc.cursor":"spoof:1"}' >"$T/body.ndjson"
  post / -H 'Content-Type: application/x-ndjson' --data-binary @"$T/body.ndjson"
  [ "$CODE" = 200 ]
  [ "$REPLY" = '{"taken":2,"invalid":0}' ]
  post / -H 'Content-Type: text/plain' --data-binary $'plain one\r\n{"not":"parsed"}\n'
  [ "$CODE" = 200 ]
  [ "$REPLY" = '{"taken":2,"invalid":0}' ]
  records 4
  stop_listen
  assert_ndjson "$T/out"
  run jq -c '.' "$T/out"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = '{"time":"2025-12-02T11:00:00.250000000Z","body":"GET / 200","stream":"stdout","kubernetes":{"pod_name":"web-0"},"client.address":"127.0.0.1"}' ]
  [ "${lines[1]}" = '{"time":"2026-12-02T11:00:01.000000000Z","body":"from vector","_lc.cursor":"spoof:1","client.address":"127.0.0.1"}' ]
  run jq -r .body "$T/out"
  [ "$status" -eq 0 ]
  [ "${lines[2]}" = "plain one" ]
  [ "${lines[3]}" = '{"not":"parsed"}' ]
}

@test "HTTP: a line that is not JSON is kept with lc.parse_error; a body with no valid record is 400 and takes nothing" {
  listen http://127.0.0.1:0
  post / --data-binary $'{"log":"good"}\n{"log": broken\n'
  [ "$CODE" = 200 ]
  [ "$REPLY" = '{"taken":2,"invalid":1}' ]
  post / --data-binary $'{broken\n{"also":\n'
  [ "$CODE" = 400 ]
  [ "$REPLY" = '{"taken":0,"invalid":2,"error":"no valid record"}' ]
  post / --data-binary ''
  [ "$CODE" = 400 ]
  records 2
  stop_listen
  assert_ndjson "$T/out"
  run jq -r '[.body, (.["lc.parse_error"] // "")] | @tsv' "$T/out"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "$(printf 'good\t')" ]
  [ "${lines[1]}" = "$(printf '{"log": broken\tnot a JSON object')" ]
  [ "${#lines[@]}" -eq 2 ]
}

@test "HTTP: gzip and zstd bodies, chunked, keep-alive; a body over --max-body-bytes is 413, before or after decompression" {
  listen --max-body-bytes 4096 http://127.0.0.1:0
  seq 1 100 | sed 's/.*/{"log":"gz &"}/' | gzip >"$T/b.gz"
  seq 1 100 | sed 's/.*/{"log":"zst &"}/' | zstd -q >"$T/b.zst"
  post / -H 'Content-Encoding: gzip' --data-binary @"$T/b.gz"
  [ "$CODE" = 200 ]
  [ "$REPLY" = '{"taken":100,"invalid":0}' ]
  post / -H 'Content-Encoding: zstd' -H 'Transfer-Encoding: chunked' --data-binary @"$T/b.zst"
  [ "$CODE" = 200 ]
  [ "$REPLY" = '{"taken":100,"invalid":0}' ]
  # Two requests on one connection (curl reuses it).
  run curl -sS -w '%{http_code} %{num_connects}\n' -o /dev/null --data-binary 'a' "http://127.0.0.1:$(port 1)/" \
    --next -w '%{http_code} %{num_connects}\n' -o /dev/null --data-binary 'b' "http://127.0.0.1:$(port 1)/"
  [ "$status" -eq 0 ]
  [ "$output" = "$(printf '200 1\n200 0')" ]
  head -c 5000 /dev/zero | tr '\0' x >"$T/big"
  post / --data-binary @"$T/big"
  [ "$CODE" = 413 ]
  head -c 100000 /dev/zero | gzip >"$T/bomb.gz"
  post / -H 'Content-Encoding: gzip' --data-binary @"$T/bomb.gz"
  [ "$CODE" = 413 ]
  [[ "$REPLY" == *"decompresses to more than 4096 bytes"* ]]
  post / -H 'Content-Encoding: br' --data-binary 'x'
  [ "$CODE" = 415 ]
  records 202
  stop_listen
  assert_ndjson "$T/out"
  run jq -r .body "$T/out"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "gz 1" ]
  [ "${lines[199]}" = "zst 100" ]
  [ "${lines[200]}" = "a" ]
  [ "${lines[201]}" = "b" ]
  [ "${#lines[@]}" -eq 202 ]
}

@test "HTTP: --bearer-token-file: 401 without the token (before the body is read), 200 with it; the token is never printed" {
  printf 's3cret-token\n' >"$T/token"
  chmod 600 "$T/token"
  listen --bearer-token-file "$T/token" http://127.0.0.1:0
  post / --data-binary 'no token'
  [ "$CODE" = 401 ]
  post / -H 'Authorization: Bearer wrong' -H 'Expect: 100-continue' --data-binary 'wrong token'
  [ "$CODE" = 401 ]
  [[ "$REPLY" != *s3cret* ]]
  post / -H 'Authorization: Bearer s3cret-token' --data-binary 'with token'
  [ "$CODE" = 200 ]
  post /ready --data-binary x
  [ "$CODE" = 405 ]
  run curl -sS "http://127.0.0.1:$(port 1)/ready"
  [ "$status" -eq 0 ]
  [ "$output" = ok ]
  records 1
  stop_listen
  run jq -r .body "$T/out"
  [ "$status" -eq 0 ]
  [ "$output" = "with token" ]
  run grep -r s3cret "$T/out" "$T/err"
  [ "$status" -eq 1 ]
  run --separate-stderr lc-listen --bearer-token-file "$T/missing" http://127.0.0.1:0
  [ "$status" -eq 2 ]
  [[ "$stderr" == "lc-listen: --bearer-token-file: $T/missing"* ]]
}

@test "HTTP: Loki push (JSON) is 204 and OTLP /v1/logs (JSON) is 200; a malformed push is 400 and takes nothing" {
  listen http://127.0.0.1:0
  post /loki/api/v1/push -H 'Content-Type: application/json' \
    --data-binary '{"streams":[{"stream":{"job":"web","env":"prod"},"values":[["1764673200000000001","loki one"],["1764673200000000002","loki two",{"trace_id":"abc"}]]}]}'
  [ "$CODE" = 204 ]
  post /loki/api/v1/push -H 'Content-Type: application/json' --data-binary '{"streams":[{"values":[["soon","x"]]}]}'
  [ "$CODE" = 400 ]
  [ "$REPLY" = '{"error":"streams[0].values[0]: want [\"<epoch ns>\", \"<line>\"(, {metadata})]"}' ]
  post /loki/api/v1/push -H 'Content-Type: application/x-protobuf' --data-binary 'x'
  [ "$CODE" = 415 ]
  printf '%s' '{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"1764673200000000003","severityText":"ERROR","severityNumber":17,"body":{"stringValue":"otlp one"}}]}]}]}' | gzip >"$T/otlp.gz"
  post /v1/logs -H 'Content-Type: application/json' -H 'Content-Encoding: gzip' --data-binary @"$T/otlp.gz"
  [ "$CODE" = 200 ]
  [ "$REPLY" = '{}' ]
  post /nope --data-binary x
  [ "$CODE" = 404 ]
  records 3
  stop_listen
  assert_ndjson "$T/out"
  run jq -c 'del(.["client.address"])' "$T/out"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = '{"time":"2025-12-02T11:00:00.000000001Z","body":"loki one","job":"web","env":"prod"}' ]
  [ "${lines[1]}" = '{"time":"2025-12-02T11:00:00.000000002Z","body":"loki two","job":"web","env":"prod","trace_id":"abc"}' ]
  [ "${lines[2]}" = '{"time":"2025-12-02T11:00:00.000000003Z","body":"otlp one","service.name":"cart","severity_text":"ERROR","severity_number":17}' ]
  [ "${#lines[@]}" -eq 3 ]
}

# --- the journal -----------------------------------------------------------

# pipeline: lc-listen --journal | lc-ship --commit (file sink), both killed
# at teardown; $LISTEN_PID and $SHIP_PID are theirs.
pipeline() {
  rm -f "$T/ready" "$T/pipe"
  mkfifo "$T/pipe"
  lc-ship --batch-wait 200ms --commit "$T/commit" "file://$T/shipped" <"$T/pipe" 2>>"$T/ship.err" &
  SHIP_PID=$!
  LC_BG_PIDS+=("$SHIP_PID")
  lc-listen --ready "$T/ready" --journal "$T/journal" --commit "$T/commit" "$@" http://127.0.0.1:0 \
    >"$T/pipe" 2>>"$T/err" &
  LISTEN_PID=$!
  LC_BG_PIDS+=("$LISTEN_PID")
  wait_until 10 test -s "$T/ready"
}
shipped_bodies() { cat "$T"/shipped/*.ndjson 2>/dev/null | jq -r .body | sort -u; }
all_shipped() { [ "$(shipped_bodies | wc -l)" -ge "$1" ]; }

@test "--journal: records carry cursors into the journal; lc-ship's commit follows them" {
  pipeline
  printf 'one\ntwo\n' | curl -sS -o /dev/null --data-binary @- "http://127.0.0.1:$(port 1)/"
  wait_until 10 all_shipped 2
  wait_until 10 test -s "$T/commit"
  run jq -r '.cursors | to_entries[] | "\(.key) \(.value)"' "$T/commit"
  [ "$status" -eq 0 ]
  [ "$output" = "lc-listen:$T/journal $(stat -c %s "$T"/journal/*.jnl)" ]
  run jq -r '.["lc.cursor"]' "$T"/shipped/*.ndjson
  [ "$status" -eq 0 ]
  [[ "${lines[1]}" == "lc-listen:$T/journal:"* ]]
  [ "$(stat -c %a "$T/journal")" = 700 ]
  run --separate-stderr lc-listen --journal "$T/j2" http://127.0.0.1:0
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"--journal requires --commit"* ]]
  # A usage error touches nothing: no journal is made.
  run --separate-stderr lc-listen --journal "$T/j3" --commit "$T/c3" gopher://x:1
  [ "$status" -eq 2 ]
  [ ! -e "$T/j3" ]
  printf '{"version":9}\n' >"$T/c4"
  run --separate-stderr lc-listen --journal "$T/j4" --commit "$T/c4" http://127.0.0.1:0
  [ "$status" -eq 2 ]
  [[ "$stderr" == "lc-listen: --journal: $T/c4: "* ]]
  [ "$(cat "$T/c4")" = '{"version":9}' ]
}

@test "--journal: lc-listen and lc-ship killed with -9 mid-stream lose nothing that was acknowledged" {
  seed_random
  pipeline
  local i acked=0 killed=0 code at=$((20 + RANDOM % 20))
  : >"$T/acked"
  for i in $(seq 1 60); do
    if [ "$i" -eq "$at" ]; then
      kill -9 "$LISTEN_PID" "$SHIP_PID"
      wait "$LISTEN_PID" "$SHIP_PID" 2>/dev/null || true
      killed=1
      pipeline
    fi
    code=$(printf 'msg %d a\nmsg %d b\n' "$i" "$i" | curl -s -o /dev/null -w '%{http_code}' --data-binary @- "http://127.0.0.1:$(port 1)/" || true)
    if [ "$code" = 200 ]; then
      printf 'msg %d a\nmsg %d b\n' "$i" "$i" >>"$T/acked"
      acked=$((acked + 2))
    fi
  done
  [ "$killed" = 1 ]
  [ "$acked" -ge 100 ] || { echo "acked $acked"; cat "$T/err" "$T/ship.err"; false; }
  wait_until 20 all_shipped "$acked"
  run comm -23 <(sort -u "$T/acked") <(shipped_bodies)
  [ "$status" -eq 0 ]
  [ -z "$output" ] || { echo "acknowledged, never shipped: $output"; false; }
}

@test "--journal full: HTTP 503 with Retry-After, syslog not read; room again once lc-ship commits" {
  # No lc-ship: nothing commits, the journal fills.
  bg lc-listen --ready "$T/ready" --journal "$T/journal" --commit "$T/commit" --journal-max-bytes 1MiB \
    http://127.0.0.1:0 syslog+tcp://127.0.0.1:0 >"$T/out" 2>"$T/err"
  LISTEN_PID=$BG_PID
  wait_until 10 test -s "$T/ready"
  head -c 60000 /dev/zero | tr '\0' x >"$T/line"
  local i code=200
  for i in $(seq 1 40); do
    code=$(curl -sS -o "$T/reply" -D "$T/headers" -w '%{http_code}' --data-binary @"$T/line" "http://127.0.0.1:$(port 1)/")
    [ "$code" = 200 ] || break
  done
  [ "$code" = 503 ]
  [ "$i" -ge 17 ]
  grep -qi '^Retry-After: 1' "$T/headers"
  # A syslog message sent now waits in the kernel: not read while full.
  exec 7<>"/dev/tcp/127.0.0.1/$(port 2)"
  printf '<13>held back\n' >&7
  code=$(curl -sS -o /dev/null -w '%{http_code}' --data-binary x "http://127.0.0.1:$(port 1)/")
  [ "$code" = 503 ]
  run grep -c 'held back' "$T/out"
  [ "$status" -eq 1 ]
  # lc-ship's part, by hand: everything written so far is delivered.
  wait_until 10 has_records $((i - 1))
  local end
  end=$(tail -n 1 "$T/out" | jq -r '.["lc.cursor"]' | sed 's/.*://')
  printf '{"cursors":{"lc-listen:%s":%s},"version":1}\n' "$T/journal" "$end" >"$T/commit"
  taken() { [ "$(curl -sS -o /dev/null -w '%{http_code}' --data-binary @"$T/line" "http://127.0.0.1:$(port 1)/")" = 200 ]; }
  wait_until 10 taken
  wait_until 10 grep -q '"body":"held back"' "$T/out"
  exec 7>&-
  stop_listen
}

# --- TLS -----------------------------------------------------------------

# cert: a self-signed certificate for 127.0.0.1 in $T/cert.pem, $T/key.pem.
cert() {
  run openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$T/key.pem" \
    -out "$T/cert.pem" -days 1 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1
  [ "$status" -eq 0 ]
}

@test "TLS: https:// with curl and syslog+tls:// (octet counted, RFC 5425) with openssl s_client" {
  cert
  listen --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" https://127.0.0.1:0 syslog+tls://127.0.0.1:0
  run curl -sS --cacert "$T/cert.pem" --data-binary $'over https\n' "https://127.0.0.1:$(port 1)/"
  [ "$status" -eq 0 ]
  [ "$output" = '{"taken":1,"invalid":0}' ]
  printf '19 <13>1 - h a - - - x\n<13>1 - h app - - - over tls\n' >"$T/msgs"
  run openssl s_client -quiet -no_ign_eof -CAfile "$T/cert.pem" -connect "127.0.0.1:$(port 2)" <"$T/msgs"
  [ "$status" -eq 0 ]
  # Plain HTTP to a TLS port: refused by the handshake, the server goes on.
  run curl -sS --data-binary 'plain' "http://127.0.0.1:$(port 1)/"
  [ "$status" -ne 0 ]
  records 3
  stop_listen
  assert_ndjson "$T/out"
  run jq -r '[.body, .["network.transport"]] | @tsv' "$T/out"
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = "$(printf 'over https\t')" ]
  [ "${lines[1]}" = "$(printf 'x\ttcp')" ]
  [ "${lines[2]}" = "$(printf 'over tls\ttcp')" ]
  [ "${#lines[@]}" -eq 3 ]
}

@test "TLS: a TLS URL without --tls-cert, or a key that does not load, is a usage error" {
  run --separate-stderr lc-listen https://127.0.0.1:0
  [ "$status" -eq 2 ]
  [ "$stderr" = "lc-listen: https://127.0.0.1:0: TLS needs --tls-cert and --tls-key" ]
  cert
  printf 'not a key\n' >"$T/bad.pem"
  run --separate-stderr lc-listen --tls-cert "$T/cert.pem" --tls-key "$T/bad.pem" syslog+tls://127.0.0.1:0
  [ "$status" -eq 2 ]
  [[ "$stderr" == "lc-listen: $T/bad.pem: not a PEM private key"* ]]
}
