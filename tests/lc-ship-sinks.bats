#!/usr/bin/env bats
# lc-ship's protocol sinks end to end.
#
# syslog: against a REAL rsyslog (imtcp, octet-counted framing) on a loopback
# port, in the foreground with a config of our own.
# Elasticsearch, Loki, OTLP: against tests/stand_in_http.py, a STAND-IN
# server, because no real Elasticsearch, Loki or OpenTelemetry collector is
# installable on these machines (Debian archive and npm only).  It implements
# the documented responses of each API (bulk items with 409/429/400, 413,
# Loki 204/400/429, OTLP partialSuccess, 503 with Retry-After) and a mode that
# takes a request and resets the connection.

bats_require_minimum_version 1.5.0
load helpers

RSYSLOG_MODDIR=/usr/lib/x86_64-linux-gnu/rsyslog

# records N [FIRST] [SRC]: N records with bodies "line-<i>" and cursors SRC:<i>.
records() {
  local n=$1 first=${2:-1} src=${3:-src}
  local i
  for ((i = first; i < first + n; i++)); do
    printf '{"time":"2026-11-25T05:40:%02d.%09dZ","body":"line-%d","container.name":"web","k8s.namespace.name":"ns%d","host.name":"node-7","lc.cursor":"%s:%d"}\n' \
      $((i % 60)) "$i" "$i" $((i % 2)) "$src" "$i"
  done
}

# --- rsyslog, for real ---------------------------------------------------

# rsyslog_conf PORT: a config that listens on 127.0.0.1:PORT (0: any free
# port, written to $T/rs/port) with octet-counted framing, keeps control
# characters, and writes each message as one JSON line to $T/rs/out.ndjson.
rsyslog_conf() {
  mkdir -p "$T/rs"
  cat >"$T/rs/rs.conf" <<CONF
global(workDirectory="$T/rs" parser.escapeControlCharactersOnReceive="off" maxMessageSize="256k")
module(load="imtcp")
template(name="j" type="list") {
  constant(value="{\"app\":\"") property(name="app-name" format="json")
  constant(value="\",\"host\":\"") property(name="hostname" format="json")
  constant(value="\",\"pri\":\"") property(name="pri")
  constant(value="\",\"time\":\"") property(name="timereported" dateFormat="rfc3339" format="json")
  constant(value="\",\"sd\":\"") property(name="structured-data" format="json")
  constant(value="\",\"msg\":\"") property(name="msg" format="json")
  constant(value="\"}\n")
}
ruleset(name="r") { action(type="omfile" file="$T/rs/out.ndjson" template="j") }
input(type="imtcp" address="127.0.0.1" port="$1" listenPortFileName="$T/rs/port" ruleset="r")
CONF
}

# rsyslog_start: runs rsyslogd in the foreground (killed at teardown) and
# waits until it listens.  rsyslog writes the port file only for port 0; a
# restart on a fixed port is awaited by connecting to it.
rsyslog_start() {
  rm -f "$T/rs/port"
  bg rsyslogd -n -f "$T/rs/rs.conf" -i "$T/rs/pid" -M "$RSYSLOG_MODDIR"
  RSYSLOG_PID=$BG_PID
  if [ -n "${RS_PORT:-}" ]; then
    wait_until 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$RS_PORT"
  else
    wait_until 10 test -s "$T/rs/port"
    RS_PORT=$(cat "$T/rs/port")
  fi
}

# rsyslog_stop: SIGTERM (a clean shutdown) and wait for the process to end.
rsyslog_stop() {
  kill -TERM "$RSYSLOG_PID"
  wait "$RSYSLOG_PID" 2>/dev/null || true
}

# bg_from FILE CMD...: like bg, with stdin from FILE.  (bash gives a
# background command /dev/null as stdin unless the redirection is on the
# command itself, so `bg CMD <FILE` would read nothing.)
bg_from() {
  local in=$1; shift
  "$@" <"$in" &
  BG_PID=$!
  LC_BG_PIDS+=("$BG_PID")
}

received_bodies() { jq -r .msg "$T/rs/out.ndjson" 2>/dev/null; }

# --- the stand-in HTTP server (stand_in: helpers.bash) -------------------

