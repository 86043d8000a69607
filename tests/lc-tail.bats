#!/usr/bin/env bats
# lc-tail against real files, a real logrotate and real signals.

bats_require_minimum_version 1.5.0
load helpers

bodies() { jq -r .body "$@"; }

# follow OUT ARGS...: lc-tail in the background, records to OUT.
follow() {
  local out=$1; shift
  bg lc-tail "$@" >"$out" 2>"$T/err"
  TAIL_PID=$BG_PID
}

count_is() { [ "$(lines_in "$1")" -ge "$2" ]; }

@test "--once reads the matched files of a glob and of ** from their first line" {
  mkdir -p "$T/l/app/deep"
  printf 'a1\na2\n' >"$T/l/a.log"
  printf 'skip\n' >"$T/l/a.txt"
  printf 'deep\n' >"$T/l/app/deep/d.log"
  run --separate-stderr lc-tail --once --from head "$T/l/*.log"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "$(echo "$output" | jq -r .body | paste -sd,)" = "a1,a2" ]
  [ "$(echo "$output" | jq -r '."log.file.path"' | sort -u)" = "$T/l/a.log" ]
  run --separate-stderr lc-tail --once --from head "$T/l/**/*.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r .body | sort | paste -sd,)" = "a1,a2,deep" ]
}

@test "records carry time, host.name, tags and a cursor whose offset ends the line" {
  printf 'hello\nworld\n' >"$T/a.log"
  LCTK_HOSTNAME=node-7 run --separate-stderr lc-tail --once --from head --tag env=prod --tag team=core "$T/a.log"
  [ "$status" -eq 0 ]
  line2=$(echo "$output" | sed -n 2p)
  [ "$(echo "$line2" | jq -r '."host.name"')" = node-7 ]
  [ "$(echo "$line2" | jq -r .env)" = prod ]
  [ "$(echo "$line2" | jq -r .team)" = core ]
  [[ "$(echo "$line2" | jq -r '."lc.cursor"')" =~ :12$ ]]
  [[ "$(echo "$line2" | jq -r .time)" =~ ^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}Z$ ]]
}

@test "--once with a checkpoint reads only what was appended since the last run" {
  printf '1\n2\n' >"$T/a.log"
  run lc-tail --once --from head --checkpoint "$T/ck" "$T/a.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | bodies | paste -sd,)" = "1,2" ]
  [ "$(stat -c %a "$T/ck")" = 600 ]
  printf '3\n' >>"$T/a.log"
  run lc-tail --once --checkpoint "$T/ck" "$T/a.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | bodies | paste -sd,)" = "3" ]
  run lc-tail --once --checkpoint "$T/ck" "$T/a.log"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}

@test "regression: a file created between two --once runs is read from its first line" {
  mkdir "$T/l"
  printf 'old\n' >"$T/l/a.log"
  run lc-tail --once --checkpoint "$T/ck" "$T/l/*.log"
  [ "$status" -eq 0 ]
  [ -z "$output" ]  # first run: files present start at their end
  printf 'first\nsecond\n' >"$T/l/b.log"
  run lc-tail --once --checkpoint "$T/ck" "$T/l/*.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | bodies | paste -sd,)" = "first,second" ]
}

@test "--commit: a file rotated while lc-tail was down resumes from what lc-ship committed, then the new file" {
  printf '1\n2\n3\n' >"$T/a.log"
  run --separate-stderr bash -c "set -o pipefail; lc-tail --once --from head --checkpoint '$T/ck' --commit '$T/cm' '$T/a.log' | lc-ship --commit '$T/cm' stdout: >'$T/out1'"
  [ "$status" -eq 0 ]
  [ "$(bodies "$T/out1" | paste -sd,)" = "1,2,3" ]
  # lc-ship delivered up to 2 when everything stopped; then the rotation.
  c=$(jq -r 'select(.body == "2") | ."lc.cursor"' "$T/out1")
  printf '{"version":1,"cursors":{"%s":%s}}\n' "${c%:*}" "${c##*:}" >"$T/cm"
  mv "$T/a.log" "$T/a.log.1"
  printf '4\n' >"$T/a.log"
  run --separate-stderr lc-tail --once --checkpoint "$T/ck" --commit "$T/cm" "$T/a.log"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  run python3 -c 'import json,sys; print(",".join(json.loads(l)["body"] for l in sys.stdin))' <<<"$output"
  [ "$status" -eq 0 ]
  [ "$output" = "3,4" ]
}

@test "regression: the commit file kept the key of every file ever rotated; a rotated file is forgotten once delivered" {
  pipeline() {  # one --once run of lc-tail | lc-ship, stdout: sink into $1
    run --separate-stderr bash -c "set -o pipefail; lc-tail --once --from head --checkpoint '$T/ck' --commit '$T/cm' '$T/a.log' | lc-ship --commit '$T/cm' stdout: >'$1'"
    [ "$status" -eq 0 ]
    [ "$(echo "$stderr" | grep -vc '^{"records":')" -eq 0 ]  # lc-ship's counters alone
  }
  keys() { python3 -c 'import json,sys; print(" ".join(sorted(json.load(open(sys.argv[1]))["cursors"])))' "$T/cm"; }
  printf 'a1\n' >"$T/a.log"
  pipeline "$T/out1"
  [ "$(bodies "$T/out1" | paste -sd,)" = "a1" ]
  old=$(keys)
  [ -n "$old" ]
  printf 'a2\n' >>"$T/a.log"
  mv "$T/a.log" "$T/a.log.1"
  printf 'b1\n' >"$T/a.log"
  pipeline "$T/out2"
  [ "$(bodies "$T/out2" | paste -sd,)" = "a2,b1" ]
  # a2 was delivered after lc-tail saved: the rotated file's entry waits.
  run keys
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | wc -w)" -eq 2 ]
  [[ " $output " == *" $old "* ]]
  pipeline "$T/out3"
  [ ! -s "$T/out3" ]  # nothing again, and the forget line is not delivered
  run keys
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | wc -w)" -eq 1 ]
  [[ " $output " != *" $old "* ]]
  run grep -c '"key"' "$T/ck"
  [ "$status" -eq 0 ]
  [ "$output" -eq 1 ]
  # And the next run reads nothing twice.
  printf 'b2\n' >>"$T/a.log"
  pipeline "$T/out4"
  [ "$(bodies "$T/out4" | paste -sd,)" = "b2" ]
}

@test "a new file and a new directory that come to match are followed without a restart" {
  mkdir "$T/l"
  follow "$T/out" --from head "$T/l/**/*.log"
  printf 'one\n' >"$T/l/a.log"
  wait_until 10 count_is "$T/out" 1
  mkdir -p "$T/l/new/sub"
  printf 'two\n' >"$T/l/new/sub/b.log"
  wait_until 10 count_is "$T/out" 2
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"
  [ "$(bodies "$T/out" | paste -sd,)" = "one,two" ]
}

@test "--exclude skips matching files (a pattern without / matches the base name)" {
  mkdir "$T/l"
  printf 'keep\n' >"$T/l/a.log"
  printf 'drop\n' >"$T/l/b.debug.log"
  run lc-tail --once --from head --exclude '*.debug.log' "$T/l/*.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | bodies)" = keep ]
}

write_numbered() {  # write_numbered FILE N: "line 1".."line N", one open per line
  local i
  for ((i = 1; i <= $2; i++)); do echo "line $i" >>"$1"; done
}

# write_reopening FILE N: "line 1".."line N" through one descriptor, reopened
# when FILE is another file (a daemon told to reopen after create mode).  It
# never creates FILE itself: a writer that opens per line can recreate it
# between logrotate's rename and its create, and logrotate then moves that
# file aside as "<name>-<date>.backup" (seen under load), which is
# logrotate's doing, not a rotation lc-tail is to follow.
write_reopening() {
  local i
  exec 3>>"$1"
  for ((i = 1; i <= $2; i++)); do
    if [ -e "$1" ] && ! [ "$1" -ef /dev/fd/3 ]; then exec 3>>"$1"; fi
    echo "line $i" >&3
  done
  exec 3>&-
}

@test "logrotate create mode while lines are written: every line once, in order" {
  command -v logrotate >/dev/null || skip "logrotate not installed (make deps)"
  mkdir "$T/l"
  : >"$T/l/app.log"
  cat >"$T/rotate.conf" <<EOF
$T/l/app.log {
  create
  rotate 5
  missingok
}
EOF
  follow "$T/out" --from head --poll 200ms "$T/l/app.log"
  bg write_reopening "$T/l/app.log" 30000
  writer=$BG_PID
  wait_until 30 count_is "$T/l/app.log" 5000
  logrotate -f -s "$T/state" "$T/rotate.conf"
  wait_until 30 count_is "$T/l/app.log" 3000
  logrotate -f -s "$T/state" "$T/rotate.conf"
  wait "$writer"
  wait_until 30 count_is "$T/out" 30000
  kill -TERM "$TAIL_PID"; wait "$TAIL_PID"
  [ -e "$T/l/app.log.2" ]
  bodies "$T/out" >"$T/got"
  seq 1 30000 | sed 's/^/line /' >"$T/want"
  diff "$T/want" "$T/got"
}

@test "logrotate copytruncate while lines are written: every line on disk once, in order" {
  command -v logrotate >/dev/null || skip "logrotate not installed (make deps)"
  mkdir "$T/l"
  : >"$T/l/app.log"
  cat >"$T/rotate.conf" <<EOF
$T/l/app.log {
  copytruncate
  rotate 5
  missingok
}
EOF
  follow "$T/out" --from head --poll 200ms "$T/l/app.log"
  bg write_numbered "$T/l/app.log" 30000
  writer=$BG_PID
  wait_until 30 count_is "$T/l/app.log" 5000
  logrotate -f -s "$T/state" "$T/rotate.conf"
  wait_until 30 count_is "$T/l/app.log" 3000
  logrotate -f -s "$T/state" "$T/rotate.conf"
  wait "$writer"
  # What survives on disk: both copies and the live file (logrotate itself
  # loses lines written between its copy and its truncate).
  cat "$T/l/app.log.2" "$T/l/app.log.1" "$T/l/app.log" >"$T/on-disk"
  wait_until 30 count_is "$T/out" "$(lines_in "$T/on-disk")"
  kill -TERM "$TAIL_PID"; wait "$TAIL_PID"
  bodies "$T/out" >"$T/got"
  # In order and never twice: the numbers strictly increase.
  sed 's/^line //' "$T/got" | awk 'NR > 1 && $1 <= prev { print "out of order or repeated at " NR ": " $1; bad = 1 } { prev = $1 } END { exit bad }'
  # Nothing that is on disk is missing.
  run comm -23 <(sort "$T/on-disk") <(sort "$T/got")
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}

@test "truncation to zero: the new content is read from its start, once" {
  printf 'before 1\nbefore 2\n' >"$T/a.log"
  follow "$T/out" --from head --poll 100ms "$T/a.log"
  wait_until 10 count_is "$T/out" 2
  : >"$T/a.log"
  printf 'after\n' >>"$T/a.log"
  wait_until 10 count_is "$T/out" 3
  kill -TERM "$TAIL_PID"; wait "$TAIL_PID"
  [ "$(bodies "$T/out" | paste -sd,)" = "before 1,before 2,after" ]
  # A new key after truncation, so committed cursors never go backwards.
  [ "$(jq -r '."lc.cursor"' "$T/out" | sed 's/:[0-9]*$//' | sort -u | wc -l)" -eq 2 ]
}

