#!/usr/bin/env bats
# lc-stdout against a real Docker engine (json-file logs) and real podman
# with conmon's k8s-file driver (CRI logs).

bats_require_minimum_version 1.5.0
load helpers

setup_file() {
  docker_start
  docker_test_image  # run_all.sh's engine starts empty
  if command -v podman >/dev/null; then
    if ! podman image exists localhost/lc-test-busybox 2>/dev/null; then
      local r
      r="$(mktemp -d)"
      mkdir -p "$r/bin" "$r/tmp"
      cp /bin/busybox "$r/bin/"
      for c in sh echo sleep cat seq date head yes printf tr dd true false ln ls; do ln -s busybox "$r/bin/$c"; done
      tar -C "$r" -c . | podman import - localhost/lc-test-busybox >/dev/null
      rm -rf "$r"
    fi
  fi
}

teardown_file() {
  docker_rm_where name=lcs-
  command -v podman >/dev/null && podman ps -aq --filter name=lcs- | xargs -r podman rm -f >/dev/null 2>&1 || true
  docker_stop
}

# drun NAME SCRIPT [docker run flags...]: runs a container to its end; sets
# CTR (its name) and LOG (its json-file path).
drun() {
  CTR="lcs-$1-$$"; local script=$2; shift 2
  docker run --name "$CTR" --network none "$@" lc-test/busybox sh -c "$script" >/dev/null 2>&1
  LOG=$(docker inspect -f '{{.LogPath}}' "$CTR")
}

# prun DIR SCRIPT: runs a podman container whose CRI log is DIR/0.log.
prun() {
  command -v podman >/dev/null || skip "podman not installed (make deps)"
  mkdir -p "$1"
  podman run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
    --log-driver k8s-file --log-opt path="$1/0.log" localhost/lc-test-busybox sh -c "$2" >/dev/null 2>&1
}

count_is() { [ "$(lines_in "$1")" -ge "$2" ]; }
LONG='for n in 16385 102400 1048576; do head -c $n /dev/zero | tr "\0" x; echo; done'

@test "docker: stdout and stderr become records with the runtime's time and stream" {
  drun streams 'echo out1; echo err1 >&2; echo out2'
  run --separate-stderr lc-stdout --once --since 1h "$LOG"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "$(echo "$output" | jq -r '[."log.iostream", .body] | join(":")' | sort | paste -sd,)" = "stderr:err1,stdout:out1,stdout:out2" ]
  # time is Docker's own timestamp for the line, to the nanosecond
  [ "$(echo "$output" | jq -r 'select(.body == "out1") | .time')" = "$(grep '"out1' "$LOG" | jq -r .time | xargs -I{} date -u -d {} +%Y-%m-%dT%H:%M:%S.%NZ)" ]
  [ "$(echo "$output" | jq -r '."lc.cursor"' | grep -c '/stdout:')" -eq 2 ]
  [ "$(echo "$output" | jq -r '."log.file.path"' | sort -u)" = "$LOG" ]
}

@test "docker: lines of 16 KiB + 1, 100 KiB and 1 MiB are rejoined without a stray newline" {
  drun long "$LONG"
  [ "$(wc -l <"$LOG")" -gt 60 ]  # really split into 16 KiB pieces
  run --separate-stderr lc-stdout --once --since 1h "$LOG"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r '.body | length' | paste -sd,)" = "16385,102400,1048576" ]
  [ "$(echo "$output" | jq -r '.body | test("^x+$")' | sort -u)" = true ]
  [ "$(echo "$output" | jq -r '."lc.truncated"' | sort -u)" = null ]
}

# Issue 14: a container writing a long line without a newline held up to
# --max-line-bytes per log (1000 containers: 1 GB); --max-pending-bytes
# bounds what all logs hold together.
@test "--max-pending-bytes: docker's 16 KiB pieces of a 100 KiB and a 1 MiB line past the bound go out in truncated pieces, joined back exact" {
  drun pending "$LONG"
  run --separate-stderr lc-stdout --once --since 1h --max-pending-bytes 65536 "$LOG"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  echo "$output" >"$T/out"
  python3 -c 'import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
whole = [r for r in recs if not r.get("lc.truncated")]
cut = [r for r in recs if r.get("lc.truncated")]
assert [len(r["body"]) for r in whole] == [16385], [len(r["body"]) for r in whole]
assert all(len(r["body"]) <= 65536 for r in cut), [len(r["body"]) for r in cut]
assert len(cut) >= 18, len(cut)  # 1,150,976 bytes in pieces of 64 KiB at most
joined = "".join(r["body"] for r in cut)
assert joined == "x" * (102400 + 1048576), len(joined)' "$T/out"
}