# requests: "<path> <status> <size>" per request the stand-in got.
requests() { jq -r '"\(.path) \(.status)"' "$REC/requests.ndjson"; }
# body_records N: the records in the N-th request body (ES bulk: documents).
bulk_bodies() { sed -n '2~2p' "$REC/body-$1" | jq -r .body | paste -sd, -; }
es_bodies() { jq -r .doc.body "$REC/es-docs.ndjson" | sort -V | paste -sd, -; }
seq_bodies() { seq "$1" "$2" | sed 's/^/line-/' | paste -sd, -; }

# One batch in flight: the stand-in answers in its script's order, so the
# order of the batches must be the order of the records.
ship() { lc-ship --batch-wait 50ms --concurrency 1 "$@"; }

# ========================================================================
# syslog over TCP, against rsyslog
# ========================================================================

@test "syslog: records reach rsyslog as RFC 5424 messages with octet counting; newlines survive" {
  rsyslog_conf 0
  rsyslog_start
  {
    records 5
    printf '%s\n' '{"time":"2026-11-25T05:40:45.295588061Z","body":"first line\nsecond line\n\ttabbed","level":"error","k8s.container.name":"api","k8s.pod.name":"api-0","host.name":"node-9","lc.cursor":"src:6"}'
  } >"$T/in"
  run --separate-stderr ship --commit "$T/commit" "syslog+tcp://127.0.0.1:$RS_PORT" <"$T/in"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  wait_until 10 lines_at_least "$T/rs/out.ndjson" 6
  [ "$(lines_in "$T/rs/out.ndjson")" -eq 6 ]
  [ "$(received_bodies | head -5 | paste -sd, -)" = "$(seq_bodies 1 5)" ]
  last=$(tail -1 "$T/rs/out.ndjson")
  [ "$(echo "$last" | jq -r .msg)" = "$(printf 'first line\nsecond line\n\ttabbed')" ]
  [ "$(echo "$last" | jq -r .app)" = api ]
  [ "$(echo "$last" | jq -r .host)" = node-9 ]
  [ "$(echo "$last" | jq -r .pri)" = 11 ]   # user.err
  [ "$(echo "$last" | jq -r .time)" = 2026-11-25T05:40:45.295588Z ]
  [[ "$(echo "$last" | jq -r .sd)" == '[lc@32473 '*'k8s.pod.name="api-0"'*'lc.cursor="src:6"]' ]]
  [ "$(jq -c .cursors "$T/commit")" = '{"src":6}' ]
}

@test "syslog: rsyslog restarted twice mid-stream, nothing is lost" {
  rsyslog_conf 0
  rsyslog_start
  rsyslog_conf "$RS_PORT"   # the restarts listen on the same port
  mkfifo "$T/fifo"
  # A steady writer: 3000 records, 100 at a time.
  (for k in $(seq 0 29); do records 100 $((k * 100 + 1)); sleep 0.02; done) >"$T/fifo" &
  WRITER=$!
  LC_BG_PIDS+=("$WRITER")
  bg_from "$T/fifo" lc-ship --batch-records 50 --batch-wait 20ms --commit "$T/commit" \
    "syslog+tcp://127.0.0.1:$RS_PORT" 2>"$T/ship.err"
  SHIP=$BG_PID
  uniq_received() { [ "$(received_bodies | sort -u | wc -l)" -ge "$1" ]; }
  wait_until 30 uniq_received 500
  rsyslog_stop
  rsyslog_start
  wait_until 30 uniq_received 1500
  rsyslog_stop
  rsyslog_start
  wait "$WRITER"
  wait "$SHIP"
  wait_until 30 uniq_received 3000
  [ "$(received_bodies | sort -u | paste -sd, -)" = "$(seq_bodies 1 3000 | tr , '\n' | sort -u | paste -sd, -)" ]
  [ "$(jq -c .cursors "$T/commit")" = '{"src":3000}' ]
  # the restarts were seen and survived (resent batches, not lost ones)
  grep -q "lc-ship: .*127.0.0.1:$RS_PORT" "$T/ship.err"
}

@test "syslog: the whole record as the message with msg=record, and facility local0" {
  rsyslog_conf 0
  rsyslog_start
  records 2 >"$T/in"
  run --separate-stderr ship "syslog+tcp://127.0.0.1:$RS_PORT?msg=record&facility=local0" <"$T/in"
  [ "$status" -eq 0 ]
  wait_until 10 lines_at_least "$T/rs/out.ndjson" 2
  [ "$(jq -r .msg "$T/rs/out.ndjson")" = "$(cat "$T/in")" ]
  [ "$(jq -r .pri "$T/rs/out.ndjson" | sort -u)" = 134 ]   # local0.info
}