# Inode reuse (a new file with an old file's inode is read from 0) is the
# unit test TailerTest.InodeReuseIsANewFileReadFromZero, on the fake file
# system: here it depended on the filesystem handing the inode out again,
# and skipped where it did not.

@test "a file deleted while being read is drained to its end" {
  seq 1 300000 >"$T/big.log"
  follow "$T/out" --from head "$T/big.log"
  wait_until 10 count_is "$T/out" 1
  rm "$T/big.log"
  wait_until 30 count_is "$T/out" 300000
  kill -TERM "$TAIL_PID"; wait "$TAIL_PID"
  diff <(seq 1 300000) <(bodies "$T/out")
}

@test "a writer that goes on writing into the renamed file until it reopens loses nothing; the file is let go after --rotate-wait" {
  echo old-1 >"$T/a.log"
  follow "$T/out" --from head --rotate-wait 1s --poll 100ms "$T/a.log"
  wait_until 10 count_is "$T/out" 1
  exec 5>>"$T/a.log"                 # the daemon's descriptor (opened after lc-tail started)
  mv "$T/a.log" "$T/a.log.1"         # logrotate renames and creates the new file...
  echo new-1 >"$T/a.log"
  wait_until 10 count_is "$T/out" 2
  echo old-2 >&5                     # ...the daemon writes on into the old one...
  wait_until 10 count_is "$T/out" 3
  exec 5>&-                          # ...until its reopen (SIGHUP)
  echo new-2 >>"$T/a.log"
  wait_until 10 count_is "$T/out" 4
  wait_until 10 fd_closed "$TAIL_PID" "$T/a.log.1"   # quiet for --rotate-wait: let go
  kill -TERM "$TAIL_PID"; wait "$TAIL_PID"
  [ "$(bodies "$T/out" | paste -sd,)" = "old-1,new-1,old-2,new-2" ]
  [ ! -s "$T/err" ]
}

@test "a partial last line is held, then emitted after the idle timeout" {
  printf 'whole\nhalf' >"$T/a.log"
  run lc-tail --once --from head --checkpoint "$T/ck" "$T/a.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | bodies)" = whole ]  # just written: held
  [ "$(jq '.files[0].offset' "$T/ck")" -eq 6 ]  # the checkpoint stays before it
  follow "$T/out" --checkpoint "$T/ck" --flush-partial 300ms "$T/a.log"
  wait_until 10 count_is "$T/out" 1
  kill -TERM "$TAIL_PID"; wait "$TAIL_PID"
  [ "$(bodies "$T/out")" = half ]
}

@test "a 10 MiB line is cut into flagged pieces that add up to the line" {
  head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' x >"$T/a.log"
  echo >>"$T/a.log"
  echo short >>"$T/a.log"
  run --separate-stderr lc-tail --once --from head "$T/a.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | wc -l)" -eq 11 ]
  [ "$(echo "$output" | head -10 | jq -r '."lc.truncated"' | sort -u)" = true ]
  [ "$(echo "$output" | head -10 | jq -j .body | wc -c)" -eq $((10 * 1024 * 1024)) ]
  [ "$(echo "$output" | tail -1 | jq -r '.body, ."lc.truncated"' | paste -sd,)" = "short,null" ]
}

@test "invalid UTF-8 and NUL bytes are kept: valid JSON, exact bytes in lc.body_base64" {
  printf 'ok \xc3\xa9\nbad \xff\xfe end\nnul \x00 inside\nctl \x1f \x7f \b end\n' >"$T/a.log"
  run --separate-stderr lc-tail --once --from head "$T/a.log"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" | assert_ndjson -   # strict: jq 1.6 takes raw control bytes
  [ "$(echo "$output" | sed -n 1p | jq -r .body)" = "ok é" ]
  echo "$output" | sed -n 2p | jq -r '."lc.body_base64"' | base64 -d >"$T/raw"
  printf 'bad \xff\xfe end' | cmp - "$T/raw"
  [ "$(echo "$output" | sed -n 3p | jq -c .body)" = '"nul \u0000 inside"' ]
}

@test "kill -9 in the middle of a 1,000,000-line file, then restart: no line lost" {
  seq 1 1000000 >"$T/big.log"
  # A reader that takes 30 MB and then stops reading: lc-tail blocks on the
  # full pipe in the middle of the file, and is killed there.
  bg bash -c "lc-tail --from head --checkpoint '$T/ck' --checkpoint-interval 100ms '$T/big.log' |
              python3 '$LC_ROOT/tests/take_then_stall.py' 30000000 '$T/out1'"
  wait_until 30 test -e "$T/out1.ready"
  pkill -9 -f "lc-tail --from head --checkpoint $T/ck"
  pkill -f "take_then_stall.py 30000000 $T/out1"
  wait "$BG_PID" || true
  [ "$(lines_in "$T/out1")" -lt 1000000 ]  # really killed in the middle
  run --separate-stderr lc-tail --once --checkpoint "$T/ck" "$T/big.log"
  [ "$status" -eq 0 ]
  echo "$output" >"$T/out2"
  # Whole records only (the kill may cut the last one), each number at least once.
  cat "$T/out1" "$T/out2" | jq -R 'fromjson? | .body' -r | sort -n -u >"$T/got"
  [ "$(wc -l <"$T/got")" -eq 1000000 ]
  diff <(seq 1 1000000) "$T/got"
}

@test "SIGTERM saves the checkpoint and exits 0; SIGINT exits 130" {
  printf '1\n2\n3\n' >"$T/a.log"
  follow "$T/out" --from head --checkpoint "$T/ck" --checkpoint-interval 1h "$T/a.log"
  wait_until 10 count_is "$T/out" 3
  kill -TERM "$TAIL_PID"
  st=0; wait "$TAIL_PID" || st=$?
  [ "$st" -eq 0 ]
  [ "$(jq '.files[0].offset' "$T/ck")" -eq 6 ]
  follow "$T/out2" --checkpoint "$T/ck2" "$T/a.log"
  wait_until 10 test -e "$T/ck2"  # written once its signal handlers are in place
  kill -INT "$TAIL_PID"
  st=0; wait "$TAIL_PID" || st=$?
  [ "$st" -eq 130 ]
  [ ! -s "$T/out2" ]
}

# SIGUSR2 is lc-agent's stop for a removed config: lines written and not
# read yet are read before the exit, not left behind.  A 30 s read delay
# holds them back, so only the drain can have read them.
@test "SIGUSR2 drains: what was written and not yet read is read, saved, then exit 0" {
  printf '1\n2\n' >"$T/a.log"
  follow "$T/out" --from head --read-delay 30s --checkpoint "$T/ck" "$T/a.log"
  wait_until 10 count_is "$T/out" 2
  printf '3\n4\n' >>"$T/a.log"
  kill -USR2 "$TAIL_PID"
  st=0; wait "$TAIL_PID" || st=$?
  [ "$st" -eq 0 ]
  run jq -r .body "$T/out"
  [ "$status" -eq 0 ]
  [ "$output" = "$(printf '1\n2\n3\n4')" ]
  [ "$(jq '.files[0].offset' "$T/ck")" -eq 8 ]
}

# A file that lives shorter than the read delay (a runtime's or an app's
# fast rotation deletes it soon after creating it) is still read: its
# creation is heard while a delay runs and it is opened at once, and an open
# file is read whole.  The delay is running when b.log is created: a.log's
# write was read from inotify (lc-tail's read count moved) and is held back.
syscr() { awk '/^syscr/ {print $2}' "/proc/$TAIL_PID/io"; }
read_more_than() { [ "$(syscr)" -gt "$1" ]; }
holds_open() { ls -l "/proc/$TAIL_PID/fd" 2>/dev/null | grep -qF -- "$1"; }
@test "regression: a file created and deleted within the read delay is opened at once and read whole" {
  mkdir "$T/logs"
  printf '1\n2\n' >"$T/logs/a.log"
  follow "$T/out" --from head --read-delay 30s "$T/logs/*.log"
  wait_until 10 count_is "$T/out" 2
  before=$(syscr)
  printf '3\n' >>"$T/logs/a.log"
  wait_until 10 read_more_than "$before"
  printf 'short 1\nshort 2\n' >"$T/logs/b.log"
  wait_until 10 holds_open "$T/logs/b.log"
  rm "$T/logs/b.log"
  kill -USR2 "$TAIL_PID"
  st=0; wait "$TAIL_PID" || st=$?
  [ "$st" -eq 0 ]
  run jq -r .body "$T/out"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | sort | tr '\n' ' ')" = "1 2 3 short 1 short 2 " ]
}

@test "an unreadable file gives 'Permission denied' and the others keep going" {
  command -v setpriv >/dev/null || skip "setpriv not installed"
  chmod 755 "$T"
  printf 'secret\n' >"$T/a.log"
  printf 'public\n' >"$T/b.log"
  chmod 600 "$T/a.log"
  chmod 644 "$T/b.log"
  run --separate-stderr setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$LC_ROOT/bin/lc-tail" --once --from head "$T/a.log" "$T/b.log"
  [ "$status" -eq 1 ]
  [ "$(echo "$output" | bodies)" = public ]
  [ "$stderr" = "lc-tail: $T/a.log: Permission denied" ]
}

@test "a broken --checkpoint file gives exit 2 naming file and line, and is not overwritten" {
  printf 'x\n' >"$T/a.log"
  printf '{"version":1,\n"files":[\n{"key": oops\n' >"$T/ck"
  cp "$T/ck" "$T/ck.orig"
  run --separate-stderr lc-tail --once --checkpoint "$T/ck" "$T/a.log"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == "lc-tail: $T/ck: line 3: "* ]]
  cmp "$T/ck" "$T/ck.orig"
}

@test "usage errors exit 2 on stderr; --help and --version exit 0 on stdout" {
  run --separate-stderr lc-tail
  [ "$status" -eq 2 ]
  [[ "$stderr" == "lc-tail: nothing to follow"* ]]
  run --separate-stderr lc-tail --from middle x
  [ "$status" -eq 2 ]
  run --separate-stderr lc-tail --poll soon x
  [ "$status" -eq 2 ]
  [[ "$stderr" == *"invalid duration 'soon'"* ]]
  run --separate-stderr lc-tail --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"--checkpoint"* ]]
  [ -z "$stderr" ]
  run --separate-stderr lc-tail --version
  [ "$status" -eq 0 ]
  [[ "$output" == "lc "* ]]
}

@test "a closed stdout ends lc-tail quietly" {
  seq 1 200000 >"$T/a.log"
  run --separate-stderr bash -c "lc-tail --once --from head '$T/a.log' | head -1"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r .body)" = 1 ]
  [ -z "$stderr" ]
}