@test "podman CRI: 8 KiB P pieces are rejoined, and k8s fields come from the pods-dir path" {
  prun "$T/pods/shop_cart-7d9f_0f1e2d3c/app" "$LONG; echo done"
  grep -q ' stdout P ' "$T/pods/shop_cart-7d9f_0f1e2d3c/app/0.log"
  run --separate-stderr lc-stdout --once --since 1h --pods-dir "$T/pods"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r '.body | length' | paste -sd,)" = "16385,102400,1048576,4" ]
  r=$(echo "$output" | tail -1)
  [ "$(echo "$r" | jq -r '[."k8s.namespace.name", ."k8s.pod.name", ."k8s.pod.uid", ."k8s.container.name"] | join(" ")')" = "shop cart-7d9f 0f1e2d3c app" ]
}

@test "UTF-8 split across the runtime's boundary: exact with CRI, as Docker wrote it with json-file" {
  prun "$T/pods/ns_p_u/c" 's=$(head -c 8191 /dev/zero | tr "\0" a); printf "%s\303\251b\n" "$s"'
  run lc-stdout --once --since 1h --pods-dir "$T/pods"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r .body | tail -c 5 | od -An -tx1 | tr -d ' ')" = "61c3a9620a" ]  # "aéb\n"
  [ "$(echo "$output" | jq -r '."lc.body_base64"')" = null ]
  # Docker's own encoder replaces each half of the split character with
  # U+FFFD in the file; lc-stdout joins exactly what is there.
  drun utf8 's=$(head -c 16383 /dev/zero | tr "\0" a); printf "%s\303\251b\n" "$s"'
  run lc-stdout --once --since 1h "$LOG"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r '.body | length')" -eq 16386 ]
  [ "$(echo "$output" | jq -r '.body[-3:]')" = $'\uFFFD\uFFFDb' ]
}

@test "podman CRI --encoding gbk: a GBK character conmon split at 8 KiB is decoded whole, on both streams" {
  prun "$T/pods/ns_gbk_u/c" 's=$(head -c 8191 /dev/zero | tr "\0" a); printf "%s\326\320b\n" "$s"; printf "\326\320\316\304 err\n" >&2'
  grep -q ' stdout P ' "$T/pods/ns_gbk_u/c/0.log"  # really split by conmon
  run --separate-stderr lc-stdout --once --since 1h --encoding gbk --pods-dir "$T/pods"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/out"
  assert_ndjson "$T/out"
  [ "$(jq -r 'select(."log.iostream" == "stdout") | .body | .[-2:]' "$T/out")" = "中b" ]
  [ "$(jq -r 'select(."log.iostream" == "stdout") | .body | length' "$T/out")" -eq 8193 ]
  [ "$(jq -r 'select(."log.iostream" == "stderr") | .body' "$T/out")" = "中文 err" ]
  [ "$(jq -r '."lc.body_base64"' "$T/out" | sort -u)" = null ]
  # Without --encoding the bytes are kept exactly (base64), nothing is lost.
  run lc-stdout --once --since 1h --pods-dir "$T/pods"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r 'select(."log.iostream" == "stderr") | ."lc.body_base64"')" = "$(printf '\326\320\316\304 err' | base64)" ]
}

@test "a last line without newline is emitted after the idle timeout" {
  drun nonl 'echo first; printf "no newline"'
  lc-stdout --since 1h --flush-partial 300ms "$LOG" >"$T/out" 2>"$T/err" &
  p=$!; LC_BG_PIDS+=("$p")
  wait_until 10 count_is "$T/out" 2
  kill -TERM "$p"; wait "$p"
  [ "$(jq -r .body "$T/out" | paste -sd,)" = "first,no newline" ]
  # With --once, a piece just written is held: the checkpoint stays before it.
  run lc-stdout --once --since 1h --flush-partial 1h --checkpoint "$T/ck" "$LOG"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r .body)" = first ]
}

