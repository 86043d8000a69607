#!/usr/bin/env bats
# lc-sql against a real PostgreSQL 15 and a real MariaDB, both started by
# this file (setup_file) in private directories, listening on unix sockets
# only (no TCP), and stopped by pid in teardown_file even when a test fails.
# PostgreSQL runs as uid 65534 (initdb refuses root); MariaDB as root with
# --user=root.  Each test polls its own table, t<test number>.
#
# No sleeping: --once runs end by themselves, and a polling lc-sql is
# watched with wait_until on its output file.

bats_require_minimum_version 1.5.0
load helpers

PG_BIN=/usr/lib/postgresql/15/bin
PW=Sup3rSecretPw

setup_file() {
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL 15 is not installed (make deps)" >&2; return 1; }
  command -v mariadbd >/dev/null || { echo "mariadb-server is not installed (make deps)" >&2; return 1; }
  SQLDIR="$(mktemp -d /tmp/lc-sql-test.XXXXXX)"
  export SQLDIR
  chmod 755 "$SQLDIR"
  mkdir "$SQLDIR/pg" && chown 65534:65534 "$SQLDIR/pg"
  # A server whose own zone is not UTC: lc-sql's sessions must be UTC anyway.
  TZ=Asia/Kolkata as_nobody "$PG_BIN/initdb" -D "$SQLDIR/pg/data" -A trust -U postgres >"$SQLDIR/initdb.log" 2>&1 ||
    { cat "$SQLDIR/initdb.log" >&2; return 1; }
  pg_start
  psql -h "$SQLDIR/pg" -U postgres -qAt -c 'CREATE DATABASE lc' >/dev/null
  mariadb-install-db --datadir="$SQLDIR/my" --user=root --auth-root-authentication-method=socket \
    >"$SQLDIR/my-install.log" 2>&1 || { cat "$SQLDIR/my-install.log" >&2; return 1; }
  my_start
  my_sql "CREATE DATABASE lc; CREATE USER 'lc'@'localhost' IDENTIFIED BY '$PW'; GRANT SELECT ON lc.* TO 'lc'@'localhost'"
}