# The two escape tests below run twice: through openat2, and through the
# walk that stands in for it on kernels before 5.6 (LCTK_NO_OPENAT2=1).
watch_in_root_never_leaves_it() {
  root="$T/ctr/merged"
  mkdir -p "$root/var/log/app" "$T/host"
  printf 'host secret\n' >"$T/host/shadow"
  printf 'app line\n' >"$root/var/log/app/a.log"
  # Planted by the container: an absolute link that means its own /host/...
  ln -s "$T/host/shadow" "$root/var/log/app/evil.log"
  cat >"$T/watches" <<EOF
{"event":"add","key":"c/1","paths":["$root/var/log/app/*.log"],"root":"$root","tags":{"container.id":"abc"},"from":"head"}
not json
EOF
  run --separate-stderr lc-tail --once --watches "$T/watches"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | bodies)" = "app line" ]
  [ "$(echo "$output" | jq -r '."container.id"')" = abc ]
  [[ "$stderr" == *"$T/watches: line 2: not a JSON object"* ]]
  [[ "$output" != *"host secret"* ]]
}

a_planted_directory_symlink_is_not_followed() {
  upper="$T/ctr/diff"
  mkdir -p "$upper/var/log/real" "$T/host/etc"
  printf 'host secret\n' >"$T/host/etc/passwd.log"
  printf 'ok line\n' >"$upper/var/log/real/a.log"
  ln -s "$T/host/etc" "$upper/var/log/abs"              # absolute: means the container's own /...
  ln -s ../../../../host/etc "$upper/var/log/rel"       # relative: climbs out of the upper dir
  echo "{\"event\":\"add\",\"key\":\"c/2\",\"paths\":[\"$upper/var/log/*/*.log\"],\"root\":\"$T/ctr/merged\",\"from\":\"head\"}" >"$T/watches"
  run --separate-stderr lc-tail --once --watches "$T/watches"
  [ "$status" -eq 1 ]
  [ "$(echo "$output" | bodies)" = "ok line" ]
  [[ "$output" != *"host secret"* ]]
  # Refused where the link is: the host directory is never listed.
  [[ "$stderr" == *"$upper/var/log/abs: symlink leaves the container, not followed"* ]]
  [[ "$stderr" == *"$upper/var/log/rel: symlink leaves the container, not followed"* ]]
  [[ "$stderr" != *passwd.log* ]]
}

# A container whose log directory is a link (/var/log/app -> /data/app)
# was not collected: the glob followed the link on the host, where
# /data/app is not the container's.  And a link to a host path was listed
# on the host.
regression_a_linked_log_directory_is_expanded_as_the_container_sees_it() {
  root="$T/ctr/merged"
  mkdir -p "$root/var/log" "$root/data/app" "$T/host"
  printf 'host secret\n' >"$T/host/secret.log"
  printf 'in the container\n' >"$root/data/app/a.log"
  ln -s /data/app "$root/var/log/app"
  ln -s "$T/host" "$root/var/log/host"   # the host's path: inside the root, nothing
  echo "{\"event\":\"add\",\"key\":\"c/3\",\"paths\":[\"$root/var/log/*/*.log\"],\"root\":\"$root\",\"from\":\"head\"}" >"$T/watches"
  run --separate-stderr lc-tail --once --watches "$T/watches"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | bodies)" = "in the container" ]
  [ "$(echo "$output" | jq -r '."log.file.path"')" = "$root/var/log/app/a.log" ]
  [[ "$output" != *"host secret"* ]]
  [ -z "$stderr" ]
}

@test "regression: a container's linked log directory is expanded as the container sees it, never on the host" {
  regression_a_linked_log_directory_is_expanded_as_the_container_sees_it
}

@test "regression: a container's linked log directory, without openat2 (LCTK_NO_OPENAT2=1)" {
  export LCTK_NO_OPENAT2=1
  regression_a_linked_log_directory_is_expanded_as_the_container_sees_it
}

@test "--watches: add gives tags, remove stops, and a symlink never leaves the container root" {
  watch_in_root_never_leaves_it
}

@test "--watches: a symlink never leaves the container root, without openat2 (LCTK_NO_OPENAT2=1)" {
  export LCTK_NO_OPENAT2=1
  watch_in_root_never_leaves_it
}

@test "a watch on an upper dir: a directory symlink planted by the container is not followed" {
  a_planted_directory_symlink_is_not_followed
}

@test "a watch on an upper dir: a planted directory symlink is not followed, without openat2 (LCTK_NO_OPENAT2=1)" {
  export LCTK_NO_OPENAT2=1
  a_planted_directory_symlink_is_not_followed
}

fd_open() { ls -l "/proc/$1/fd" 2>/dev/null | grep -q -- "$2"; }
fd_closed() { ! fd_open "$@"; }

@test "an idle file's descriptor is closed, and reopened by identity when it grows" {
  printf 'one\n' >"$T/a.log"
  follow "$T/out" --from head --close-idle 300ms --poll 100ms "$T/a.log"
  wait_until 10 count_is "$T/out" 1
  wait_until 10 fd_closed "$TAIL_PID" "$T/a.log"
  printf 'two\n' >>"$T/a.log"
  wait_until 10 count_is "$T/out" 2
  kill -TERM "$TAIL_PID"; wait "$TAIL_PID"
  [ "$(bodies "$T/out" | paste -sd,)" = "one,two" ]
}

@test "make install puts binaries, man pages and completions under PREFIX" {
  run make -C "$LC_ROOT" install PREFIX="$T/p"
  [ "$status" -eq 0 ]
  [ -x "$T/p/bin/lc-tail" ]
  [ -f "$T/p/share/man/man1/lc-tail.1" ]
  [ -f "$T/p/share/bash-completion/completions/lc-tail" ]
  [ -f "$T/p/share/zsh/site-functions/_lc-tail" ]
  run "$T/p/bin/lc-tail" --version
  [ "$status" -eq 0 ]
}

@test "every option in --help is in the man page and in both completions" {
  options_documented lc-tail
}

# ---- issue 13: lines lost around rotation, each defect by its number ----

# strict_bodies FILE: the body of each record, every line parsed by Python's
# strict JSON parser (a torn or invalid record fails the test).
strict_bodies() {
  python3 -c 'import json, sys
for line in sys.stdin:
    print(json.loads(line)["body"])' <"$1"
}

# blocked_writing PID: PID sleeps in a write to a full pipe.
blocked_writing() { grep -q 'pipe_write' "/proc/$1/wchan"; }

# rotate_conf FILE OPTIONS...: a logrotate config for FILE with OPTIONS.
rotate_conf() {
  local f=$1; shift
  { echo "$f {"; printf '  %s\n' "$@"; echo "}"; } >"$T/lr.conf"
}

@test "defect 1: a copytruncate copy made while lc-tail was down is read after the restart" {
  seq -f 'line %g' 1 1000 >"$T/x.log"
  rotate_conf "$T/x.log" copytruncate "rotate 5"
  follow "$T/out1" --from head --checkpoint "$T/ck" --poll 100ms "$T/x.log"
  wait_until 20 count_is "$T/out1" 1000
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"  # exits 0 on SIGTERM; a failed wait fails the test
  seq -f 'line %g' 1001 2000 >>"$T/x.log"
  run logrotate -f -s "$T/st" "$T/lr.conf"
  [ "$status" -eq 0 ]
  [ -s "$T/x.log.1" ] && [ ! -s "$T/x.log" ]
  seq -f 'line %g' 2001 2100 >>"$T/x.log"
  run --separate-stderr lc-tail --once --checkpoint "$T/ck" "$T/x.log"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/out2"
  strict_bodies "$T/out2" >"$T/got"
  seq -f 'line %g' 1001 2100 | diff - "$T/got"
}

@test "defect 6: generations made and rotated away while lc-tail was down are read oldest first, then the live file" {
  seq -f 'line %g' 1 100 >"$T/x.log"
  rotate_conf "$T/x.log" create "rotate 5" compress
  run lc-tail --once --from head --checkpoint "$T/ck" "$T/x.log"
  [ "$status" -eq 0 ]
  # Down: three rotations, each compressing the last (no delaycompress).
  seq -f 'line %g' 101 200 >>"$T/x.log"
  for n in 2 3 4; do
    run logrotate -f -s "$T/st" "$T/lr.conf"
    [ "$status" -eq 0 ]
    seq -f "line %g" $((n * 100 + 1)) $((n * 100 + 100)) >>"$T/x.log"
  done
  [ -s "$T/x.log.3.gz" ] && [ -s "$T/x.log.1.gz" ]
  run --separate-stderr lc-tail --once --checkpoint "$T/ck" "$T/x.log"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/out"
  strict_bodies "$T/out" >"$T/got"
  seq -f 'line %g' 101 500 | diff - "$T/got"
  run --separate-stderr lc-tail --once --checkpoint "$T/ck" "$T/x.log"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}

@test "defect 6: dated generations (dateext) made while down, and one truly gone is reported with its bytes" {
  seq -f 'line %g' 1 10 >"$T/x.log"
  rotate_conf "$T/x.log" create "rotate 1" dateext "dateformat -%Y%m%d-%s"
  follow "$T/out1" --from head --checkpoint "$T/ck" --poll 100ms "$T/x.log"
  wait_until 20 count_is "$T/out1" 10
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"  # exits 0 on SIGTERM; a failed wait fails the test
  seq -f 'line %g' 11 20 >>"$T/x.log"   # never read: its generation goes
  run logrotate -f -s "$T/st" "$T/lr.conf"
  [ "$status" -eq 0 ]
  seq -f 'line %g' 21 30 >>"$T/x.log"
  sleep 1.1  # dateformat %s: the next generation needs another second
  run logrotate -f -s "$T/st" "$T/lr.conf"
  [ "$status" -eq 0 ]
  seq -f 'line %g' 31 40 >>"$T/x.log"
  [ "$(ls "$T" | grep -c '^x\.log-')" -eq 1 ]
  run --separate-stderr lc-tail --once --checkpoint "$T/ck" "$T/x.log"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/out"
  strict_bodies "$T/out" >"$T/got"
  seq -f 'line %g' 21 40 | diff - "$T/got"
  echo "stderr: $stderr"
  [[ "$stderr" == "lc-tail: $T/x.log: rotated away while we were down and gone ("*"): 0 bytes known unread after offset 71, and whatever was written to it after the last checkpoint, are lost" ]]
}

@test "defect 2: copytruncate with compress while lc-tail is blocked on a stopped reader: the tail is read from x.log.1.gz" {
  seq -f 'line %g' 1 1000 >"$T/x.log"
  rotate_conf "$T/x.log" copytruncate "rotate 5" compress
  mkfifo "$T/pipe"
  bg sh -c "exec cat '$T/pipe' >'$T/out'"
  reader=$BG_PID
  follow "$T/pipe" --from head --poll 100ms "$T/x.log"
  wait_until 20 count_is "$T/out" 1000
  kill -STOP "$reader"
  seq -f 'line %g' 1001 100000 >>"$T/x.log"
  # lc-tail is blocked writing into the full pipe, its offset far behind.
  wait_until 20 blocked_writing "$TAIL_PID"
  run logrotate -f -s "$T/st" "$T/lr.conf"
  [ "$status" -eq 0 ]
  [ -s "$T/x.log.1.gz" ] && [ ! -e "$T/x.log.1" ]
  seq -f 'line %g' 100001 100010 >>"$T/x.log"
  kill -CONT "$reader"
  wait_until 60 count_is "$T/out" 100010
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"  # exits 0 on SIGTERM; a failed wait fails the test
  strict_bodies "$T/out" >"$T/got"
  seq -f 'line %g' 1 100010 | diff - "$T/got"
}