@test "--containers: a container that prints 10,000 lines and exits at once, then is removed: all collected" {
  mkfifo "$T/events"
  lc-stdout --containers "$T/events" >"$T/out" 2>"$T/err" &
  p=$!; LC_BG_PIDS+=("$p")
  exec 4>"$T/events"
  # Runs and exits in well under a second; announced with its log_path as
  # lc-discover does once it has started.
  drun burst 'seq 1 10000'
  id=$(docker inspect -f '{{.Id}}' "$CTR")
  echo "{\"event\":\"upsert\",\"id\":\"$id\",\"name\":\"$CTR\",\"image\":\"lc-test/busybox\",\"log_path\":\"$LOG\",\"log_format\":\"docker-json\",\"k8s\":{\"namespace\":\"default\",\"pod\":\"burst-0\"}}" >&4
  wait_until 30 count_is "$T/out" 1
  docker rm "$CTR" >/dev/null  # the runtime deletes its log: the open descriptor still reads it
  echo "{\"event\":\"remove\",\"id\":\"$id\"}" >&4
  wait_until 30 count_is "$T/out" 10000
  exec 4>&-
  kill -TERM "$p"; wait "$p"
  [ ! -e "$LOG" ]
  diff <(seq 1 10000) <(jq -r .body "$T/out")
  [ "$(jq -r '[."container.name", ."container.id", ."k8s.pod.name"] | join(" ")' "$T/out" | sort -u)" = "$CTR $id burst-0" ]
}

@test "docker rotation (max-size=1k, max-file=3) under load loses no line" {
  CTR="lcs-rot-$$"
  docker run -d --name "$CTR" --network none --log-opt max-size=1k --log-opt max-file=3 lc-test/busybox \
    sh -c 'sleep 0.5; for i in $(seq 1 400); do echo "line $i"; sleep 0.005; done' >/dev/null
  LOG=$(docker inspect -f '{{.LogPath}}' "$CTR")
  # A generation lives about 200 ms here (max-size=1k, max-file=3, a line
  # every 5 ms): a new file is found after the read delay, so the default
  # 100 ms on a loaded machine can see one deleted before it is opened
  # (lc-stdout(1), --read-delay; seen in CI).  0: each change at once.
  lc-stdout --since 1h --read-delay 0 "$LOG" >"$T/out" 2>"$T/err" &
  p=$!; LC_BG_PIDS+=("$p")
  docker wait "$CTR" >/dev/null
  wait_until 30 count_is "$T/out" 400
  kill -TERM "$p"; wait "$p"
  ls "$LOG".1 >/dev/null  # it did rotate
  diff <(seq 1 400 | sed 's/^/line /') <(jq -r .body "$T/out")
}

@test "--since takes a duration or an RFC 3339 time, by the runtime's timestamps" {
  drun since 'echo old; sleep 1.2; echo new'
  cut_time=$(jq -r 'select(.log == "new\n") | .time' "$LOG")
  run lc-stdout --once --since "$cut_time" "$LOG"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r .body)" = new ]
  run lc-stdout --once --since 1h "$LOG"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r .body | paste -sd,)" = "old,new" ]
  run --separate-stderr lc-stdout --once --since yesterday "$LOG"
  [ "$status" -eq 2 ]
  [[ "$stderr" == "lc-stdout: --since: invalid duration 'yesterday'"* ]]
}

@test "--stream stdout and --stream stderr run side by side with their own checkpoints" {
  drun sides 'for i in 1 2 3; do echo "o$i"; echo "e$i" >&2; done'
  lc-stdout --once --since 1h --stream stdout --checkpoint "$T/ck.out" "$LOG" >"$T/o" &
  o=$!
  lc-stdout --once --since 1h --stream stderr --checkpoint "$T/ck.err" "$LOG" >"$T/e" &
  wait "$o" "$!"   # by pid: a bare wait also waits for bats' BATS_TEST_TIMEOUT watchdog
  [ "$(jq -r .body "$T/o" | paste -sd,)" = "o1,o2,o3" ]
  [ "$(jq -r .body "$T/e" | paste -sd,)" = "e1,e2,e3" ]
  run lc-stdout --once --stream stdout --checkpoint "$T/ck.out" "$LOG"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}