teardown_file() {
  [ -n "${SQLDIR:-}" ] || return 0
  my_stop
  as_nobody "$PG_BIN/pg_ctl" -D "$SQLDIR/pg/data" -m immediate stop >/dev/null 2>&1 || true
  local pid
  pid=$(head -1 "$SQLDIR/pg/data/postmaster.pid" 2>/dev/null) && [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  rm -rf "$SQLDIR"
}

as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
pg_start() {
  as_nobody "$PG_BIN/pg_ctl" -D "$SQLDIR/pg/data" -l "$SQLDIR/pg/log" -w \
    -o "-k $SQLDIR/pg -c listen_addresses=" start >/dev/null || { cat "$SQLDIR/pg/log" >&2; return 1; }
}
pg_stop() { as_nobody "$PG_BIN/pg_ctl" -D "$SQLDIR/pg/data" -m fast -w stop >/dev/null; }
# pg SQL: runs SQL in database lc; prints rows unaligned.
pg() { psql -h "$SQLDIR/pg" -U postgres -d lc -qAt -v ON_ERROR_STOP=1 -c "$1"; }
PG_DSN() { echo "postgresql://postgres:$PW@/lc?host=$SQLDIR/pg"; }

my_start() {
  mariadbd --datadir="$SQLDIR/my" --socket="$SQLDIR/my.sock" --pid-file="$SQLDIR/my.pid" \
    --skip-networking --user=root --log-error="$SQLDIR/my.err" >/dev/null 2>&1 &
  local i
  for i in $(seq 200); do mariadb -S "$SQLDIR/my.sock" -e 'SELECT 1' >/dev/null 2>&1 && return 0; sleep 0.05; done
  cat "$SQLDIR/my.err" >&2
  return 1
}
my_stop() {
  local pid i
  pid=$(cat "$SQLDIR/my.pid" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || return 0
  for i in $(seq 200); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
  kill -9 "$pid" 2>/dev/null || true
}
my_sql() { mariadb -S "$SQLDIR/my.sock" -e "$1"; }
MY_DSN() { echo "mysql://lc:$PW@/lc?socket=$SQLDIR/my.sock"; }

# A table of this test: t<n>(id bigserial, msg text).
tbl() { echo "t$BATS_TEST_NUMBER"; }
pg_table() { pg "CREATE TABLE $(tbl) (id bigserial PRIMARY KEY, msg text)"; }
# pg_rows FROM TO: inserts rows with msg "m<i>".
pg_rows() { pg "INSERT INTO $(tbl) (msg) SELECT 'm' || i FROM generate_series($1, $2) i"; }
q() { echo "SELECT id, msg FROM $(tbl) WHERE id > \$1 ORDER BY id LIMIT ${1:-1000}"; }
# ids FILE: the id of each record, one a line.
ids() { jq -r .id "$1"; }
# no_dups FILE: each id once.
no_dups() { [ -z "$(jq -r .id "$1" | sort | uniq -d)" ]; }
count_is() { [ "$(lines_in "$1")" -eq "$2" ]; }

@test "every option in --help is in the man page and in both completions" {
  run options_documented lc-sql
  [ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "usage errors exit 2 and never print the password" {
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --cursor-column id
  [ "$status" -eq 2 ]; [[ "$stderr" == *"--query is required"* ]]; [ -z "$output" ]
  run --separate-stderr lc-sql --dsn "redis://u:$PW@h/0" --query "$(q)" --cursor-column id
  [ "$status" -eq 2 ]; [[ "$stderr" == *"--dsn: not a postgresql://"* ]]; [[ "$stderr" != *"$PW"* ]]
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "SELECT id FROM t WHERE id > 0" --cursor-column id
  [ "$status" -eq 2 ]; [[ "$stderr" == *"--query: the query has no \$1"* ]]; [[ "$stderr" != *"$PW"* ]]
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "$(q)" --cursor-column id --interval 0s
  [ "$status" -eq 2 ]; [[ "$stderr" == *"--interval"* ]]
  run --separate-stderr lc-sql --query "$(q)" --cursor-column id
  [ "$status" -eq 2 ]; [[ "$stderr" == *"--dsn, --dsn-file or \$LCTK_SQL_DSN is required"* ]]
  # A mistyped flag is quoted, its password redacted.
  run --separate-stderr lc-sql --dns="$(PG_DSN)" --query "$(q)" --cursor-column id
  [ "$status" -eq 2 ]; [[ "$stderr" == *"--dns=postgresql://postgres:***@"* ]]; [[ "$stderr" != *"$PW"* ]]
  # The DSN from a file (a mounted Secret) or from the environment works.
  pg_table && pg_rows 1 2
  printf '%s\n' "$(PG_DSN)" >"$T/dsn"
  run --separate-stderr lc-sql --dsn-file "$T/dsn" --query "$(q)" --cursor-column id --once
  [ "$status" -eq 0 ]; [ "$(printf '%s\n' "$output" | wc -l)" -eq 2 ]
  LCTK_SQL_DSN="$(PG_DSN)" run --separate-stderr lc-sql --query "$(q)" --cursor-column id --once
  [ "$status" -eq 0 ]; [ "$(printf '%s\n' "$output" | wc -l)" -eq 2 ]
  # The checkpoint's place is checked before anything is read.
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "$(q)" --cursor-column id --once --checkpoint "$T/no/dir/ck"
  [ "$status" -eq 2 ]; [[ "$stderr" == *"--checkpoint $T/no/dir/ck"* ]]; [ -z "$output" ]
  # A checkpoint that is not one is refused and left as it is.
  echo 'not json' >"$T/ck"
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "$(q)" --cursor-column id --once --checkpoint "$T/ck"
  [ "$status" -eq 2 ]; [[ "$stderr" == *"$T/ck"* ]]; [ -z "$output" ]; [ "$(cat "$T/ck")" = "not json" ]
}

@test "postgresql: each column is a typed field, the body is the row as JSON, strict JSON per line" {
  pg "CREATE TABLE $(tbl) (id bigint PRIMARY KEY, msg text, n int, r float8, nm numeric, ok bool,
      b bytea, \"time\" text, \"lc.cursor\" text, at timestamptz)"
  pg "INSERT INTO $(tbl) VALUES (1, E'say \"hi\"\\n\\ttab', 42, 0.5, 12.50, true, '\\xe9ff00', 'col', 'c', '2026-01-02 03:04:05.678+02'),
      (2, NULL, NULL, 'NaN', NULL, false, NULL, NULL, NULL, NULL)"
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "SELECT * FROM $(tbl) WHERE id > \$1 ORDER BY id" \
    --cursor-column id --time-column at --tag env=prod --tag msg=from-tag --once
  [ "$status" -eq 0 ]; [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/out"
  assert_ndjson "$T/out"
  run python3 -c '
import json, sys
a, b = [json.loads(l) for l in open(sys.argv[1])]
assert a["id"] == 1 and a["n"] == 42 and a["r"] == 0.5 and a["ok"] is True, a
assert str(a["nm"]) == "12.5" and a["_msg"] == "say \"hi\"\n\ttab", a   # msg is a --tag
assert a["env"] == "prod" and a["msg"] == "from-tag", a
assert a["b"] == "\\xe9ff00", a                  # bytea: PostgreSQL hex, exact
assert a["_time"] == "col" and a["_lc.cursor"] == "c", a   # the collision rule
assert a["lc.cursor"].startswith("sql:") and a["lc.cursor"].endswith(":1"), a
assert a["time"] == "2026-01-02T01:04:05.678000000Z" and a["host.name"], a   # --time-column, in UTC
assert a["at"] == "2026-01-02 01:04:05.678+00" and "lc.parse_error" not in a, a
assert b["lc.parse_error"] == "--time-column at: NULL is not a time" and b["time"].endswith("Z"), b
assert json.loads(a["body"])["n"] == 42 and json.loads(a["body"])["time"] == "col", a
assert b["_msg"] is None and b["n"] is None and b["r"] == "NaN" and b["ok"] is False, b
' "$T/out"
  [ "$status" -eq 0 ] || { echo "$output"; cat "$T/out"; false; }
}

@test "mariadb: typed fields, bytes that are not UTF-8 kept in base64, strict JSON" {
  my_sql "CREATE TABLE lc.$(tbl) (id bigint PRIMARY KEY, msg varchar(50), n int, r double, d decimal(5,2), b blob, at datetime(6));
          INSERT INTO lc.$(tbl) VALUES (1, 'héllo \"x\"', 7, 0.25, 1.50, UNHEX('E9FF00'), '2026-01-02 03:04:05.678'),
            (2, NULL, NULL, NULL, NULL, 'ok', NOW(6))"
  # A \$1 in a string literal or a comment is not the cursor.
  run --separate-stderr lc-sql --dsn "$(MY_DSN)" --cursor-column id --time-column at --once \
    --query "SELECT *, '\$1' AS lit FROM $(tbl) WHERE /* \$1 */ id > \$1 ORDER BY id"
  [ "$status" -eq 0 ]; [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/out"
  assert_ndjson "$T/out"
  run python3 -c '
import base64, json, sys
a, b = [json.loads(l) for l in open(sys.argv[1])]
assert a["id"] == 1 and a["n"] == 7 and a["r"] == 0.25 and str(a["d"]) == "1.5", a
assert a["msg"] == "héllo \"x\"", a
assert base64.b64decode(a["b.base64"]) == b"\xe9\xff\x00", a
assert json.loads(a["body"])["b.base64"] == a["b.base64"], a
assert b["msg"] is None and b["b"] == "ok" and "b.base64" not in b, b
assert a["lit"] == "$1", a
assert a["time"] == "2026-01-02T03:04:05.678000000Z", a   # DATETIME: taken as UTC
' "$T/out"
  [ "$status" -eq 0 ] || { echo "$output"; cat "$T/out"; false; }
}

@test "--once pages through more rows than LIMIT, in order, each once" {
  pg_table && pg_rows 1 95
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "$(q 10)" --cursor-column id --once
  [ "$status" -eq 0 ]; [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/out"
  [ "$(ids "$T/out" | tr '\n' ' ')" = "$(seq -s ' ' 1 95) " ]
  run --separate-stderr lc-sql --dsn "$(MY_DSN)" --query "SELECT 1 AS id" --cursor-column id --once
  [ "$status" -eq 2 ]; [[ "$stderr" == *"no \$1"* ]]
  # --limit: the short page ends the round; the same rows.
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "$(q 10)" --limit 10 --cursor-column id --once
  [ "$status" -eq 0 ]
  [ "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" = "$(seq -s ' ' 1 95) " ]
  # A reader that goes away (head) ends lc-sql quietly, status 0.
  run --separate-stderr bash -c "set -o pipefail; lc-sql --dsn '$(PG_DSN)' --query '$(q 10)' --cursor-column id --once | head -1"
  [ "$status" -eq 0 ]; [ -z "$stderr" ]; [ "$(printf '%s\n' "$output" | jq -r .id)" = 1 ]
}

@test "rows inserted while polling appear, each once" {
  pg_table && pg_rows 1 5
  bg sh -c "exec lc-sql --dsn '$(PG_DSN)' --query '$(q 3)' --cursor-column id --interval 100ms >'$T/out' 2>'$T/err'"
  wait_until 10 count_is "$T/out" 5
  pg_rows 6 12
  wait_until 10 count_is "$T/out" 12
  pg_rows 13 13
  wait_until 10 count_is "$T/out" 13
  [ "$(ids "$T/out" | tr '\n' ' ')" = "$(seq -s ' ' 1 13) " ]
  assert_ndjson "$T/out"
  [ ! -s "$T/err" ]
}

@test "a restart resumes from the checkpoint (0600): nothing lost, nothing twice" {
  pg_table && pg_rows 1 30
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "$(q 7)" --cursor-column id --once --checkpoint "$T/ck"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/out"
  [ "$(stat -c %a "$T/ck")" = 600 ]
  jq -e '.version == 1 and ([.cursors[]] == [30])' "$T/ck"
  pg_rows 31 40
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "$(q 7)" --cursor-column id --once --checkpoint "$T/ck"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >>"$T/out"
  [ "$(ids "$T/out" | tr '\n' ' ')" = "$(seq -s ' ' 1 40) " ]
  # A third run with nothing new writes nothing.
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "$(q 7)" --cursor-column id --once --checkpoint "$T/ck"
  [ "$status" -eq 0 ]; [ -z "$output" ]
}

@test "kill -9 of a polling lc-sql, then a restart: it goes on from the checkpoint, each row once" {
  pg_table && pg_rows 1 5
  bg sh -c "exec lc-sql --dsn '$(PG_DSN)' --query '$(q 2)' --cursor-column id --interval 100ms --checkpoint '$T/ck' >'$T/out' 2>'$T/err'"
  ck_at() { [ "$(jq -r '.cursors[]' "$T/ck" 2>/dev/null)" = "$1" ]; }
  wait_until 10 ck_at 5
  kill -9 "$BG_PID"
  pg_rows 6 9
  bg sh -c "exec lc-sql --dsn '$(PG_DSN)' --query '$(q 2)' --cursor-column id --interval 100ms --checkpoint '$T/ck' >>'$T/out' 2>>'$T/err'"
  wait_until 10 ck_at 9
  [ "$(ids "$T/out" | tr '\n' ' ')" = "$(seq -s ' ' 1 9) " ]
  [ ! -s "$T/err" ]
}

@test "--commit: a restart resumes from what lc-ship delivered, not from the checkpoint" {
  pg_table && pg_rows 1 20
  run --separate-stderr bash -c "set -o pipefail; lc-sql --dsn '$(PG_DSN)' --query '$(q 6)' --cursor-column id --once \
    --checkpoint '$T/ck' --commit '$T/cm' | lc-ship --commit '$T/cm' stdout: >'$T/out1'"
  [ "$status" -eq 0 ]
  [ "$(ids "$T/out1" | tr '\n' ' ')" = "$(seq -s ' ' 1 20) " ]
  key=$(jq -r '.cursors | keys[0]' "$T/cm")
  [[ "$key" == sql:* ]]; [ "$(jq -r ".cursors[\"$key\"]" "$T/cm")" = 20 ]
  # As if lc-ship had died having delivered only up to 12 (the checkpoint says 20).
  printf '{"cursors":{"%s":12},"version":1}\n' "$key" >"$T/cm"
  pg_rows 21 25
  run --separate-stderr bash -c "set -o pipefail; lc-sql --dsn '$(PG_DSN)' --query '$(q 6)' --cursor-column id --once \
    --checkpoint '$T/ck' --commit '$T/cm' | lc-ship --commit '$T/cm' stdout: >'$T/out2'"
  [ "$status" -eq 0 ]
  [ "$(ids "$T/out2" | tr '\n' ' ')" = "$(seq -s ' ' 13 25) " ]
  [ "$(jq -r ".cursors[\"$key\"]" "$T/cm")" = 25 ]
  # Another query is another source: the commit file's entry is not its.
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "$(q 50)" --cursor-column id --once --commit "$T/cm"
  [ "$status" -eq 0 ]; [ "$(printf '%s\n' "$output" | wc -l)" -eq 25 ]
}

@test "postgresql restarting under a polling lc-sql: one line on stderr, polling goes on, no loss, no duplicates" {
  pg_table && pg_rows 1 5
  bg sh -c "exec lc-sql --dsn '$(PG_DSN)' --query '$(q 4)' --cursor-column id --interval 100ms --reconnect-max 500ms --checkpoint '$T/ck' >'$T/out' 2>'$T/err'"
  pid=$BG_PID
  wait_until 10 count_is "$T/out" 5
  pg_stop
  wait_until 10 test -s "$T/err"
  pg_start
  pg_rows 6 14
  wait_until 20 count_is "$T/out" 14
  kill -0 "$pid"
  [ "$(ids "$T/out" | tr '\n' ' ')" = "$(seq -s ' ' 1 14) " ]
  [ "$(wc -l <"$T/err")" -eq 1 ]
  grep -q "reconnecting" "$T/err"
  [[ "$(cat "$T/err")" != *"$PW"* ]]
  assert_ndjson "$T/out"
}

@test "a query that starts failing while polling is one outage: one line, then polling goes on" {
  pg_table && pg_rows 1 3
  bg sh -c "exec lc-sql --dsn '$(PG_DSN)' --query '$(q)' --cursor-column id --interval 50ms --reconnect-max 100ms >'$T/out' 2>'$T/err'"
  wait_until 10 count_is "$T/out" 3
  pg "ALTER TABLE $(tbl) RENAME TO $(tbl)_away"
  wait_until 10 test -s "$T/err"
  # Several failed queries (the server logs each) while the table is away: still one line.
  failed_queries() { [ "$(grep -c "relation \"$(tbl)\" does not exist" "$SQLDIR/pg/log")" -ge "$1" ]; }
  wait_until 10 failed_queries 3
  pg "INSERT INTO $(tbl)_away (msg) VALUES ('x')"
  pg "ALTER TABLE $(tbl)_away RENAME TO $(tbl)"
  wait_until 10 count_is "$T/out" 4
  [ "$(ids "$T/out" | tr '\n' ' ')" = "1 2 3 4 " ]
  [ "$(wc -l <"$T/err")" -eq 1 ]
  [[ "$(cat "$T/err")" == *'relation "t'*'" does not exist'*"reconnecting"* ]]
}

@test "mariadb restarting under a polling lc-sql: polling goes on, no loss, no duplicates" {
  my_sql "CREATE TABLE lc.$(tbl) (id bigint AUTO_INCREMENT PRIMARY KEY, msg text); INSERT INTO lc.$(tbl) (msg) VALUES ('a'),('b'),('c')"
  bg sh -c "exec lc-sql --dsn '$(MY_DSN)' --query '$(q 2)' --cursor-column id --interval 100ms --reconnect-max 500ms >'$T/out' 2>'$T/err'"
  pid=$BG_PID
  wait_until 10 count_is "$T/out" 3
  my_stop
  wait_until 10 test -s "$T/err"
  my_start
  my_sql "INSERT INTO lc.$(tbl) (msg) VALUES ('d'),('e'),('f'),('g')"
  wait_until 20 count_is "$T/out" 7
  kill -0 "$pid"
  [ "$(ids "$T/out" | tr '\n' ' ')" = "$(seq -s ' ' 1 7) " ]
  [ "$(wc -l <"$T/err")" -eq 1 ]
  [[ "$(cat "$T/err")" != *"$PW"* ]]
}

@test "a bad DSN or a rejected query at startup exits 2 with the server's message, password redacted" {
  pg_table
  run --separate-stderr lc-sql --dsn "postgresql://postgres:$PW@/nosuchdb?host=$SQLDIR/pg" --query "$(q)" --cursor-column id --once
  [ "$status" -eq 2 ]; [ -z "$output" ]
  [[ "$stderr" == *'database "nosuchdb" does not exist'* ]]; [[ "$stderr" == *"postgres:***@"* ]]; [[ "$stderr" != *"$PW"* ]]
  run --separate-stderr lc-sql --dsn "postgresql://postgres:$PW@/lc?host=$T/none" --query "$(q)" --cursor-column id
  [ "$status" -eq 2 ]; [[ "$stderr" == *"No such file or directory"* ]]; [[ "$stderr" != *"$PW"* ]]
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "SELECT id FROM nosuch WHERE id > \$1" --cursor-column id
  [ "$status" -eq 2 ]; [[ "$stderr" == *'relation "nosuch" does not exist'* ]]; [[ "$stderr" != *"$PW"* ]]
  run --separate-stderr lc-sql --dsn "mysql://lc:wrong$PW@/lc?socket=$SQLDIR/my.sock" --query "$(q)" --cursor-column id
  [ "$status" -eq 2 ]; [[ "$stderr" == *"Access denied for user 'lc'@'localhost'"* ]]; [[ "$stderr" != *"$PW"* ]]
  run --separate-stderr lc-sql --dsn "$(MY_DSN)" --query "SELEC id FROM x WHERE id > \$1" --cursor-column id
  [ "$status" -eq 2 ]; [[ "$stderr" == *"error in your SQL syntax"* ]]; [[ "$stderr" != *"$PW"* ]]
}

# A query that never ends (a locked table, a hung server) must not hang the
# poller: --query-timeout bounds it.  The servers are real and stall the
# query themselves (pg_sleep, SLEEP); at startup the timeout is an exit 2.
@test "--query-timeout: a query that runs longer is cut, on both servers, with the server's or client's word" {
  pg_table && pg_rows 1 3
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query-timeout 1s --cursor-column id --once \
    --query "SELECT id, pg_sleep(5) AS s FROM $(tbl) WHERE id > \$1 ORDER BY id"
  [ "$status" -eq 2 ]; [ -z "$output" ]
  [[ "$stderr" == *"canceling statement due to statement timeout"* ]] || { echo "$stderr"; false; }
  run --separate-stderr lc-sql --dsn "$(MY_DSN)" --query-timeout 1s --cursor-column id --once \
    --query "SELECT \$1 + 1 AS id, SLEEP(10) AS s"
  [ "$status" -eq 2 ]; [ -z "$output" ]
  [[ "$stderr" == *"timed out"* || "$stderr" == *"Lost connection"* ]] || { echo "$stderr"; false; }
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query-timeout 0s --cursor-column id --once --query "$(q)"
  [ "$status" -eq 2 ]; [[ "$stderr" == *"--query-timeout"* ]]
}

@test "a cursor column that is not an integer, absent, or not increasing exits 2 and says why" {
  pg_table && pg_rows 1 3
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "SELECT msg FROM $(tbl) WHERE id > \$1" --cursor-column msg --once
  [ "$status" -eq 2 ]; [[ "$stderr" == *'--cursor-column msg: "m1" is not an integer'* ]]; [ -z "$output" ]
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "$(q)" --cursor-column nope --once
  [ "$status" -eq 2 ]; [[ "$stderr" == *"--cursor-column nope: no such column"* ]]
  run --separate-stderr lc-sql --dsn "$(PG_DSN)" --query "SELECT id FROM $(tbl) WHERE id > \$1 ORDER BY id DESC" --cursor-column id --once
  [ "$status" -eq 2 ]; [[ "$stderr" == *"ORDER BY id"* ]]; [ -z "$output" ]
}

@test "SIGTERM ends a polling lc-sql with status 0 and whole records; SIGINT with 130" {
  pg_table && pg_rows 1 4
  bg sh -c "exec lc-sql --dsn '$(PG_DSN)' --query '$(q)' --cursor-column id --interval 1h >'$T/out' 2>'$T/err'"
  pid=$BG_PID
  wait_until 10 count_is "$T/out" 4
  wait_until 10 catches "$pid" 15
  kill -TERM "$pid"
  rc=0; wait "$pid" || rc=$?
  [ "$rc" -eq 0 ]
  assert_ndjson "$T/out"
  [ ! -s "$T/err" ]
  # SIGINT: 130, as every lc tool.
  bg sh -c "exec lc-sql --dsn '$(PG_DSN)' --query '$(q)' --cursor-column id --interval 1h >'$T/out2' 2>'$T/err2'"
  pid=$BG_PID
  wait_until 10 count_is "$T/out2" 4
  wait_until 10 catches "$pid" 2
  kill -INT "$pid"
  rc=0; wait "$pid" || rc=$?
  [ "$rc" -eq 130 ]
}