@test "defect 3: --close-idle and a create rotation while lc-tail is blocked: the closed file is found beside its old path" {
  seq -f 'a %g' 1 10 >"$T/a.log"
  seq -f 'b %g' 1 10 >"$T/b.log"
  rotate_conf "$T/b.log" create "rotate 5"
  mkfifo "$T/pipe"
  bg sh -c "exec cat '$T/pipe' >'$T/out'"
  reader=$BG_PID
  follow "$T/pipe" --from head --poll 100ms --close-idle 1s "$T/a.log" "$T/b.log"
  wait_until 20 count_is "$T/out" 20
  # Both idle for --close-idle: their descriptors are closed.
  closed() { ! ls -l "/proc/$TAIL_PID/fd" | grep -q "$T/[ab].log"; }
  wait_until 20 closed
  kill -STOP "$reader"
  seq -f 'a %g' 11 100000 >>"$T/a.log"
  wait_until 20 blocked_writing "$TAIL_PID"
  seq -f 'b %g' 11 1010 >>"$T/b.log"
  run logrotate -f -s "$T/st" "$T/lr.conf"
  [ "$status" -eq 0 ]
  [ -s "$T/b.log.1" ]
  echo 'b new' >>"$T/b.log"
  kill -CONT "$reader"
  wait_until 60 count_is "$T/out" 101011
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"  # exits 0 on SIGTERM; a failed wait fails the test
  strict_bodies "$T/out" >"$T/got"
  { seq -f 'b %g' 1 1010; echo 'b new'; } | diff - <(grep '^b ' "$T/got")
  seq -f 'a %g' 1 100000 | diff - <(grep '^a ' "$T/got")
}

@test "defect 9: a --checkpoint that is a directory or in a missing directory exits 2 at start; an empty one is none, with a warning" {
  echo hi >"$T/a.log"
  mkdir "$T/ckdir"
  run --separate-stderr lc-tail --once --checkpoint "$T/ckdir" "$T/a.log"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [ "$stderr" = "lc-tail: --checkpoint $T/ckdir: is a directory" ]
  run --separate-stderr timeout 10 lc-tail --checkpoint "$T/no/such/ck" "$T/a.log"
  [ "$status" -eq 2 ]
  [ "$stderr" = "lc-tail: --checkpoint $T/no/such/ck: its directory does not exist" ]
  : >"$T/ck"
  run --separate-stderr lc-tail --once --from head --checkpoint "$T/ck" "$T/a.log"
  [ "$status" -eq 0 ]
  [ "$stderr" = "lc-tail: $T/ck: empty checkpoint file: starting as on a first run" ]
  [ "$(printf '%s\n' "$output" | jq -r .body)" = hi ]
  python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$T/ck"
}