@test "syslog: a bad sink URL is a usage error naming it" {
  run --separate-stderr lc-ship "syslog+tcp://127.0.0.1?facility=local9" </dev/null
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"lc-ship: syslog+tcp://127.0.0.1: "* ]]   # the query is not printed: it may hold secrets
}

# ========================================================================
# Elasticsearch _bulk (stand-in server)
# ========================================================================

@test "elasticsearch: create actions with _id from lc.cursor; a batch sent twice is stored once" {
  stand_in
  records 6 >"$T/in"
  run --separate-stderr ship --batch-records 4 --commit "$T/commit" "elasticsearch+$URL/logs" <"$T/in"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  [ "$(es_bodies)" = "$(seq_bodies 1 6)" ]
  [ "$(requests | sort -u)" = "/logs/_bulk 200" ]
  [ "$(jq -r '.headers["Content-Type"]' "$REC/requests.ndjson" | sort -u)" = application/x-ndjson ]
  want_id=$(printf 'src:3' | sha256sum | cut -c1-32)
  [ "$(jq -r 'select(.doc.body == "line-3") | ._id' "$REC/es-docs.ndjson")" = "$want_id" ]
  [ "$(jq -c .cursors "$T/commit")" = '{"src":6}' ]
  # again, as after a crash before the commit: every create answers 409,
  # which is "delivered", and nothing is stored twice
  run --separate-stderr ship --batch-records 4 "elasticsearch+$URL/logs" <"$T/in"
  [ "$status" -eq 0 ]
  [ "$(lines_in "$REC/es-docs.ndjson")" -eq 6 ]
  [ "$(requests | sort | uniq -c | awk '{print $1}')" -eq 4 ]   # 2 requests per run
}

@test "elasticsearch: per item, 429 is resent alone, 400 goes to the dead-letter file, 409 is delivered" {
  stand_in '[{"path":"/logs/_bulk","es_items":[201,429,400,409]}]'
  records 4 >"$T/in"
  run --separate-stderr ship --dead-letter "$T/dead" --commit "$T/commit" "elasticsearch+$URL/logs" <"$T/in"
  [ "$status" -eq 0 ]
  [ "$(lines_in "$REC/requests.ndjson")" -eq 2 ]
  [ "$(bulk_bodies 2)" = line-2 ]         # only the 429 item went again
  [ "$(es_bodies)" = "line-1,line-2" ]   # line-4: 409 means the server has it
  [ "$(lines_in "$T/dead")" -eq 1 ]
  [ "$(jq -r .record "$T/dead" | jq -r .body)" = line-3 ]
  [[ "$(jq -r .reason "$T/dead")" == *"item 400 document_parsing_exception: "* ]]
  [ "$(jq -c .cursors "$T/commit")" = '{"src":4}' ]
}

@test "elasticsearch: 413 splits the batch into halves" {
  stand_in '[{"path":"/logs/_bulk","status":413,"body":"{\"error\":\"too large\"}"}]'
  records 4 >"$T/in"
  run --separate-stderr ship "elasticsearch+$URL/logs" <"$T/in"
  [ "$status" -eq 0 ]
  [ "$(requests | paste -sd, -)" = "/logs/_bulk 413,/logs/_bulk 200,/logs/_bulk 200" ]
  [ "$(bulk_bodies 2)" = "line-1,line-2" ]
  [ "$(bulk_bodies 3)" = "line-3,line-4" ]
  [ "$(es_bodies)" = "$(seq_bodies 1 4)" ]
}

@test "elasticsearch: a server that takes the request and resets the connection gets it again" {
  stand_in '[{"path":"/logs/_bulk","reset":true}]'
  records 4 >"$T/in"
  run --separate-stderr ship --commit "$T/commit" "elasticsearch+$URL/logs" <"$T/in"
  [ "$status" -eq 0 ]
  [ "$(requests | paste -sd, -)" = "/logs/_bulk reset,/logs/_bulk 200" ]
  [ "$(es_bodies)" = "$(seq_bodies 1 4)" ]
  [[ "$stderr" == *"lc-ship: "*"127.0.0.1"* ]]
  [ "$(jq -c .cursors "$T/commit")" = '{"src":4}' ]
}