@test "kill -9 while reading, then restart: nothing lost" {
  drun many 'seq 1 200000'
  bash -c "lc-stdout --since 1h --checkpoint '$T/ck' '$LOG' | python3 '$LC_ROOT/tests/take_then_stall.py' 3000000 '$T/out1'" &
  p=$!; LC_BG_PIDS+=("$p")
  wait_until 30 test -e "$T/out1.ready"
  pkill -9 -f "lc-stdout --since 1h --checkpoint $T/ck"
  pkill -f "take_then_stall.py 3000000 $T/out1"
  wait "$p" || true
  run --separate-stderr lc-stdout --once --checkpoint "$T/ck" "$LOG"
  [ "$status" -eq 0 ]
  echo "$output" >"$T/out2"
  [ "$(lines_in "$T/out1")" -lt 200000 ]
  cat "$T/out1" "$T/out2" | jq -R -r 'fromjson? | .body' | sort -n -u >"$T/got"
  diff <(seq 1 200000) "$T/got"
}

@test "corrupt lines in a copy of a real log are kept with lc.parse_error, and reading goes on" {
  drun corrupt 'echo before; echo after'
  head -1 "$LOG" >"$T/copy.log"
  printf '{"log":"cut off in the mid\n' >>"$T/copy.log"
  printf '\0\0\0\0\n' >>"$T/copy.log"
  printf '{"log":"x\\n","stream":"stdout","time":"not a time"}\n' >>"$T/copy.log"
  tail -1 "$LOG" >>"$T/copy.log"
  run --separate-stderr lc-stdout --once --since 1h "$T/copy.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r 'select(."lc.parse_error" == null) | .body' | paste -sd,)" = "before,after" ]
  [ "$(echo "$output" | jq -r 'select(."lc.parse_error" != null) | .body' | sed -n 1p)" = '{"log":"cut off in the mid' ]
  [ "$(echo "$output" | jq -r 'select(."lc.parse_error" != null) | ."lc.parse_error"' | wc -l)" -eq 3 ]
  [ "$(echo "$output" | jq -r 'select(."lc.parse_error" != null) | .body' | sed -n 2p | od -An -tx1 | tr -d ' ')" = "000000000a" ]
}

@test "kubelet-style rotation of a CRI log written by conmon (0.log renamed to 0.log.<time>, then a new 0.log) loses no line" {
  # conmon writes into the renamed file until it ends: the rotate wait reads it.
  command -v podman >/dev/null || skip "podman not installed (make deps)"
  d="$T/pods/ns_rot_u/c"; mkdir -p "$d"
  name="lcs-rot-$$"
  podman run -d --name "$name" --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
    --log-driver k8s-file --log-opt path="$d/0.log" localhost/lc-test-busybox \
    sh -c 'for i in $(seq 1 300); do echo "a $i"; echo "e $i" >&2; sleep 0.005; done' >/dev/null
  lc-stdout --since 1h --pods-dir "$T/pods" --checkpoint "$T/ck" >"$T/out" 2>"$T/err" &
  p=$!; LC_BG_PIDS+=("$p")
  wait_until 30 count_is "$T/out" 20
  mv "$d/0.log" "$d/0.log.20261125-054045"  # conmon goes on writing into the renamed file
  podman wait "$name" >/dev/null
  podman rm "$name" >/dev/null
  prun "$d" 'for i in 1 2 3; do echo "b $i"; done'  # the runtime reopens 0.log: a new file
  wait_until 30 count_is "$T/out" 603
  gzip "$d/0.log.20261125-054045"  # the kubelet compresses older rotated files
  kill -TERM "$p"; wait "$p"
  [ ! -s "$T/err" ]
  diff <(seq 1 300 | sed 's/^/a /'; printf 'b %s\n' 1 2 3) <(jq -r 'select(."log.iostream" == "stdout") | .body' "$T/out")
  diff <(seq 1 300 | sed 's/^/e /') <(jq -r 'select(."log.iostream" == "stderr") | .body' "$T/out")
  [ "$(jq -r '."k8s.pod.name"' "$T/out" | sort -u)" = rot ]
}