@test "defect 9: a FIFO, a symlink loop, a directory and a /proc file given as paths each get a clear message" {
  mkfifo "$T/fifo"
  ln -s loop2 "$T/loop1"
  ln -s loop1 "$T/loop2"
  mkdir "$T/dir"
  echo ok >"$T/a.log"
  run --separate-stderr lc-tail --once --from head "$T/fifo" "$T/loop1" "$T/dir" /proc/self/status "$T/a.log"
  [ "$status" -eq 1 ]
  [ "$(printf '%s\n' "$output" | jq -r .body)" = ok ]
  printf '%s\n' "$stderr" | sort >"$T/got"
  sort >"$T/want" <<EOF2
lc-tail: $T/fifo: not a regular file (a FIFO, socket or device): not followed
lc-tail: $T/loop1: Too many levels of symbolic links
lc-tail: $T/dir: is a directory: give a glob of its files ($T/dir/*.log)
lc-tail: /proc/self/status: a /proc or /sys file (its size is always 0): not followed
EOF2
  diff "$T/want" "$T/got"
}

@test "defect 10: a sparse file's hole (a writer without O_APPEND after copytruncate) is skipped, counted and reported" {
  seq -f 'line %g' 1 100 >"$T/x.log"
  rotate_conf "$T/x.log" copytruncate "rotate 5"
  follow "$T/out" --from head --poll 100ms "$T/x.log"
  wait_until 20 count_is "$T/out" 100
  run logrotate -f -s "$T/st" "$T/lr.conf"
  [ "$status" -eq 0 ]
  # The writer goes on at its own offset, 64 MiB on: a hole before it.
  printf 'after the hole\n' | dd of="$T/x.log" bs=1 seek=$((64 << 20)) conv=notrunc status=none
  wait_until 20 count_is "$T/out" 101
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"
  strict_bodies "$T/out" >"$T/got"
  { seq -f 'line %g' 1 100; echo 'after the hole'; } | diff - "$T/got"
  [ "$(lines_in "$T/out")" -eq 101 ]
  grep -qxF "lc-tail: $T/x.log: skipped $((64 << 20)) NUL bytes, a hole (a writer went on at its old offset after a truncation)" "$T/err"
}

@test "defect 4: 40 files under a 16-descriptor hard limit: every line once, under one key per file, and said once" {
  # tests/run_sanitized.sh allows this skip (tests/allowed_skips_sanitized).
  [ -z "${LCTK_TEST_SANITIZED:-}" ] || skip "under UBSan, whose vptr check probes memory with pipe(2) and reports falsely when descriptors run out"
  mkdir "$T/l"
  for i in $(seq 1 40); do echo "f$i first" >"$T/l/f$i.log"; done
  # A hard limit of 16 (lc-tail can raise its soft limit no further).
  bg bash -c "ulimit -n 16 && exec lc-tail --from head --checkpoint '$T/ck' --checkpoint-interval 200ms --poll 100ms '$T/l/*.log' >'$T/out' 2>'$T/err'"
  TAIL_PID=$BG_PID
  wait_until 30 count_is "$T/out" 40
  for round in 2 3; do
    for i in $(seq 1 40); do echo "f$i round $round" >>"$T/l/f$i.log"; done
    wait_until 30 count_is "$T/out" $((40 * round))
  done
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"
  strict_bodies "$T/out" | sort >"$T/got"
  for i in $(seq 1 40); do printf 'f%s first\nf%s round 2\nf%s round 3\n' "$i" "$i" "$i"; done | sort >"$T/want"
  diff "$T/want" "$T/got"
  # One key per file: never re-read from 0 under a new key.
  [ "$(python3 -c 'import json, sys
print(len({json.loads(l)["lc.cursor"].rsplit(":", 1)[0] for l in open(sys.argv[1])}))' "$T/out")" -eq 40 ]
  [ "$(grep -c 'Too many open files (limit 16): closing the least recently active files' "$T/err")" -eq 1 ]
  # The checkpoint knows every file at its end.
  python3 -c 'import json, sys, os
ck = json.load(open(sys.argv[1]))
assert len(ck["files"]) == 40, len(ck["files"])
for f in ck["files"]:
    assert f["offset"] == os.path.getsize(f["path"]), f' "$T/ck"
}

# has_read PID BYTES: PID has read at least BYTES (rchar: read(2) and pread(2)).
has_read() { [ "$(awk '/^rchar:/ {print $2}' "/proc/$1/io")" -ge "$2" ]; }

# lines_ended OUT N END: N records in OUT end at file offset END.
lines_ended() { [ "$(grep -c ":$3\"" "$1")" -eq "$2" ]; }

# Issue 14 (a bound on the agent's memory): each file's partial line was
# held whole (up to --max-line-bytes), and kept after the line ended.
@test "--max-pending-bytes: partial lines of many files past the bound go out in pieces flagged lc.truncated; every byte arrives once" {
  mkdir "$T/l"
  for i in $(seq 1 20); do : >"$T/l/f$i.log"; done
  follow "$T/out" --read-delay 0 --poll 100ms --checkpoint "$T/ck" --checkpoint-interval 200ms \
    --max-pending-bytes 65536 "$T/l/*.log"
  wait_until 10 test -s "$T/ck"
  python3 -c 'import sys
for i in range(1, 21):
    with open(f"{sys.argv[1]}/f{i}.log", "ab") as f: f.write(b"x" * 100000)' "$T/l"
  wait_until 20 has_read "$TAIL_PID" 2000000
  for i in $(seq 1 20); do echo end >>"$T/l/f$i.log"; done
  wait_until 20 lines_ended "$T/out" 20 100004
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"
  [ ! -s "$T/err" ]
  # Per file, the pieces in order are the line; each is flagged.
  python3 -c 'import json, sys
lines = {}
for l in open(sys.argv[1]):
    r = json.loads(l)
    assert r.get("lc.truncated") is True, r["log.file.path"]
    lines.setdefault(r["log.file.path"], []).append(r["body"])
assert len(lines) == 20, len(lines)
for path, pieces in lines.items():
    assert "".join(pieces) == "x" * 100000 + "end", (path, len(pieces))
    assert len(pieces) > 1, path' "$T/out"
  python3 -c 'import json, sys
ck = json.load(open(sys.argv[1]))
assert sorted(f["offset"] for f in ck["files"]) == [100004] * 20, ck' "$T/ck"
}

@test "--max-pending-bytes: 100 files each holding a 900 KB partial line, lc-tail's memory stays near the bound, not 90 MB" {
  # tests/run_sanitized.sh allows this skip (tests/allowed_skips_sanitized).
  [ -z "${LCTK_TEST_SANITIZED:-}" ] || skip "under ASan, whose quarantine keeps freed memory: resident memory is not the program's"
  mkdir "$T/l"
  for i in $(seq 1 100); do : >"$T/l/f$i.log"; done
  follow "$T/out" --read-delay 0 --poll 100ms --checkpoint "$T/ck" --max-pending-bytes 4194304 "$T/l/*.log"
  wait_until 10 test -s "$T/ck"
  python3 -c 'import sys
for i in range(1, 101):
    with open(f"{sys.argv[1]}/f{i}.log", "ab") as f: f.write(b"x" * 900000)' "$T/l"
  # Every partial line read (and, unbounded, held) before any ends.
  wait_until 30 has_read "$TAIL_PID" 90000000
  for i in $(seq 1 100); do echo >>"$T/l/f$i.log"; done
  wait_until 30 lines_ended "$T/out" 100 900001
  hwm_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$TAIL_PID/status")
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"
  echo "peak resident memory: $hwm_kb kB"
  # 4 MiB + 100 x 4 KiB held at most, and the program itself: under 48 MB
  # (unbounded it held the 90 MB).
  [ "$hwm_kb" -lt 48000 ]
  [ "$(python3 -c 'import json, sys
print(sum(len(json.loads(l)["body"]) for l in open(sys.argv[1])))' "$T/out")" -eq 90000000 ]
}

# --- record shaping: --parser and --multiline-* (issue 10) ---------------

# strict_json FILE: every line is one JSON object (python's parser, not jq).
strict_json() {
  python3 -c 'import json,sys
for n, l in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    assert isinstance(json.loads(l), dict), n' "$1"
}

@test "--multiline-start joins a Java stack trace into one record whose cursor points past its last line" {
  # A trace in the shape a JVM and Logback print it (recorded, not from a live JVM).
  cp "$LC_ROOT/tests/fixtures/tail/java-stacktrace.log" "$T/app.log"
  touch -d '1 min ago' "$T/app.log"  # quiet: a --once pass ends the last record too
  run --separate-stderr lc-tail --once --from head --checkpoint "$T/ck" --multiline-start '^\d{4}-' "$T/app.log"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  echo "$output" >"$T/out"
  strict_json "$T/out"
  [ "$(lines_in "$T/out")" -eq 3 ]
  sed -n 2,11p "$T/app.log" | head -c -1 >"$T/want"  # the trace without its last newline
  sed -n 2p "$T/out" | jq -j .body | cmp - "$T/want"
  # The cursor of the joined record ends its last line ("... 41 more").
  end=$(sed -n 1,11p "$T/app.log" | wc -c)
  [ "$(sed -n 2p "$T/out" | jq -r '."lc.cursor"' | sed 's/.*://')" -eq "$end" ]
  [ "$(sed -n 3p "$T/out" | jq -r .body)" = "$(sed -n 12p "$T/app.log")" ]
  [ "$(jq '.files[0].offset' "$T/ck")" -eq "$(wc -c <"$T/app.log")" ]
}

@test "--parser json, regex, logfmt, delimiter: fields after body; hostile lines are kept with lc.parse_error; counts on stderr" {
  printf '%s\n' '{"level":"warn","n":3,"ok":true,"ctx":{"a":[1,2]},"time":"t0"}' '' '[1,2]' \
    '{"a":"unterminated}' >"$T/j.log"
  printf 'bad \xff json\n' >>"$T/j.log"
  run --separate-stderr lc-tail --once --from head --parser json "$T/j.log"
  [ "$status" -eq 0 ]
  [ "$stderr" = '{"parsed":1,"parse_failed":4}' ]
  echo "$output" >"$T/out"
  strict_json "$T/out"
  [ "$(sed -n 1p "$T/out" | jq -c '[.body, .level, .n, .ok, .ctx, ._time]')" = '["","warn",3,true,{"a":[1,2]},"t0"]' ]
  [ "$(sed -n 1p "$T/out" | jq -r .time)" != t0 ]  # the record's own time is not overwritten
  [ "$(sed -n 2,5p "$T/out" | jq -r '."lc.parse_error"' | paste -sd,)" = \
    "json: not an object,json: not an object,json: malformed object,json: not valid UTF-8" ]
  [ "$(sed -n 5p "$T/out" | jq -r '."lc.body_base64"' | base64 -d | od -c | grep -c 377)" -eq 1 ]

  printf 'GET /a 200\nnothing here\n' >"$T/r.log"
  run --separate-stderr lc-tail --once --from head --keep-body --parser regex \
    --regex '^(?<method>[A-Z]+) (?<path>\S+) (?<status>\d+)$' "$T/r.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | sed -n 1p | jq -c '[.body, .method, .path, .status]')" = '["GET /a 200","GET","/a","200"]' ]
  [ "$(echo "$output" | sed -n 2p | jq -c '[.body, ."lc.parse_error"]')" = '["nothing here","regex: the line does not match"]' ]

  printf 'level=info msg="a \\"b\\" c" n=1\nx="open\n' >"$T/l.log"
  run --separate-stderr lc-tail --once --from head --parser logfmt "$T/l.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | sed -n 1p | jq -c '[.level, .msg, .n]')" = '["info","a \"b\" c","1"]' ]
  [ "$(echo "$output" | sed -n 2p | jq -r '."lc.parse_error"')" = 'logfmt: unterminated quote after x=' ]

  printf '1;"semi;colon ""q""";z\n2;"open\n' >"$T/d.log"
  run --separate-stderr lc-tail --once --from head --parser delimiter --delimiter ';' --fields id,text,rest "$T/d.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | sed -n 1p | jq -c '[.id, .text, .rest]')" = '["1","semi;colon \"q\"","z"]' ]
  [ "$(echo "$output" | sed -n 2p | jq -r '."lc.parse_error"')" = 'delimiter: unterminated quote in column 2' ]
}

@test "a catastrophic --regex on a 1 MiB line is a parse error, not a hang" {
  { head -c 1048000 /dev/zero | tr '\0' a; echo '!'; echo aaa; } >"$T/a.log"
  run --separate-stderr timeout 60 lc-tail --once --from head --parser regex --regex '^(?<x>(a+)+)$' "$T/a.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | sed -n 1p | jq -r '."lc.parse_error"')" != null ]
  [ "$(echo "$output" | sed -n 2p | jq -r .x)" = aaa ]
  [ "$stderr" = '{"parsed":1,"parse_failed":1}' ]
}

@test "a --regex or --multiline-start that does not compile exits 2 showing the pattern and the offset" {
  printf 'x\n' >"$T/a.log"
  run --separate-stderr lc-tail --once --parser regex --regex 'ab(?<x>c' "$T/a.log"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == "lc-tail: --regex: regex 'ab(?<x>c' does not compile at offset 8: "* ]]
  run --separate-stderr lc-tail --once --multiline-start '(' "$T/a.log"
  [ "$status" -eq 2 ]
  [[ "$stderr" == "lc-tail: --multiline-start: regex '(' does not compile at offset 1: "* ]]
  run --separate-stderr lc-tail --once --parser delimiter "$T/a.log"
  [ "$status" -eq 2 ]
  [ "$stderr" = "lc-tail: --parser delimiter needs --fields a,b,c" ]
}

@test "a bad --nginx-format or --apache-format exits 2 showing the format and the offset, in lc-tail and lc-stdout alike" {
  printf 'x\n' >"$T/a.log"
  run --separate-stderr lc-tail --once --parser nginx --nginx-format '$remote_addr [$time_local] $nope' "$T/a.log"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [ "$stderr" = "lc-tail: --nginx-format: format '\$remote_addr [\$time_local] \$nope' does not compile at offset 27: unknown variable \$nope" ]
  run --separate-stderr lc-tail --once --parser nginx --nginx-format '' "$T/a.log"
  [ "$status" -eq 2 ]
  [ "$stderr" = "lc-tail: --nginx-format: format '' does not compile at offset 0: the format is empty" ]
  run --separate-stderr lc-stdout --parser apache --apache-format '%h%u' --once
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [ "$stderr" = "lc-stdout: --apache-format: format '%h%u' does not compile at offset 2: two variables with no literal between them (remote_addr and remote_user)" ]
  # A line that does not fit is kept whole with the reason.
  printf '%s\n' '127.0.0.1 - - [03/Dec/2026:03:00:00 +0000] "GET / HTTP/1.1" 200' >"$T/a.log"
  run --separate-stderr lc-tail --once --from head --parser nginx "$T/a.log"
  [ "$status" -eq 0 ]
  [ "$stderr" = '{"parsed":0,"parse_failed":1}' ]
  [ "$(echo "$output" | jq -c '[.body, ."lc.parse_error"]')" = \
    '["127.0.0.1 - - [03/Dec/2026:03:00:00 +0000] \"GET / HTTP/1.1\" 200","nginx: expected '"' '"' at byte 63"]' ]
}

@test "--time-key: a custom --time-format in Asia/Shanghai sets time (RFC 3339 UTC); the field stays; a missing or bad value keeps the record with lc.time_error" {
  printf '%s\n' '{"ts":"15/11/2023 06:13:20.250","msg":"a"}' '{"ts":"yesterday","msg":"b"}' '{"msg":"c"}' \
    '{"ts":"29/02/2024 23:59:59,5","msg":"d"}' >"$T/j.log"
  run --separate-stderr lc-tail --once --from head --parser json --time-key ts \
    --time-format '%d/%m/%Y %H:%M:%S' --time-zone Asia/Shanghai "$T/j.log"
  [ "$status" -eq 0 ]
  [ "$stderr" = '{"parsed":4,"parse_failed":0,"time_failed":2}' ]
  echo "$output" >"$T/out"
  strict_json "$T/out"
  [ "$(lines_in "$T/out")" -eq 4 ]
  [ "$(sed -n 1p "$T/out" | jq -c '[.time, .ts, .msg, ."lc.time_error"]')" = \
    '["2023-11-14T22:13:20.250000000Z","15/11/2023 06:13:20.250","a",null]' ]
  [ "$(sed -n 4p "$T/out" | jq -r .time)" = 2024-02-29T15:59:59.500000000Z ]
  # Never dropped: the read time (this year, not 2023) and why.
  [ "$(sed -n 2p "$T/out" | jq -c '[.msg, ."lc.time_error"]')" = '["b","no day 1-31"]' ]
  [ "$(sed -n 3p "$T/out" | jq -c '[.msg, ."lc.time_error"]')" = '["c","no field \"ts\""]' ]
  [ "$(sed -n 2p "$T/out" | jq -r .time | cut -c1-4)" = "$(date -u +%Y)" ]
  [ "$(sed -n 3p "$T/out" | jq -r .time | cut -c1-4)" = "$(date -u +%Y)" ]

  # epoch_ms on a JSON number; rfc3339 with its own offset ignores the zone.
  printf '%s\n' '{"ts":1700000000123}' '{"ts":"2023-11-15T06:13:20.5+08:00"}' >"$T/e.log"
  run --separate-stderr lc-tail --once --from head --parser json --time-key ts --time-format epoch_ms "$T/e.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | sed -n 1p | jq -r .time)" = 2023-11-14T22:13:20.123000000Z ]
  [ "$(echo "$output" | sed -n 2p | jq -r '."lc.time_error"')" = "not a number" ]
  run --separate-stderr lc-tail --once --from head --parser json --time-key ts --time-zone America/New_York "$T/e.log"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | sed -n 2p | jq -r .time)" = 2023-11-14T22:13:20.500000000Z ]
}

@test "--time-key with --parser regex: an nginx-style [time_local] with %z, %b month names" {
  printf '%s\n' '10.0.0.1 - - [15/Nov/2023:06:13:20 +0800] "GET / HTTP/1.1" 200' \
    '10.0.0.2 - - [05/jan/2024:00:00:01 -0500] "GET /x HTTP/1.1" 404' >"$T/a.log"
  run --separate-stderr lc-tail --once --from head --parser regex \
    --regex '^(?<remote_addr>\S+) \S+ \S+ \[(?<time_local>[^\]]+)\] "(?<request>[^"]*)" (?<status>\d+)$' \
    --time-key time_local --time-format '%d/%b/%Y:%H:%M:%S %z' --time-zone Asia/Shanghai "$T/a.log"
  [ "$status" -eq 0 ]
  [ "$stderr" = '{"parsed":2,"parse_failed":0,"time_failed":0}' ]
  echo "$output" >"$T/out"
  strict_json "$T/out"
  [ "$(jq -r .time "$T/out" | paste -sd,)" = "2023-11-14T22:13:20.000000000Z,2024-01-05T05:00:01.000000000Z" ]
  [ "$(sed -n 1p "$T/out" | jq -c '[.time_local, .status]')" = '["15/Nov/2023:06:13:20 +0800","200"]' ]
}

@test "a bad --time-format exits 2 showing the format and the offset; an unknown --time-zone or a time flag without what it needs exits 2" {
  printf '{"ts":"x"}\n' >"$T/a.log"
  run --separate-stderr lc-tail --once --parser json --time-key ts --time-format '%Y-%m-%Q' "$T/a.log"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [ "$stderr" = "lc-tail: --time-format: '%Y-%m-%Q': at offset 6: unknown conversion %Q" ]
  run --separate-stderr lc-tail --once --parser json --time-key ts --time-format '%H:%M %' "$T/a.log"
  [ "$status" -eq 2 ]
  [ "$stderr" = "lc-tail: --time-format: '%H:%M %': at offset 6: '%' at the end (write %% for a '%')" ]
  run --separate-stderr lc-tail --once --parser json --time-key ts --time-zone Mars/Olympus "$T/a.log"
  [ "$status" -eq 2 ]
  [[ "$stderr" == "lc-tail: --time-zone: 'Mars/Olympus': unknown time zone"* ]]
  run --separate-stderr lc-tail --once --parser json --time-zone +08:00 "$T/a.log"
  [ "$status" -eq 2 ]
  [ "$stderr" = "lc-tail: --time-zone: needs --time-key" ]
  run --separate-stderr lc-tail --once --time-key ts "$T/a.log"
  [ "$status" -eq 2 ]
  [[ "$stderr" == "lc-tail: --time-key: needs a --parser"* ]]
}

# Issue 14: a joined record counts in --max-pending-bytes with the partial
# lines (it had a bound of its own, 64 MiB for each set of rules, no flag).
@test "--max-pending-bytes bounds joined multiline records too: past it a record goes out in truncated pieces, joined back byte-exact" {
  python3 -c 'import sys
with open(sys.argv[1], "w") as f:
    f.write("S first\n")
    for i in range(900): f.write("  c%04d%s\n" % (i, "x" * 93))  # under --multiline-max-lines
    f.write("S next\n")' "$T/app.log"
  touch -d '1 min ago' "$T/app.log"  # quiet: a --once pass ends the last record too
  run --separate-stderr lc-tail --once --from head --multiline-start '^S' --max-pending-bytes 65536 "$T/app.log"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  echo "$output" >"$T/out"
  python3 -c 'import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
want = open(sys.argv[2]).read().split("\n")
cut = [r for r in recs if r.get("lc.truncated")]
assert len(cut) >= 2, len(cut)
assert all(len(r["body"]) <= 65536 for r in recs), [len(r["body"]) for r in recs]
assert "\n".join(r["body"] for r in cut) == "\n".join(want[:901]), "pieces do not join to the record"
assert recs[-1]["body"] == "S next" and not recs[-1].get("lc.truncated"), recs[-1]
assert len(recs) == len(cut) + 1, len(recs)' "$T/out" "$T/app.log"
  # Without the flag the default (64 MiB) holds it whole.
  run --separate-stderr lc-tail --once --from head --multiline-start '^S' "$T/app.log"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "${#lines[@]}" -eq 2 ]
}

@test "while following, a held multiline record is emitted whole after --multiline-timeout" {
  : >"$T/a.log"
  follow "$T/out" --from head --multiline-start '^\d{4}-' --multiline-timeout 300ms "$T/a.log"
  wait_until 10 catches "$TAIL_PID" 15
  printf '2026-12-01 ERROR x\n\tat a\n\tat b\n' >>"$T/a.log"
  wait_until 10 count_is "$T/out" 1
  kill -TERM "$TAIL_PID"; wait "$TAIL_PID"
  [ "$(lines_in "$T/out")" -eq 1 ]
  [ "$(jq -r .body "$T/out")" = "$(printf '2026-12-01 ERROR x\n\tat a\n\tat b')" ]
}

@test "kill -9 in the middle of a multiline record, then restart: the record comes out whole, once" {
  printf '2026-12-01 first\n2026-12-01 second\n\tat one\n' >"$T/a.log"
  follow "$T/out1" --from head --checkpoint "$T/ck" --checkpoint-interval 100ms \
    --multiline-start '^\d{4}-' --multiline-timeout 1h "$T/a.log"
  wait_until 10 count_is "$T/out1" 1
  # The checkpoint stops at the held record's first line, never past it.
  held_at=$(head -1 "$T/a.log" | wc -c)
  ck_at() { [ -f "$T/ck" ] && [ "$(jq '.files[0].offset' "$T/ck")" -eq "$held_at" ]; }
  wait_until 10 ck_at
  kill -9 "$TAIL_PID"
  wait "$TAIL_PID" || true
  [ "$(jq -r .body "$T/out1")" = "2026-12-01 first" ]
  printf '\tat two\n2026-12-01 third\n' >>"$T/a.log"
  touch -d '1 min ago' "$T/a.log"
  run --separate-stderr lc-tail --once --checkpoint "$T/ck" --multiline-start '^\d{4}-' "$T/a.log"
  [ "$status" -eq 0 ]
  echo "$output" >"$T/out2"
  strict_json "$T/out2"
  [ "$(jq -r .body "$T/out2" | paste -sd,)" = "$(printf '2026-12-01 second\n\tat one\n\tat two,2026-12-01 third' | paste -sd,)" ]
  [ "$(cat "$T/out1" "$T/out2" | jq -r .body | grep -c second)" -eq 1 ]
}

@test "SIGUSR1 writes the parse counts to stderr while following" {
  printf '{"a":1}\nno\n' >"$T/a.log"
  follow "$T/out" --from head --parser json "$T/a.log"
  wait_until 10 count_is "$T/out" 2
  wait_until 10 catches "$TAIL_PID" 10
  kill -USR1 "$TAIL_PID"
  wait_until 10 grep -q '^{"parsed":1,"parse_failed":1}$' "$T/err"
  kill -TERM "$TAIL_PID"; wait "$TAIL_PID"
  [ "$(grep -c parse_failed "$T/err")" -eq 2 ]  # and once more at exit
}

# nginx_start: a real nginx (Debian's nginx-light) on a free loopback port,
# from a config in $T: its own pid file, error log and temp dirs, one
# process in the foreground (killed at teardown).  Logs combined to
# $T/access.log and a custom format with $request_time and the upstream
# variables to $T/timed.log; /up is proxied to the same server.
nginx_start() {
  command -v nginx >/dev/null || skip "nginx not installed (deps/lc-tail.txt: nginx-light)"
  NGINX_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$T/www" "$T/tmp"
  printf 'hello\n' >"$T/www/index.html"
  cat >"$T/nginx.conf" <<EOF
daemon off;
master_process off;
pid $T/nginx.pid;
error_log $T/error.log;
events { worker_connections 64; }
http {
  client_body_temp_path $T/tmp/body;
  proxy_temp_path $T/tmp/proxy;
  fastcgi_temp_path $T/tmp/fastcgi;
  uwsgi_temp_path $T/tmp/uwsgi;
  scgi_temp_path $T/tmp/scgi;
  log_format timed '\$remote_addr [\$time_local] "\$request" \$status \$bytes_sent rt=\$request_time urt="\$upstream_response_time" us=\$upstream_status ua=\$upstream_addr';
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $T/www;
    access_log $T/access.log;
    access_log $T/timed.log timed;
    location /up { proxy_pass http://127.0.0.1:$NGINX_PORT/index.html; }
  }
}
EOF
  bg nginx -p "$T/" -e "$T/error.log" -c "$T/nginx.conf"
  nginx_up() { curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/index.html"; }
  wait_until 10 nginx_up
}

@test "--parser nginx on the access logs of a real nginx: combined and a custom log_format with \$request_time and upstream fields" {
  nginx_start
  # A user agent with quotes (nginx writes them as \x22), a 404, a POST
  # with a referer, and a proxied request; the first request is nginx_up's.
  curl -sf -o /dev/null -A 'agent "quoted"' "http://127.0.0.1:$NGINX_PORT/index.html?a=1"
  run curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGINX_PORT/missing"
  [ "$status" -eq 0 ]
  [ "$output" = 404 ]
  curl -sf -o /dev/null -e 'http://ref.example/' -d x=1 "http://127.0.0.1:$NGINX_PORT/index.html" || true
  curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/up"
  # The proxied request logs twice (the inner one first): 6 lines in each.
  logged() { [ "$(lines_in "$T/access.log")" -eq 6 ] && [ "$(lines_in "$T/timed.log")" -eq 6 ]; }
  wait_until 10 logged
  run --separate-stderr lc-tail --once --from head --parser nginx "$T/access.log"
  [ "$status" -eq 0 ]
  [ "$stderr" = '{"parsed":6,"parse_failed":0}' ]
  printf '%s\n' "$output" >"$T/out"
  assert_ndjson "$T/out"
  python3 - "$T/out" <<'PY'
import json, re, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert len(recs) == 6, len(recs)
def check(r, want):
    got = {k: v for k, v in r.items() if k in want or not (k in ("time", "body", "host.name") or k.startswith(("lc.", "log.")))}
    tl = got.pop("time_local")
    assert re.fullmatch(r"\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}", tl), tl
    for k, v in want.items():
        assert type(got.get(k)) is type(v) and got.get(k) == v, (k, got.get(k), v, r)
    assert set(got) == set(want), (sorted(got), sorted(want))
    assert r["body"] == "" and "lc.parse_error" not in r, r
def get(uri, status, size, ua, method="GET", proto="HTTP/1.1", **more):
    return dict(remote_addr="127.0.0.1", request="%s %s %s" % (method, uri, proto), request_method=method,
                request_uri=uri, server_protocol=proto, status=status, body_bytes_sent=size, http_user_agent=ua, **more)
curl = [r["http_user_agent"] for r in recs if r["request_uri"] == "/missing"][0]
assert re.fullmatch(r"curl/[0-9.]+", curl), curl
check(recs[0], get("/index.html", 200, 6, curl))
check(recs[1], get("/index.html?a=1", 200, 6, r"agent \x22quoted\x22"))
assert 150 < recs[2]["body_bytes_sent"] < 1000, recs[2]
check(recs[2], get("/missing", 404, recs[2]["body_bytes_sent"], curl))
check(recs[3], get("/index.html", 405, recs[3]["body_bytes_sent"], curl, "POST", http_referer="http://ref.example/"))
check(recs[4], get("/index.html", 200, 6, curl, proto="HTTP/1.0"))  # the proxied request
check(recs[5], get("/up", 200, 6, curl))
PY
  # The custom format: numbers typed, "-" (no upstream) absent.
  run --separate-stderr lc-tail --once --from head --parser nginx --nginx-format \
    '$remote_addr [$time_local] "$request" $status $bytes_sent rt=$request_time urt="$upstream_response_time" us=$upstream_status ua=$upstream_addr' \
    "$T/timed.log"
  [ "$status" -eq 0 ]
  [ "$stderr" = '{"parsed":6,"parse_failed":0}' ]
  printf '%s\n' "$output" >"$T/out"
  assert_ndjson "$T/out"
  python3 - "$T/out" "$NGINX_PORT" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert [r["status"] for r in recs] == [200, 200, 404, 405, 200, 200], recs
for r in recs:
    assert type(r["request_time"]) in (int, float) and 0 <= r["request_time"] < 10, r
    assert type(r["bytes_sent"]) is int and r["bytes_sent"] > 6, r
    assert "lc.parse_error" not in r and "body_bytes_sent" not in r, r
for r in recs[:5]:
    assert not {"upstream_response_time", "upstream_status", "upstream_addr"} & set(r), r
up = recs[5]
assert up["request_uri"] == "/up" and type(up["upstream_response_time"]) in (int, float), up
assert up["upstream_status"] == 200 and up["upstream_addr"] == "127.0.0.1:" + sys.argv[2], up
PY
}

@test "a watch's own parser and multiline (a collection config's, from lc-render) shape its files; others and a refused one read plain" {
  mkdir -p "$T/web" "$T/db" "$T/bad"
  printf '{"level":"warn","msg":"slow"}\nTraceback (most recent call last):\n  File "x", line 1\nValueError: no\n' >"$T/web/a.log"
  printf '{"level":"info"}\n' >"$T/db/a.log"
  printf 'kept whole\n' >"$T/bad/a.log"
  cat >"$T/watches" <<EOF
{"event":"add","key":"web/1","paths":["$T/web/*.log"],"from":"head","parser":{"type":"json"},"multiline":{"start":"^[{T]"}}
{"event":"add","key":"db/1","paths":["$T/db/*.log"],"from":"head"}
{"event":"add","key":"bad/1","paths":["$T/bad/*.log"],"from":"head","parser":{"type":"regex"}}
EOF
  run --separate-stderr lc-tail --once --flush-partial 1ms --watches "$T/watches"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/out"
  assert_ndjson "$T/out"
  python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
recs = [json.loads(l) for l in open(t + "/out")]
by = {}
for r in recs:
    by.setdefault(r["log.file.path"].split("/")[-2], []).append(r)
web = by["web"]
assert len(web) == 2, web
assert web[0]["level"] == "warn" and web[0]["msg"] == "slow" and web[0]["body"] == "", web[0]
assert web[1]["body"] == 'Traceback (most recent call last):\n  File "x", line 1\nValueError: no', web[1]
assert web[1]["lc.parse_error"].startswith("json"), web[1]
assert [r["body"] for r in by["db"]] == ['{"level":"info"}'] and "level" not in by["db"][0], by["db"]
assert [r["body"] for r in by["bad"]] == ["kept whole"] and "lc.parse_error" not in by["bad"][0], by["bad"]
PY
  [[ "$stderr" == *"lc-tail: watch bad/1: parser.type regex needs parser.regex PATTERN; its files are read unparsed"* ]]
  [[ "$stderr" == *'{"parsed":1,"parse_failed":1}'* ]]
}

@test "--metrics-file: files followed, bytes read, and the lag: bytes written and not read yet" {
  printf '1\n2\n' >"$T/a.log"
  # --poll 1s: the directory is listed every 30 s (inotify hears it all),
  # so the lag below is the metrics' own look at the file's size.
  follow "$T/out" --from head --read-delay 30s --poll 1s --metrics-file "$T/m.prom" --metrics-interval 100ms "$T/a.log"
  wait_until 10 count_is "$T/out" 2
  wait_until 10 grep -qx 'lc_tail_read_bytes_total 4' "$T/m.prom"
  grep -qx 'lc_tail_files 1' "$T/m.prom"
  grep -qx 'lc_tail_open_files 1' "$T/m.prom"
  grep -qx 'lc_tail_unread_bytes 0' "$T/m.prom"
  grep -qx '# TYPE lc_tail_read_bytes_total counter' "$T/m.prom"
  [ "$(stat -c %a "$T/m.prom")" = 600 ]
  # Written, and held back by the 30 s read delay: the lag.
  seq 1000 1099 >>"$T/a.log"
  wait_until 10 grep -qx 'lc_tail_unread_bytes 500' "$T/m.prom"
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"
  grep -qx 'lc_tail_unread_bytes 500' "$T/m.prom"
  grep -qx 'lc_tail_read_errors_total 0' "$T/m.prom"
}

# metric NAME FILE: the value of NAME in the Prometheus text FILE.
metric() { awk -v n="$1" '$1 == n { print $2 }' "$2"; }

# Issue 12: inotify makes an event per write per file.  When nearly every
# file had bytes in a read delay, the write watches become one-shot: the
# directory's first write is heard, the rest are not, and every file is
# read at the delay's end (one directory: the watch re-armed before each
# read).  --poll 1h: no listing or stat poll can rescue a write that no read
# took in, so a file not read at a delay's end, or a watch not back after,
# loses the lines (the test times out).
# busy_writer DIR_GLOB: appends a line to each file every 0.05 s until killed.
busy_writer() {
  local n=0 f
  while :; do
    n=$((n + 1))
    for f in $1; do echo "w$n $f" >>"$f"; done
    sleep 0.05
  done
}

@test "busy files: one-shot write watches lose no write, and every write is heard again once the files go quiet" {
  mkdir -p "$T/d"
  for i in $(seq 1 20); do : >"$T/d/f$i.log"; done
  follow "$T/out" --read-delay 300ms --poll 1h --metrics-file "$T/m.prom" --metrics-interval 50ms "$T/d/*.log"
  wait_until 10 grep -qx 'lc_tail_files 20' "$T/m.prom"
  grep -qx 'lc_tail_one_shot_write_watches 0' "$T/m.prom"
  busy_writer "$T/d/*.log" &
  local writer=$!
  wait_until 10 grep -qx 'lc_tail_one_shot_write_watches 1' "$T/m.prom"
  grep -qx 'lc_tail_timed_reads 0' "$T/m.prom"  # one directory: re-armed at each read
  # A while busy: every file read at each delay's end, so the mode holds.
  local lines; lines=$(lines_in "$T/out")
  wait_until 10 count_is "$T/out" $((lines + 200))
  grep -qx 'lc_tail_write_mode_changes_total 1' "$T/m.prom"
  kill "$writer"
  wait "$writer" || true
  local written; written=$(cat "$T"/d/*.log | wc -l)
  [ "$written" -ge 40 ]
  wait_until 10 count_is "$T/out" "$written"
  # One file of twenty busy: the read after it leaves the mode, and every
  # write is heard again.
  echo "late f1" >>"$T/d/f1.log"
  wait_until 10 count_is "$T/out" $((written + 1))
  wait_until 10 grep -qx 'lc_tail_one_shot_write_watches 0' "$T/m.prom"
  echo "late f2" >>"$T/d/f2.log"
  wait_until 10 count_is "$T/out" $((written + 2))
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"
  [ ! -s "$T/err" ]
  assert_ndjson "$T/out"
  set -o pipefail
  [ "$(jq -r .body "$T/out" | sort -u | wc -l)" -eq $((written + 2)) ]
}

# Regression: a write that came between re-arming a one-shot watch and
# reading inotify's queue fired the watch again, and that read consumed its
# event: nothing re-armed it, and a busy directory went unheard until the
# next listing (30 polls: bench/node.sh saw lc-tail idle for 20 s).  Here
# a writer keeps the files busy without pause, as on a node.
@test "regression: busy files written without pause under one-shot watches are all read, none waits for a listing" {
  mkdir -p "$T/d"
  for i in $(seq 1 20); do : >"$T/d/f$i.log"; done
  follow "$T/out" --read-delay 100ms --poll 1h --metrics-file "$T/m.prom" --metrics-interval 50ms "$T/d/*.log"
  wait_until 10 grep -qx 'lc_tail_files 20' "$T/m.prom"
  # A writer for 1.5 s: every file in turn, a line each, without pause.
  python3 - "$T/d" >"$T/written" <<'EOF'
import os, sys, time
fds = [os.open(os.path.join(sys.argv[1], "f%d.log" % i), os.O_WRONLY | os.O_APPEND) for i in range(1, 21)]
n, end = 0, time.monotonic() + 1.5
while time.monotonic() < end:
    for fd in fds:
        n += 1
        os.write(fd, b"w%d\n" % n)
print(n)
EOF
  written=$(cat "$T/written")
  [ "$written" -gt 2000 ]
  # A stalled watch never catches up (--poll 1h); 60 s is for a slow build (asan).
  wait_until 60 count_is "$T/out" "$written"
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"
  [ ! -s "$T/err" ]
  assert_ndjson "$T/out"
  set -o pipefail
  [ "$(jq -r .body "$T/out" | sort -u | wc -l)" -eq "$written" ]
}

# Regression: with one file per directory (a container's log, as kubelet
# and Docker lay them out), re-arming a one-shot watch per directory per
# read delay cost more than the events it spared (bench/agent.sh, 100
# containers: lc-tail 1.37% of a core instead of 0.77%).  Timed reads
# re-arm nothing: busy files are read once per delay on a timer.  Here 20
# directories of one file, --poll 1h: a file not read at a delay's end
# loses its lines (the test times out).
@test "regression: timed reads of 20 directories of one file lose nothing, and every write is heard again once they go quiet" {
  for i in $(seq 1 20); do mkdir "$T/d$i"; : >"$T/d$i/a.log"; done
  follow "$T/out" --read-delay 300ms --poll 1h --metrics-file "$T/m.prom" --metrics-interval 50ms "$T/d*/a.log"
  wait_until 10 grep -qx 'lc_tail_files 20' "$T/m.prom"
  busy_writer "$T/d*/a.log" &
  local writer=$!
  wait_until 10 grep -qx 'lc_tail_timed_reads 1' "$T/m.prom"
  grep -qx 'lc_tail_one_shot_write_watches 1' "$T/m.prom"
  # A while in timed reads: every file read at each delay's end, so the
  # mode holds (a file left unread makes the next read find little, and
  # the mode flaps).
  local lines; lines=$(lines_in "$T/out")
  wait_until 10 count_is "$T/out" $((lines + 200))
  grep -qx 'lc_tail_write_mode_changes_total 1' "$T/m.prom"
  grep -qx 'lc_tail_timed_reads 1' "$T/m.prom"
  kill "$writer"
  wait "$writer" || true
  local written; written=$(cat "$T"/d*/a.log | wc -l)
  wait_until 10 count_is "$T/out" "$written"
  wait_until 10 grep -qx 'lc_tail_one_shot_write_watches 0' "$T/m.prom"
  echo "late d2" >>"$T/d2/a.log"
  wait_until 10 count_is "$T/out" $((written + 1))
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"
  [ ! -s "$T/err" ]
  assert_ndjson "$T/out"
  set -o pipefail
  [ "$(jq -r .body "$T/out" | sort -u | wc -l)" -eq $((written + 1)) ]
}

@test "regression: an idle lc-tail listed every directory at every poll; while inotify watches them all it lists them once every 30 polls, and still finds a new file at once" {
  mkdir -p "$T/d"
  printf '1\n' >"$T/d/a.log"
  follow "$T/out" --from head --poll 50ms --metrics-file "$T/m.prom" --metrics-interval 50ms "$T/d/*.log"
  wait_until 10 count_is "$T/out" 1
  wait_until 10 grep -qx 'lc_tail_files 1' "$T/m.prom"
  before=$(metric lc_tail_listings_total "$T/m.prom")
  [ -n "$before" ]
  # 40 polls of 50 ms pass (time itself is what is tested: no event to await).
  # Listing at every poll made that about 40 listings; now one or two.
  sleep 2
  printf '2\n' >>"$T/d/a.log"
  wait_until 10 count_is "$T/out" 2
  after=$(metric lc_tail_listings_total "$T/m.prom")
  [ "$((after - before))" -le 3 ]
  # A new file is found by inotify, not by the poll.
  printf 'new\n' >"$T/d/b.log"
  wait_until 10 grep -q '"new"' "$T/out"
  listed_since() { [ "$(metric lc_tail_listings_total "$T/m.prom")" -gt "$1" ]; }
  wait_until 10 listed_since "$after"
  kill -TERM "$TAIL_PID"
  wait "$TAIL_PID"
  [ ! -s "$T/err" ]
  assert_ndjson "$T/out"
}

# ---- issue 14: --rate-limit ----

# ms_since NS: milliseconds since NS (date +%s%N).
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# numbered FILE PREFIX N: N lines "PREFIX 000001 xxx..." of 100 bytes each
# (a one-character PREFIX).
numbered() { seq -f "$2 %06g $(printf 'x%.0s' $(seq 1 90))" 1 "$3" >"$1"; }

# At 100KB/s a second's worth goes at once, the other 200 KB of 300 KB take
# 2 s at least (a lower bound only: how fast it is otherwise is the
# machine's business).  Every line arrives once, in order.
@test "--rate-limit: --once reads 300 KB at 100KB/s in 2 s at least, every line once and in order" {
  numbered "$T/a.log" a 3000
  t0=$(date +%s%N)
  run --separate-stderr lc-tail --once --from head --rate-limit 100KB/s "$T/a.log"
  took=$(ms_since "$t0")
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "$(echo "$output" | jq -r .body)" = "$(cat "$T/a.log")" ]
  [ "$took" -ge 1800 ] || { echo "took ${took} ms"; false; }
}