@test "elasticsearch: 503 for the whole request is retried; Retry-After is obeyed" {
  stand_in '[{"path":"/logs/_bulk","status":503,"headers":{"Retry-After":"1"}}]'
  records 2 >"$T/in"
  run --separate-stderr ship "elasticsearch+$URL/logs" <"$T/in"
  [ "$status" -eq 0 ]
  [ "$(requests | paste -sd, -)" = "/logs/_bulk 503,/logs/_bulk 200" ]
  jq -e -s '.[1].t - .[0].t >= 0.95' "$REC/requests.ndjson"
  [ "$(es_bodies)" = "line-1,line-2" ]
}

@test "elasticsearch: --compress gzip sends a gzip body; zstd is refused as a usage error" {
  stand_in
  records 3 >"$T/in"
  run --separate-stderr ship --compress gzip "elasticsearch+$URL/logs" <"$T/in"
  [ "$status" -eq 0 ]
  [ "$(jq -r '.headers["Content-Encoding"]' "$REC/requests.ndjson")" = gzip ]
  [ "$(head -c2 "$REC/body-1" | od -An -tx1 | tr -d ' ')" = 1f8b ]
  [ "$(es_bodies)" = "$(seq_bodies 1 3)" ]
  run --separate-stderr ship --compress zstd "elasticsearch+$URL/logs" <"$T/in"
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"--compress zstd: elasticsearch+"*" takes none, gzip"* ]]
}

# ========================================================================
# Loki push (stand-in server)
# ========================================================================

@test "loki: streams grouped by --labels, nanosecond string timestamps, the record as the line" {
  stand_in
  records 4 >"$T/in"
  run --separate-stderr ship --labels k8s.namespace.name,container.name "loki+$URL" <"$T/in"
  [ "$status" -eq 0 ]
  [ "$(requests | sort -u)" = "/loki/api/v1/push 204" ]
  [ "$(jq -c .labels "$REC/loki-lines.ndjson" | sort -u | paste -sd' ' -)" = \
    '{"container_name":"web","k8s_namespace_name":"ns0"} {"container_name":"web","k8s_namespace_name":"ns1"}' ]
  # line-1's time is 05:40:01.000000001
  [ "$(jq -r 'select(.line | fromjson | .body == "line-1") | .ts' "$REC/loki-lines.ndjson")" = 1795585201000000001 ]
  [ "$(jq -r .line "$REC/loki-lines.ndjson" | sort -V)" = "$(sort -V "$T/in")" ]
}

@test "loki: 429 with Retry-After is waited out and resent; 400 is dead-lettered after 3 tries" {
  stand_in '[{"path":"/loki","status":429,"headers":{"Retry-After":"1"}},{"path":"/loki"},{"path":"/loki","status":400,"body":"entry too far behind"},{"path":"/loki","status":400,"body":"entry too far behind"},{"path":"/loki","status":400,"body":"entry too far behind"}]'
  records 4 >"$T/in"
  run --separate-stderr ship --batch-records 2 --dead-letter "$T/dead" --commit "$T/commit" "loki+$URL" <"$T/in"
  [ "$status" -eq 0 ]
  # batch 1 [1,2]: 429, then 204 after Retry-After; batch 2 [3,4]: 400 three times
  [ "$(requests | cut -d' ' -f2 | paste -sd, -)" = "429,204,400,400,400" ]
  jq -e -s '.[1].t - .[0].t >= 0.95' "$REC/requests.ndjson"
  [ "$(jq -r .line "$REC/loki-lines.ndjson" | jq -r .body | paste -sd, -)" = "line-1,line-2" ]
  [ "$(lines_in "$T/dead")" -eq 2 ]
  [ "$(jq -r .record "$T/dead" | jq -r .body | paste -sd, -)" = "line-3,line-4" ]
  [[ "$(jq -r .reason "$T/dead" | sort -u)" == *"HTTP 400 entry too far behind (refused 3 times in a row)" ]]
  [ "$(jq -c .cursors "$T/commit")" = '{"src":4}' ]
}

# ========================================================================
# OTLP/HTTP JSON (stand-in server)
# ========================================================================