@test "a rotated CRI log that the kubelet compressed while lc-stdout was down is read on from its checkpoint" {
  d="$T/pods/ns_gz_u/c"
  prun "$T/conmon" 'for i in 1 2 3 4 5; do echo "a $i"; done'  # real conmon lines
  mkdir -p "$d"
  head -3 "$T/conmon/0.log" >"$d/0.log"
  run --separate-stderr lc-stdout --once --since 1h --pods-dir "$T/pods" --checkpoint "$T/ck"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r .body | paste -sd,)" = "a 1,a 2,a 3" ]
  # While it is down: two more lines, the kubelet's rotation, a new 0.log,
  # and the rotated file compressed (gzip removes the original).
  tail -n +4 "$T/conmon/0.log" >>"$d/0.log"
  mv "$d/0.log" "$d/0.log.20261201-120000"
  gzip "$d/0.log.20261201-120000"
  prun "$d" 'echo "b 1"'
  run --separate-stderr lc-stdout --once --since 1h --pods-dir "$T/pods" --checkpoint "$T/ck"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "$(echo "$output" | jq -r .body | paste -sd,)" = "a 4,a 5,b 1" ]
  [ "$(echo "$output" | jq -r '."log.file.path"' | head -1)" = "$d/0.log.20261201-120000.gz" ]
  [ "$(echo "$output" | jq -r '."k8s.pod.name"' | sort -u)" = gz ]
  # Nothing is read twice.
  run --separate-stderr lc-stdout --once --since 1h --pods-dir "$T/pods" --checkpoint "$T/ck"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}

@test "restart: a pod or container that appeared while lc-stdout was down is read from its first line (regression: skipped as older than 5 s)" {
  fx="$LC_ROOT/tests/fixtures/stdout"
  mkdir -p "$T/pods/ns_a_u1/c"
  cp "$fx/podman-cri-stdout-stderr.log" "$T/pods/ns_a_u1/c/0.log"
  run --separate-stderr lc-stdout --once --pods-dir "$T/pods" --checkpoint "$T/ck"
  [ "$status" -eq 0 ]
  [ -z "$output" ]  # a first run does not replay the history of what was already there
  mkdir -p "$T/pods/ns_b_u2/c"
  cp "$fx/podman-cri-stdout-stderr.log" "$T/pods/ns_b_u2/c/0.log"
  run --separate-stderr lc-stdout --once --pods-dir "$T/pods" --checkpoint "$T/ck"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r '[."k8s.pod.name", .body] | join(":")' | paste -sd,)" = "b:out1,b:out2,b:err1" ]
  # The same with container events: one running before the first start,
  # one that started (long ago, by its log) while lc-stdout was down.
  cp "$fx/docker-json-stdout-stderr.log" "$T/one-json.log"
  cp "$fx/docker-json-stdout-stderr.log" "$T/two-json.log"
  ev() { echo "{\"event\":\"upsert\",\"id\":\"$1\",\"started\":\"2026-11-25T08:45:37Z\",\"log_path\":\"$T/$1-json.log\"}"; }
  run --separate-stderr lc-stdout --once --containers <(ev one) --checkpoint "$T/ck2"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  run --separate-stderr lc-stdout --once --containers <(ev one; ev two) --checkpoint "$T/ck2"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r '[."container.id", .body] | join(":")' | paste -sd,)" = "two:out1,two:out2,two:err1" ]
}

@test "--commit through lc-ship: stdout and stderr are committed under their own keys and each resumes from its own cursor" {
  drun commit 'for i in 1 2 3 4; do echo "o$i"; echo "e$i" >&2; done'
  lc-stdout --once --since 1h --checkpoint "$T/ck" --commit "$T/cm" "$LOG" | lc-ship --commit "$T/cm" stdout: >"$T/out1"
  [ "$(lines_in "$T/out1")" -eq 8 ]
  [ "$(jq -r '.cursors | keys[]' "$T/cm" | sed 's|.*/||' | sort | paste -sd,)" = "stderr,stdout" ]
  # As if the sink had acknowledged stdout only up to o2 (and all of stderr)
  # when everything stopped: the restart sends o3 and o4 again, nothing else.
  c=$(jq -r 'select(.body == "o2") | ."lc.cursor"' "$T/out1")
  jq --arg k "${c%:*}" --argjson o "${c##*:}" '.cursors[$k] = $o' "$T/cm" >"$T/cm.new"
  mv "$T/cm.new" "$T/cm"
  run --separate-stderr lc-stdout --once --checkpoint "$T/ck" --commit "$T/cm" "$LOG"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r .body | paste -sd,)" = "o3,o4" ]
}