# The budget is shared by the files of the process, and each still has its
# turn: the first half of the records holds about as many of each file (a
# turn cut short by the budget is taken up where it stopped; begun at the
# first file again, that file would take every read once the first
# second's burst is spent, and the other wait for its end).
@test "--rate-limit: the budget is over all files, and every file has its turn" {
  numbered "$T/a.log" a 2000
  numbered "$T/b.log" b 2000
  t0=$(date +%s%N)
  run --separate-stderr lc-tail --once --from head --rate-limit 100KiB/s "$T/a.log" "$T/b.log"
  took=$(ms_since "$t0")
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "$(echo "$output" | jq -r 'select(."log.file.path" | endswith("a.log")) | .body')" = "$(cat "$T/a.log")" ]
  [ "$(echo "$output" | jq -r 'select(."log.file.path" | endswith("b.log")) | .body')" = "$(cat "$T/b.log")" ]
  # 400 KB at 100 KiB/s, a second's worth at once: 2.9 s at least.
  [ "$took" -ge 2700 ] || { echo "took ${took} ms"; false; }
  half=$(sed -n 1,2000p <<<"$output" | jq -r .body | cut -c1 | sort | uniq -c | awk '{ print $2 "=" $1 }' | paste -sd' ')
  [[ "$half" =~ ^a=([0-9]+)\ b=([0-9]+)$ ]] || { echo "first half: $half"; false; }
  [ "${BASH_REMATCH[1]}" -ge 800 ] && [ "${BASH_REMATCH[2]}" -ge 800 ] || { echo "first half: $half"; false; }
}