@test "otlp: resourceLogs grouped by container/k8s/host fields, body and attributes" {
  stand_in
  records 4 >"$T/in"
  run --separate-stderr ship --batch-records 10 "otlp+$URL" <"$T/in"
  [ "$status" -eq 0 ]
  [ "$(requests)" = "/v1/logs 200" ]
  [ "$(jq '.resourceLogs | length' "$REC/body-1")" -eq 2 ]
  [ "$(jq -r '.record.body.stringValue' "$REC/otlp-records.ndjson" | sort -V | paste -sd, -)" = "$(seq_bodies 1 4)" ]
  rec1=$(jq -c 'select(.record.body.stringValue == "line-1")' "$REC/otlp-records.ndjson")
  [ "$(echo "$rec1" | jq -r '.record.timeUnixNano')" = 1795585201000000001 ]
  [ "$(echo "$rec1" | jq -r '.resource.attributes | from_entries | ."k8s.namespace.name".stringValue')" = ns1 ]
  [ "$(echo "$rec1" | jq -r '.record.attributes | from_entries | ."lc.cursor".stringValue')" = src:1 ]
}

@test "otlp: partialSuccess is logged and counted; 503 with Retry-After is waited out; 400 is dead-lettered after 3 tries" {
  stand_in '[{"path":"/v1/logs","otlp_rejected":1,"message":"timestamp too old"},{"path":"/v1/logs","status":503,"headers":{"Retry-After":"1"}},{"path":"/v1/logs"},{"path":"/v1/logs","status":400,"body":"{\"code\":3,\"message\":\"bad\"}"},{"path":"/v1/logs","status":400,"body":"{\"code\":3,\"message\":\"bad\"}"},{"path":"/v1/logs","status":400,"body":"{\"code\":3,\"message\":\"bad\"}"}]'
  records 6 >"$T/in"
  run --separate-stderr ship --batch-records 2 --dead-letter "$T/dead" "otlp+$URL" <"$T/in"
  [ "$status" -eq 0 ]
  [ "$(requests | cut -d' ' -f2 | paste -sd, -)" = "200,503,200,400,400,400" ]
  [[ "$stderr" == *"partialSuccess: 1 rejected: timestamp too old"* ]]
  jq -e -s '.[2].t - .[1].t >= 0.95' "$REC/requests.ndjson"
  [ "$(lines_in "$REC/otlp-records.ndjson")" -eq 3 ]   # 2 - 1 rejected, + 2
  [ "$(lines_in "$T/dead")" -eq 2 ]
  jq -r .reason "$T/dead" | grep -q '400 {"code":3,"message":"bad"}' 
  [[ "$stderr" == *'"server_rejected":1'* ]]
}

# ========================================================================
# The status table, end to end, for every HTTP sink (stand-in server)
# ========================================================================

# sink_url KIND: the SINK argument of each HTTP sink against the stand-in.
sink_url() {
  case "$1" in
    http) echo "$URL/in" ;;
    loki) echo "loki+$URL" ;;
    otlp) echo "otlp+$URL" ;;
    elasticsearch) echo "elasticsearch+$URL/logs" ;;
  esac
}

@test "every HTTP sink: 401 and 403 are resent loudly until taken, never dead-lettered" {
  local kind
  for kind in http loki otlp elasticsearch; do
    stand_in '[{"status":401,"body":"token expired"},{"status":403}]'
    records 2 >"$T/in"
    run --separate-stderr ship --dead-letter "$T/dead" --commit "$T/commit" "$(sink_url "$kind")" <"$T/in"
    [ "$status" -eq 0 ]
    [[ "$(requests | cut -d' ' -f2 | paste -sd, -)" =~ ^401,403,20[04]$ ]]
    [[ "$stderr" == *"HTTP 401 token expired -- THE SERVER REFUSED OUR CREDENTIALS"* ]]
    [ "$(lines_in "$T/dead")" -eq 0 ]
    [ "$(jq -c .cursors "$T/commit")" = '{"src":2}' ]
    kill "$STAND_IN_PID"
    wait "$STAND_IN_PID" 2>/dev/null || true   # killed: its status is not the test's
    rm -rf "$REC" "$T/commit" "$T/port"
  done
}