@test "regression: with --commit, a log rotated while lc-stdout was down resumes from its commit (it was read again from its first line)" {
  drun rotc 'for i in 1 2 3; do echo "l$i"; done'
  cp "$LOG" "$T/a.log"
  run --separate-stderr bash -c "set -o pipefail; lc-stdout --once --since 1h --checkpoint '$T/ck' --commit '$T/cm' '$T/a.log' | lc-ship --commit '$T/cm' stdout: >'$T/out1'"
  [ "$status" -eq 0 ]
  [ "$(jq -r .body "$T/out1" | paste -sd,)" = "l1,l2,l3" ]
  # While it is down: Docker's rotation (a.log -> a.log.1) and one new line in a new a.log.
  mv "$T/a.log" "$T/a.log.1"
  drun rotc2 'echo l4'
  cp "$LOG" "$T/a.log"
  run --separate-stderr lc-stdout --once --checkpoint "$T/ck" --commit "$T/cm" "$T/a.log"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/out2"
  run python3 -c 'import json,sys; print(",".join(o["body"] for o in map(json.loads, sys.stdin) if "lc.forget" not in o))' <"$T/out2"
  [ "$status" -eq 0 ]
  [ "$output" = l4 ]
  # a.log.1, committed to its end by the first run, left the checkpoint:
  # its three streams are forgotten (lc-streams(7), FORGOTTEN SOURCES).
  c=$(jq -r '."lc.cursor"' "$T/out1" | head -1)
  k=${c%/*}
  run python3 -c 'import json,sys; print(",".join(sorted(o["lc.forget"] for o in map(json.loads, sys.stdin) if "lc.forget" in o)))' <"$T/out2"
  [ "$status" -eq 0 ]
  [ "$output" = "$k/raw,$k/stderr,$k/stdout" ]
}

@test "diagnostics name lc-stdout, not the tailer underneath (regression: they said lc-tail:)" {
  command -v setpriv >/dev/null || skip "setpriv not installed"
  fx="$LC_ROOT/tests/fixtures/stdout"
  chmod 755 "$T"
  cp "$fx/docker-json-stdout-stderr.log" "$T/a-json.log"
  cp "$fx/docker-json-stdout-stderr.log" "$T/b-json.log"
  chmod 600 "$T/a-json.log"
  chmod 644 "$T/b-json.log"
  run --separate-stderr setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$LC_ROOT/bin/lc-stdout" --once --since 2000-01-01T00:00:00Z "$T/a-json.log" "$T/b-json.log"
  [ "$status" -eq 1 ]
  [ "$(echo "$output" | jq -r .body | paste -sd,)" = "out1,out2,err1" ]
  [ "$stderr" = "lc-stdout: $T/a-json.log: Permission denied" ]
}

@test "a closed stdout ends quietly; SIGINT exits 130 and SIGTERM 0, each with the checkpoint saved (0600)" {
  drun sig 'seq 1 50000'
  run --separate-stderr bash -c "set -o pipefail; lc-stdout --once --since 1h '$LOG' | head -1"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r .body)" = 1 ]
  [ -z "$stderr" ]
  for sig in INT TERM; do
    rm -f "$T/ck" "$T/out"
    lc-stdout --since 1h --checkpoint "$T/ck" "$LOG" >"$T/out" 2>"$T/err" &
    p=$!; LC_BG_PIDS+=("$p")
    wait_until 30 count_is "$T/out" 50000
    kill -"$sig" "$p"
    rc=0; wait "$p" || rc=$?
    if [ "$sig" = INT ]; then [ "$rc" -eq 130 ]; else [ "$rc" -eq 0 ]; fi
    [ "$(stat -c %a "$T/ck")" = 600 ]
    run lc-stdout --once --checkpoint "$T/ck" "$LOG"  # everything was read: nothing again
    [ "$status" -eq 0 ]
    [ -z "$output" ]
  done
}

@test "lc-discover --once | lc-stdout --containers -: a running container's output with its metadata" {
  [ -x "$LC_ROOT/bin/lc-discover" ] || skip "lc-discover not built"
  CTR="lcs-disc-$$"
  docker run -d --name "$CTR" --network none --label app=web lc-test/busybox \
    sh -c 'echo hello; echo oops >&2; sleep 60' >/dev/null
  wait_until 20 sh -c "docker logs '$CTR' 2>&1 | grep -q oops"
  run --separate-stderr bash -c "set -o pipefail; lc-discover --once | lc-stdout --once --since 1h --containers -"
  [ "$status" -eq 0 ]
  r=$(echo "$output" | jq -c --arg n "$CTR" 'select(."container.name" == $n)')
  [ "$(echo "$r" | jq -r '[."log.iostream", .body] | join(":")' | sort | paste -sd,)" = "stderr:oops,stdout:hello" ]
  [ "$(echo "$r" | jq -r '."container.id"' | sort -u)" = "$(docker inspect -f '{{.Id}}' "$CTR")" ]
  [ "$(echo "$r" | jq -r '."container.image.name"' | sort -u)" = lc-test/busybox ]
  docker rm -f "$CTR" >/dev/null
}

@test "examples/node-pipeline.sh: a container's lines reach the sink, SIGTERM exits 0 with them committed" {
  CTR="lcs-node-$$"
  id=$(docker run -d --name "$CTR" --network none lc-test/busybox \
    sh -c 'for i in $(seq 1 50); do echo "n $i"; done; sleep 600')
  LC_STATE="$T/state" LC_SINK="file://$T/out" "$LC_ROOT/examples/node-pipeline.sh" 2>"$T/err" &
  p=$!; LC_BG_PIDS+=("$p")
  mine() { cat "$T"/out/*.ndjson 2>/dev/null | jq -r --arg id "$id" 'select(."container.id" == $id) | .body'; }
  all_there() { [ "$(mine | wc -l)" -ge 50 ]; }
  wait_until 30 all_there
  kill -TERM "$p"
  rc=0; wait "$p" || rc=$?
  cat "$T/err"
  [ "$rc" -eq 0 ]
  diff <(seq 1 50 | sed 's/^/n /') <(mine)
  [ "$(stat -c %a "$T/state/commit.json")" = 600 ]
  key=$(cat "$T"/out/*.ndjson | jq -r --arg id "$id" 'select(."container.id" == $id) | ."lc.cursor"' | tail -1)
  jq -e --arg k "${key%:*}" --argjson o "${key##*:}" '.cursors[$k] == $o' "$T/state/commit.json"
  docker rm -f "$CTR" >/dev/null
}

@test "usage errors exit 2; --help and --version exit 0" {
  run --separate-stderr lc-stdout
  [ "$status" -eq 2 ]
  [[ "$stderr" == "lc-stdout: nothing to read"* ]]
  run --separate-stderr lc-stdout --stream both x
  [ "$status" -eq 2 ]
  run --separate-stderr lc-stdout --commit c x
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"--commit needs --checkpoint"* ]]
  run --separate-stderr lc-stdout --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"--pods-dir"* ]]
  [ -z "$stderr" ]
}

@test "every option in --help is in the man page and in both completions" {
  options_documented lc-stdout
}

# --- record shaping: --parser and --multiline-* (issue 10) ---------------

@test "a Python traceback on stderr is joined into one record; stdout lines between are never joined with it" {
  # The traceback's text as CPython prints it, written by a real container
  # (the test image is busybox: no Python in it).
  drun pytb 'echo "request 1"
    printf "Traceback (most recent call last):\n  File \"/app/main.py\", line 10, in <module>\n" >&2
    echo "request 2"
    printf "    main()\n  File \"/app/main.py\", line 7, in main\n    1/0\nZeroDivisionError: division by zero\n" >&2
    echo "request 3"'
  touch -d '1 min ago' "$LOG"  # quiet: the --once pass ends held records
  run --separate-stderr lc-stdout --once --since 1h --multiline-continue '^(\s|\w+Error: )' "$LOG"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  echo "$output" >"$T/out"
  python3 -c 'import json,sys
[json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]' "$T/out"
  [ "$(jq -r 'select(."log.iostream" == "stdout") | .body' "$T/out" | paste -sd,)" = "request 1,request 2,request 3" ]
  [ "$(jq -r 'select(."log.iostream" == "stderr") | .body' "$T/out" | wc -l)" -eq 6 ]  # one record of 6 lines
  [ "$(jq -s '[.[] | select(."log.iostream" == "stderr")] | length' "$T/out")" -eq 1 ]
  [ "$(jq -r 'select(."log.iostream" == "stderr") | .body' "$T/out" | tail -1)" = "ZeroDivisionError: division by zero" ]
  # Its cursor is the stderr stream's and ends the log's last stderr line.
  last_err=$(grep -n '"stderr"' "$LOG" | tail -1 | cut -d: -f1)
  [ "$(jq -r 'select(."log.iostream" == "stderr") | ."lc.cursor"' "$T/out" | sed 's/.*://')" -eq "$(head -n "$last_err" "$LOG" | wc -c)" ]
  [[ "$(jq -r 'select(."log.iostream" == "stderr") | ."lc.cursor"' "$T/out")" == */stderr:* ]]
}