# SIGTERM while a --once pass waits for its budget ends it (exit 0) with
# the checkpoint at what was read; the next run reads the rest: every line
# once, in order, and no partial line cut in two.
@test "--rate-limit: SIGTERM during a throttled --once saves what was read; the next run reads the rest once" {
  numbered "$T/a.log" a 3000
  bg lc-tail --once --from head --checkpoint "$T/ck" --rate-limit 20KB/s "$T/a.log" >"$T/out1" 2>"$T/err"
  pid=$BG_PID
  wait_until 10 count_is "$T/out1" 100
  wait_until 10 catches "$pid" 15
  kill -TERM "$pid"
  st=0; wait "$pid" || st=$?
  [ "$st" -eq 0 ]
  [ ! -s "$T/err" ]
  # 300 KB at 20 KB/s is 14 s at least: the signal ended it, not the end.
  [ "$(lines_in "$T/out1")" -lt 3000 ]
  run --separate-stderr lc-tail --once --checkpoint "$T/ck" "$T/a.log"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "$( (jq -r .body "$T/out1"; echo "$output" | jq -r .body) )" = "$(cat "$T/a.log")" ]
}

# Following: lines appended while the budget is spent arrive once, in
# order, a little later; nothing is skipped.
@test "--rate-limit while following: a burst written at once arrives whole and in order" {
  follow "$T/out" --from head --rate-limit 200KB/s "$T/a.log"
  wait_until 10 catches "$TAIL_PID" 15
  numbered "$T/a.log" a 5000
  wait_until 30 count_is "$T/out" 5000
  kill -TERM "$TAIL_PID"
  st=0; wait "$TAIL_PID" || st=$?
  [ "$st" -eq 0 ]
  [ "$(bodies "$T/out")" = "$(cat "$T/a.log")" ]
}