@test "every HTTP sink: 500 is resent (OTLP too), 404 dead-lettered after 3 tries (Loki and Elasticsearch too)" {
  local kind
  for kind in http loki otlp elasticsearch; do
    stand_in '[{"status":500},{"status":404,"body":"no such path"},{"status":404},{"status":404}]'
    records 2 >"$T/in"
    run --separate-stderr ship --batch-records 1 --dead-letter "$T/dead" --commit "$T/commit" "$(sink_url "$kind")" <"$T/in"
    [ "$status" -eq 0 ]
    # record 1: 500, then 404 three times: dead-lettered; record 2: delivered
    [ "$(requests | cut -d' ' -f2 | head -4 | paste -sd, -)" = "500,404,404,404" ]
    [ "$(requests | wc -l)" -eq 5 ]
    [ "$(jq -r .record "$T/dead" | jq -r .body)" = line-1 ]
    [[ "$(jq -r .reason "$T/dead")" == *"HTTP 404"*"(refused 3 times in a row)" ]]
    [ "$(jq -c .cursors "$T/commit")" = '{"src":2}' ]
    kill "$STAND_IN_PID"
    wait "$STAND_IN_PID" 2>/dev/null || true   # killed: its status is not the test's
    rm -rf "$REC" "$T/commit" "$T/dead" "$T/port"
  done
}

# ========================================================================
# Kafka, through librdkafka's mock cluster (tests/kafka_mock_cluster.cc, a
# test-only helper built here), read back with kcat
# ========================================================================

# kafka_start BROKERS: the mock cluster in the background; commands go to
# fd 7 (kafka_cmd), $BOOT holds its bootstrap servers.
kafka_start() {
  local helper="$BATS_FILE_TMPDIR/kafka_mock_cluster"
  [ -x "$helper" ] || g++ -O2 -std=c++17 -o "$helper" "$LC_ROOT/tests/kafka_mock_cluster.cc" -lrdkafka
  mkfifo "$T/kcmd"
  bg_from "$T/kcmd" "$helper" "$T/boot" "$1" >"$T/kmock.out"
  exec 7>"$T/kcmd"
  wait_until 10 test -s "$T/boot"
  BOOT=$(cat "$T/boot")
}
# kafka_cmd CMD: sends CMD and waits until it is applied.
kafka_cmd() {
  local before
  before=$(lines_in "$T/kmock.out")
  echo "$*" >&7
  # The count is taken at each try (a function, not a "$(…)" that
  # wait_until would get once, already expanded: the wait then never saw
  # the mock answer if it had not by then; it failed on a loaded machine).
  wait_until 30 kmock_past "$before"
}
kmock_past() { [ "$(lines_in "$T/kmock.out")" -gt "$1" ]; }
lines_at_least() { [ "$(lines_in "$1")" -ge "$2" ]; }
kafka_read() { kcat -b "$BOOT" -C -t "$1" -e -q -f '%k %s\n'; }

@test "kafka: every record delivered through injected produce errors, keyed by source, read back with kcat" {
  kafka_start 3
  kafka_cmd topic logs 3
  kafka_cmd produce-errors 3
  { records 5 1 a; records 5 1 b; } >"$T/in"
  run --separate-stderr ship --commit "$T/commit" "kafka://$BOOT/logs" <"$T/in"
  [ "$status" -eq 0 ]
  kafka_read logs >"$T/got"
  [ "$(lines_in "$T/got")" -eq 10 ]
  [ "$(cut -d' ' -f2- "$T/got" | sort)" = "$(sort "$T/in")" ]
  # the key is the source key: one source's records share a key
  [ "$(grep '"lc.cursor":"a:' "$T/got" | cut -d' ' -f1 | sort -u)" = a ]
  [ "$(jq -c .cursors "$T/commit")" = '{"a":5,"b":5}' ]
}

@test "kafka: the cluster down longer than the delivery timeout: nothing committed or lost, delivered once it is up" {
  kafka_start 1
  kafka_cmd topic logs 1
  kafka_cmd down 1
  records 4 >"$T/in"
  bg_from "$T/in" lc-ship --batch-records 4 --commit "$T/commit" \
    "kafka://$BOOT/logs?message.timeout.ms=1000" 2>"$T/ship.err"
  SHIP=$BG_PID
  wait_until 20 grep -q "lc-ship: kafka" "$T/ship.err"
  [ ! -s "$T/commit" ] || [ "$(jq -c .cursors "$T/commit")" = '{}' ]
  kafka_cmd up 1
  wait "$SHIP"
  kafka_read logs >"$T/got"
  [ "$(cut -d' ' -f2- "$T/got" | sort -u)" = "$(sort "$T/in")" ]
  [ "$(jq -c .cursors "$T/commit")" = '{"src":4}' ]
}