@test "--parser json parses the container's message, not the runtime's envelope" {
  drun pjson 'echo "{\"level\":\"info\",\"n\":1,\"stream\":\"mine\"}"; echo plain'
  run --separate-stderr lc-stdout --once --since 1h --parser json "$LOG"
  [ "$status" -eq 0 ]
  [ "$stderr" = '{"parsed":1,"parse_failed":1}' ]
  [ "$(echo "$output" | sed -n 1p | jq -c '[.level, .n, .stream, ."log.iostream", .body]')" = '["info",1,"mine","stdout",""]' ]
  [ "$(echo "$output" | sed -n 2p | jq -c '[.body, ."lc.parse_error"]')" = '["plain","json: not an object"]' ]
}

@test "--time-key on a container's JSON message: time comes from its ts field, not the runtime's; a bad one keeps the runtime's with lc.time_error" {
  drun ptime 'echo "{\"ts\":\"2023-11-15 06:13:20.123456\",\"msg\":\"a\"}"; echo "{\"ts\":\"soon\",\"msg\":\"b\"}"'
  run --separate-stderr lc-stdout --once --since 1h --parser json --time-key ts \
    --time-format '%Y-%m-%d %H:%M:%S' --time-zone Asia/Shanghai "$LOG"
  [ "$status" -eq 0 ]
  [ "$stderr" = '{"parsed":2,"parse_failed":0,"time_failed":1}' ]
  echo "$output" >"$T/out"
  python3 -c 'import json,sys
[json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]' "$T/out"
  [ "$(lines_in "$T/out")" -eq 2 ]
  [ "$(sed -n 1p "$T/out" | jq -c '[.time, .ts, .msg, ."log.iostream"]')" = \
    '["2023-11-14T22:13:20.123456000Z","2023-11-15 06:13:20.123456","a","stdout"]' ]
  # The second keeps the runtime's own time: the one in the log.
  runtime_time=$(sed -n 2p "$LOG" | jq -r .time)
  [ "$(sed -n 2p "$T/out" | jq -c '[.msg, ."lc.time_error"]')" = '["b","no year"]' ]
  [ "$(date -u -d "$(sed -n 2p "$T/out" | jq -r .time)" +%s%N)" -eq "$(date -u -d "$runtime_time" +%s%N)" ]
}