@test "a bad --rate-limit exits 2 saying what a rate is" {
  printf 'x\n' >"$T/a.log"
  run --separate-stderr lc-tail --once --rate-limit fast "$T/a.log"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == "lc-tail: --rate-limit: invalid rate 'fast': not a number (want bytes per second, e.g. 10MB/s, 512KiB/s"* ]]
  run --separate-stderr lc-tail --once --rate-limit 10XB/s "$T/a.log"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == "lc-tail: --rate-limit: invalid rate '10XB/s': unknown unit 'XB'"* ]]
  run --separate-stderr lc-tail --once --from head --rate-limit 0 "$T/a.log"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "$(echo "$output" | bodies)" = x ]
}

# A line longer than a rate-limited read (4 KiB at 8KB/s) waits for the
# budget between its pieces, longer than --flush-partial: it is not idle
# (its bytes are there), so it comes out whole, never flushed cut.
@test "--rate-limit while following: a line whose bytes wait for the budget is not flushed cut as a partial line" {
  follow "$T/out" --from head --rate-limit 8KB/s --flush-partial 200ms "$T/a.log"
  wait_until 10 catches "$TAIL_PID" 15
  x=$(printf 'x%.0s' $(seq 1 5990))
  for i in 1 2 3 4 5; do echo "line$i $x"; done >"$T/a.log"
  wait_until 30 count_is "$T/out" 5
  kill -TERM "$TAIL_PID"
  st=0; wait "$TAIL_PID" || st=$?
  [ "$st" -eq 0 ]
  [ "$(bodies "$T/out")" = "$(cat "$T/a.log")" ]
}

# utf8_original FILE: a UTF-8 log with Chinese text, a backslash and 乗
# (81 5C in GBK: a trail byte that is '\' in ASCII).
utf8_original() {
  printf '%s\n' 'plain ascii line' '你好，世界 2026-12-03' 'path C:\logs\乗 and "quotes"' '' 'tab	end' >"$1"
}

@test "--encoding gbk and utf-16 (LE with a BOM) give the bodies of the UTF-8 original; cursors are source offsets" {
  utf8_original "$T/u8.log"
  iconv -f UTF-8 -t GBK "$T/u8.log" >"$T/gbk.log"
  { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$T/u8.log"; } >"$T/u16.log"
  run --separate-stderr lc-tail --once --from head "$T/u8.log"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/u8.out"
  assert_ndjson "$T/u8.out"
  [ "$(wc -l <"$T/u8.out")" -eq 5 ]
  for enc in gbk:gbk GB18030:gbk utf-16:u16 utf-16le:u16; do
    run --separate-stderr lc-tail --once --from head --encoding "${enc%%:*}" "$T/${enc#*:}.log"
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    printf '%s\n' "$output" >"$T/out"
    assert_ndjson "$T/out"
    [ "$(bodies "$T/out")" = "$(bodies "$T/u8.out")" ]
  done
  # The last cursor is the source file's size: the BOM and every UTF-16 unit counted.
  [ "$(tail -n 1 "$T/out" | jq -r '."lc.cursor"' | sed 's/.*://')" -eq "$(wc -c <"$T/u16.log")" ]
  [ "$(head -n 1 "$T/out" | jq -r '."lc.cursor"' | sed 's/.*://')" -eq $((2 + 2 * 17)) ]
}

@test "--encoding gbk: a checkpoint and a restart after more GBK lines give each line once" {
  printf '第一行\n第二行\n' | iconv -f UTF-8 -t GBK >"$T/app.log"
  run --separate-stderr lc-tail --once --from head --encoding gbk --checkpoint "$T/ck" "$T/app.log"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/out1"
  [ "$(jq '.files[0].offset' "$T/ck")" -eq "$(wc -c <"$T/app.log")" ]
  # More lines, the last one cut inside a character (its trail byte not written yet).
  printf '第三行\n乗四\n第五' | iconv -f UTF-8 -t GBK >>"$T/app.log"
  printf '\xd0' >>"$T/app.log"
  full=$(wc -c <"$T/app.log")
  run --separate-stderr lc-tail --once --from head --encoding gbk --flush-partial 1h --checkpoint "$T/ck" "$T/app.log"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/out2"
  # The unfinished line waits: the checkpoint stops before it, not inside a character.
  [ "$(jq '.files[0].offset' "$T/ck")" -eq $((full - 5)) ]
  printf '\xd0\n' >>"$T/app.log"  # 行 is D0 D0: its second byte, and the newline
  run --separate-stderr lc-tail --once --from head --encoding gbk --checkpoint "$T/ck" "$T/app.log"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/out3"
  cat "$T/out1" "$T/out2" "$T/out3" >"$T/all"
  assert_ndjson "$T/all"
  [ "$(bodies "$T/all" | paste -sd,)" = "第一行,第二行,第三行,乗四,第五行" ]
  [ "$(jq '.files[0].offset' "$T/ck")" -eq "$(wc -c <"$T/app.log")" ]
}

@test "--encoding: invalid bytes become U+FFFD, the records are valid JSON; an unknown encoding exits 2 naming flag and value" {
  printf 'ok \xc4\xe3\n\xff\xff bad\ncut \xc4\nlast\n' >"$T/bad.log"
  run --separate-stderr lc-tail --once --from head --encoding gbk "$T/bad.log"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/out"
  assert_ndjson "$T/out"
  [ "$(bodies "$T/out" | paste -sd,)" = "ok 你,�� bad,cut �,last" ]
  [ "$(jq -r '."lc.body_base64"' "$T/out" | sort -u)" = null ]
  run --separate-stderr lc-tail --once --encoding foo "$T/bad.log"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [ "$stderr" = 'lc-tail: --encoding: unknown encoding "foo"' ]
}

@test "a watch's parser.encoding decodes its files; another watch's stay as they are" {
  mkdir -p "$T/cn" "$T/en"
  printf '你好\n' | iconv -f UTF-8 -t GBK >"$T/cn/a.log"
  printf 'caf\xc3\xa9\n' >"$T/en/a.log"
  cat >"$T/watches" <<EOF
{"event":"add","key":"cn/1","paths":["$T/cn/*.log"],"from":"head","parser":{"type":"none","encoding":"gbk"}}
{"event":"add","key":"en/1","paths":["$T/en/*.log"],"from":"head"}
EOF
  run --separate-stderr lc-tail --once --watches "$T/watches"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/out"
  assert_ndjson "$T/out"
  [ "$(bodies "$T/out" | sort | paste -sd,)" = "café,你好" ]
}