@test "SIGUSR2 drains: lines the runtime wrote and lc-stdout had not read yet are read before it exits 0" {
  printf '2026-12-02T10:00:00.000000001Z stdout F one\n' >"$T/c.log"
  bg lc-stdout --since 2000-01-01T00:00:00Z --read-delay 30s --checkpoint "$T/ck" "$T/c.log" >"$T/out"
  wait_until 10 sh -c "[ \$(wc -l <'$T/out') -ge 1 ]"
  printf '2026-12-02T10:00:01.000000001Z stdout F two\n2026-12-02T10:00:02.000000001Z stderr F three\n' >>"$T/c.log"
  kill -USR2 "$BG_PID"
  st=0; wait "$BG_PID" || st=$?
  [ "$st" -eq 0 ]
  run jq -r .body "$T/out"
  [ "$status" -eq 0 ]
  [ "$output" = "$(printf 'one\ntwo\nthree')" ]
}

# issue 14: a json-file log of 2000 lines of 150 bytes (300 KB) at
# 100KB/s: a second's worth at once, the rest in 2 s at least (a lower
# bound only); every message once, in order.
@test "--rate-limit bounds what lc-stdout reads per second; every line once and in order" {
  x=$(printf 'x%.0s' $(seq 1 69))
  for i in $(seq -w 1 2000); do
    printf '{"log":"line %s %s\\n","stream":"stdout","time":"2026-11-25T08:45:38.027806692Z"}\n' "$i" "$x"
  done >"$T/a-json.log"
  [ "$(wc -c <"$T/a-json.log")" -eq 300000 ]
  t0=$(date +%s%N)
  run --separate-stderr lc-stdout --once --since 2000-01-01T00:00:00Z --rate-limit 100KB/s "$T/a-json.log"
  took=$(( ($(date +%s%N) - t0) / 1000000 ))
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "$(echo "$output" | jq -r .body | cut -d' ' -f2 | paste -sd,)" = "$(seq -w 1 2000 | paste -sd,)" ]
  [ "$took" -ge 1800 ] || { echo "took ${took} ms"; false; }
  run --separate-stderr lc-stdout --once --rate-limit 0.5 "$T/a-json.log"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == "lc-stdout: --rate-limit: invalid rate '0.5': less than one byte per second"* ]]
}
