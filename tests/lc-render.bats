#!/usr/bin/env bats
# lc-render against a real Docker engine (the suite's shared dockerd): real
# containers, real overlay2 upper and merged directories, real bind mounts
# and named volumes, read by the real lc-discover and lc-tail.  Every
# container is labelled lcr.suite so teardown removes exactly ours.
#
# Files are written inside containers with `docker exec`, so each test
# knows when they are there (no sleeping).  The symlink tests plant a
# unique secret in a host file and check that it appears in no output.

bats_require_minimum_version 1.5.0
load helpers
eval "helpers_$(declare -f teardown)"

setup_file() {
  docker_start
  docker_test_image
  export LCR_SUITE="lcr-$$"
  # An image with files of its own: /var/log/image.log only in the image.
  local r
  r="$(mktemp -d)"
  mkdir -p "$r/bin" "$r/tmp" "$r/var/log" "$r/etc"
  cp /bin/busybox "$r/bin/"
  for c in sh echo sleep cat ln mkdir rm mv; do ln -s busybox "$r/bin/$c"; done
  printf 'from the image\nline two\n' >"$r/var/log/image.log"
  printf 'the container own file\n' >"$r/etc/own.log"
  tar -C "$r" -c . | docker import - lc-test/render-img >/dev/null
  rm -rf "$r"
}

teardown() {
  docker_rm_where "label=lcr.test=$LCR_SUITE-$BATS_TEST_NUMBER"
  docker volume ls -q --filter "label=lcr.suite=$LCR_SUITE" | xargs -r docker volume rm -f >/dev/null 2>&1 || true
  helpers_teardown
}

teardown_file() {
  docker_rm_where "label=lcr.suite=$LCR_SUITE"
  docker rmi lc-test/render-img >/dev/null 2>&1 || true
  docker_stop
}

lbl() { echo "--label lcr.suite=$LCR_SUITE --label lcr.test=$LCR_SUITE-$BATS_TEST_NUMBER"; }
# drun NAME [docker run flags...] IMAGE CMD...: a detached container of this test; prints its id.
drun() {
  local name="lcr-$BATS_TEST_NUMBER-$1-$$"; shift
  # shellcheck disable=SC2046
  docker run -d --network none --name "$name" $(lbl) "$@"
}
mine() { echo "--include-label lcr.test=$LCR_SUITE-$BATS_TEST_NUMBER"; }
# conf NAME JSON: writes $T/conf.d/NAME.json.
conf() { mkdir -p "$T/conf.d"; printf '%s\n' "$2" >"$T/conf.d/$1.json"; }
# cfile NAME PATHS-JSON [CONTAINERS-JSON]: a container_file config.
cfile() { conf "$1" "{\"name\":\"$1\",\"input\":{\"type\":\"container_file\",\"paths\":$2,\"containers\":${3:-{\}}},\"from\":\"head\"}"; }
# cx CONTAINER SCRIPT: runs SCRIPT in the container.
cx() { docker exec "$1" sh -c "$2"; }
bodies() { jq -r .body "$@"; }
# strict JSON, one object a line.
valid_ndjson() { python3 -c 'import json,sys
for l in open(sys.argv[1]): json.loads(l)' "$1"; }

# collect: lc-discover --once | lc-render --once | lc-tail --once --from head,
# each stage checked; leaves $T/events, $T/watches, $T/out, $T/render.err,
# $T/tail.err.
collect() {
  run --separate-stderr lc-discover --once $(mine)
  [ "$status" -eq 0 ] || { echo "discover: $stderr"; return 1; }
  printf '%s\n' "$output" >"$T/events"
  run --separate-stderr lc-render --once --config-dir "$T/conf.d" <"$T/events"
  [ "$status" -eq 0 ] || { echo "render: $status $stderr"; return 1; }
  printf '%s\n' "$output" >"$T/watches"
  printf '%s' "$stderr" >"$T/render.err"
  valid_ndjson "$T/watches" || { echo "render wrote bad JSON"; cat "$T/watches"; return 1; }
  TAIL_STATUS=0
  lc-tail --once --from head --watches "$T/watches" "$@" >"$T/out" 2>"$T/tail.err" || TAIL_STATUS=$?
  valid_ndjson "$T/out" || { echo "lc-tail wrote bad JSON"; cat "$T/out"; return 1; }
}

# --- usage and configs ------------------------------------------------------

@test "--help and --version exit 0 on stdout" {
  run --separate-stderr lc-render --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"--config-dir"* ]]
  [ -z "$stderr" ]
  run --separate-stderr lc-render --version
  [ "$status" -eq 0 ]
  [[ "$output" == "lc "* ]]
}

@test "every option in --help is in the man page and in both completions" {
  run options_documented lc-render
  [ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "config errors exit 2 and name the file and the field" {
  mkdir -p "$T/conf.d"
  run --separate-stderr lc-render --once </dev/null
  [ "$status" -eq 2 ]; [[ "$stderr" == *"--config-dir or --config is required"* ]]
  run --separate-stderr lc-render --once --config-dir "$T/conf.d" </dev/null
  [ "$status" -eq 2 ]; [ -z "$output" ]; [ "$stderr" = "lc-render: $T/conf.d: no *.json config" ]
  conf web '{"name":"web","input":{"type":"container_file","paths":["/var/log/a.log","var/log/b.log"]}}'
  run --separate-stderr lc-render --once --config-dir "$T/conf.d" </dev/null
  [ "$status" -eq 2 ]; [ -z "$output" ]
  [ "$stderr" = "lc-render: $T/conf.d/web.json: input.paths[1]: not absolute" ]
  conf web '{"name":"web","input":{"type":"container_file","paths":["/a"]},"colour":"red"}'
  run --separate-stderr lc-render --once --config-dir "$T/conf.d" </dev/null
  [ "$status" -eq 2 ]; [ "$stderr" = "lc-render: $T/conf.d/web.json: colour: unknown field" ]
  conf web '{"name":"web","input":{"type":"container_file","paths":["/a"],"containers":{"k8s_namespace":["^prod-(.*$"]}}}'
  run --separate-stderr lc-render --once --config-dir "$T/conf.d" </dev/null
  [ "$status" -eq 2 ]; [[ "$stderr" == "lc-render: $T/conf.d/web.json: input.containers.k8s_namespace[0]: "* ]]
  conf web '{"name":"web","input":{"type":"container_file","paths":["/a"]}}'
  conf web2 '{"name":"web","input":{"type":"container_file","paths":["/b"]}}'
  run --separate-stderr lc-render --once --config-dir "$T/conf.d" </dev/null
  [ "$status" -eq 2 ]
  [ "$stderr" = "lc-render: $T/conf.d/web2.json: name: 'web' is already the name of $T/conf.d/web.json" ]
  rm "$T/conf.d/web2.json"
  printf '{"name":' >"$T/broken.json"
  run --separate-stderr lc-render --once --config-dir "$T/conf.d" --config "$T/broken.json" </dev/null
  [ "$status" -eq 2 ]; [[ "$stderr" == "lc-render: $T/broken.json: not JSON"* ]]
  run --separate-stderr lc-render --once --config "$T/missing.json" </dev/null
  [ "$status" -eq 2 ]; [[ "$stderr" == *"$T/missing.json"* ]]
}

@test "a malformed event is reported with its line and the rest is rendered" {
  cfile all '["/var/log/*.log"]'
  printf '%s\n' 'not json' '{"event":"upsert","id":"abc","name":"n","image":"i","state":"running","upperdir":"/u"}' \
    '{"event":"sync","ids":["abc"]}' >"$T/events"
  run --separate-stderr lc-render --once --config-dir "$T/conf.d" <"$T/events"
  [ "$status" -eq 0 ]
  [[ "$stderr" == "lc-render: stdin: line 1: "* ]]
  [ "${#lines[@]}" -eq 2 ]
  [ "$(echo "${lines[0]}" | jq -c '[.event,.key,.paths,.root]')" = '["add","all/abc",["/u/var/log/*.log"],"/u"]' ]
  [ "${lines[1]}" = '{"event":"sync","keys":["all/abc"]}' ]
}

# libcurl is loaded at its first call (common/base/lazy_curl.h), not at start:
# it brings ~30 libraries whose loading was a fifth of a --once render.
@test "rendering loads no libcurl; --container, which asks the engine over HTTP, loads it at its first request" {
  cfile all '["/var/log/*.log"]'
  printf '%s\n' '{"event":"upsert","id":"abc","name":"n","image":"i","state":"running","upperdir":"/u"}' >"$T/events"
  run --separate-stderr env LD_DEBUG=libs lc-render --once --config-dir "$T/conf.d" <"$T/events"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r .key)" = all/abc ]
  [[ "$stderr" == *"find library=libstdc++"* ]]  # the loader's trace is there
  [[ "$stderr" != *libcurl* ]]
  run --separate-stderr env LD_DEBUG=libs lc-render --container x --docker-host "unix://$T/no.sock" /x
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"find library=libcurl.so.4"* ]]
  [[ "$stderr" == *"lc-render: --container x: cannot connect: No such file or directory"* ]]
}

@test "--metrics-file: containers, watches, events, bad events, adds and removes; written while streaming and at exit" {
  cfile all '["/var/log/*.log"]'
  up() { printf '{"event":"upsert","id":"%s","name":"%s","image":"i","state":"running","upperdir":"/u/%s"}\n' "$1" "$1" "$1"; }
  { echo 'not json'; up abc; up def; echo '{"event":"sync","ids":["abc","def"]}'; } >"$T/events"
  run --separate-stderr lc-render --once --config-dir "$T/conf.d" --metrics-file "$T/once.prom" <"$T/events"
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 3 ]
  [[ "$stderr" == "lc-render: stdin: line 1: "* ]]
  assert_prom "$T/once.prom"
  for kv in "containers 2" "watches 2" "events_total 3" "bad_events_total 1" "watch_adds_total 2" "watch_removes_total 0"; do
    prom_is "$T/once.prom" "lc_render_${kv% *}" "${kv#* }" || { echo "$kv"; cat "$T/once.prom"; false; }
  done
  # Streaming: rewritten as it changes, while lc-render waits for events.
  mkfifo "$T/in"
  exec 8<>"$T/in"  # read-write: opening it does not wait for the other end (fd 3 is bats')
  # (sh -c: the stdin of a background command that has no redirection of
  # its own is /dev/null, and bg's "$@" & has none)
  bg sh -c "exec lc-render --config-dir '$T/conf.d' --metrics-file '$T/s.prom' --metrics-interval 100ms <'$T/in' >'$T/out' 2>'$T/err'"
  up abc >&8; up def >&8
  wait_until 10 prom_is "$T/s.prom" lc_render_watches 2
  echo '{"event":"remove","id":"def"}' >&8
  wait_until 10 prom_is "$T/s.prom" lc_render_watches 1
  prom_is "$T/s.prom" lc_render_watch_removes_total 1
  exec 8>&-
  [ ! -s "$T/err" ]
}

# --- mapping ------------------------------------------------------------------

@test "a bind mount and a named volume: each file is read from the mount's source" {
  mkdir -p "$T/h"
  docker volume create --label "lcr.suite=$LCR_SUITE" "lcr-vol-$$" >/dev/null
  id=$(drun web -v "$T/h":/var/log/app -v "lcr-vol-$$":/var/log/vol --label app=web lc-test/busybox sleep 600)
  cx "$id" 'echo bind-line >>/var/log/app/a.log; echo volume-line >>/var/log/vol/v.log'
  cfile web '["/var/log/app/*.log","/var/log/vol/*.log"]' '{"include_label":["app=web"]}'
  collect
  [ "$TAIL_STATUS" -eq 0 ]
  [ ! -s "$T/render.err" ]
  vol_src=$(docker volume inspect -f '{{.Mountpoint}}' "lcr-vol-$$")
  jq -r 'select(.event=="add").paths[]' "$T/watches" | sort >"$T/paths"
  printf '%s\n' "$T/h/*.log" "$vol_src/*.log" | sort | diff - "$T/paths"
  [ "$(bodies "$T/out" | sort | paste -sd,)" = "bind-line,volume-line" ]
  jq -r '."log.file.path"' "$T/out" | sort >"$T/files"
  printf '%s\n' "$T/h/a.log" "$vol_src/v.log" | sort | diff - "$T/files"
  jq -e --arg id "$id" --arg n "lcr-$BATS_TEST_NUMBER-web-$$" \
    '."container.id" == $id and ."container.name" == $n and ."container.image.name" == "lc-test/busybox"
     and ."lc.config" == "web"' "$T/out"
}

@test "nested mounts: the longest prefix wins and what it hides is not read" {
  mkdir -p "$T/outer/app" "$T/inner"
  printf 'hidden under the inner mount\n' >"$T/outer/app/hidden.log"
  id=$(drun web -v "$T/outer":/var/log -v "$T/inner":/var/log/app lc-test/busybox sleep 600)
  cx "$id" 'echo outer-line >>/var/log/o.log; echo inner-line >>/var/log/app/i.log'
  cfile web '["/var/log/**/*.log"]'
  collect
  [ "$TAIL_STATUS" -eq 0 ]
  [ "$(bodies "$T/out" | sort | paste -sd,)" = "inner-line,outer-line" ]
  [ "$(jq -r '."log.file.path"' "$T/out" | sort | paste -sd,)" = "$T/inner/i.log,$T/outer/o.log" ]
}

@test "a file the container wrote is read from its upper dir, a **-glob finds it deep" {
  id=$(drun web lc-test/busybox sleep 600)
  cx "$id" 'busybox mkdir -p /srv/a/b/c && echo deep-line >>/srv/a/b/c/deep.log && echo top >>/srv/top.log'
  upper=$(docker inspect -f '{{.GraphDriver.Data.UpperDir}}' "$id")
  cfile deep '["/srv/**/*.log"]'
  collect
  [ "$TAIL_STATUS" -eq 0 ]
  [ "$(jq -r .root "$T/watches" | head -1)" = "$upper" ]
  [ "$(jq -r '."log.file.path"' "$T/out" | sort | paste -sd,)" = "$upper/srv/a/b/c/deep.log,$upper/srv/top.log" ]
  [ "$(bodies "$T/out" | sort | paste -sd,)" = "deep-line,top" ]
}

@test "a file only in the image is read from its image layer, never through the merged dir; a copy the container wrote, from the upper dir" {
  id=$(drun img lc-test/render-img sleep 600)
  layer=""
  for d in $(docker inspect -f '{{.GraphDriver.Data.LowerDir}}' "$id" | tr ':' ' '); do
    [ -f "$d/var/log/image.log" ] && { layer=$d; break; }
  done
  [ -n "$layer" ]
  cfile img '["/var/log/image.log"]'
  collect
  [ "$TAIL_STATUS" -eq 0 ]
  [ "$(jq -c .lowerdirs "$T/events" | head -1)" = "$(docker inspect -f '{{json .GraphDriver.Data.LowerDir}}' "$id" | jq -c 'split(":")')" ]
  [ "$(bodies "$T/out" | paste -sd,)" = "from the image,line two" ]
  [ "$(jq -r '."log.file.path"' "$T/out" | sort -u)" = "$layer/var/log/image.log" ]
  # Following it holds no descriptor under the merged dir: the container is removed while lc-tail runs.
  merged=$(docker inspect -f '{{.GraphDriver.Data.MergedDir}}' "$id")
  lc-tail --from head --watches "$T/watches" >"$T/follow" 2>"$T/follow.err" &
  tailpid=$!
  wait_until 10 test -s "$T/follow"
  run sh -c "ls -l /proc/$tailpid/fd | grep -F \"$merged\""
  [ "$status" -eq 1 ] || { echo "held under the merged dir: $output"; kill "$tailpid"; return 1; }
  run timeout 60 docker rm -f "$id"
  kill "$tailpid"; wait "$tailpid" || true
  [ "$status" -eq 0 ]
  # Once the container appends to it, its own copy (copied up) is the one read.
  id=$(drun img lc-test/render-img sleep 600)
  cx "$id" 'echo mine >>/var/log/image.log'
  upper=$(docker inspect -f '{{.GraphDriver.Data.UpperDir}}' "$id")
  collect
  [ "$TAIL_STATUS" -eq 0 ]
  [ "$(jq -r '."log.file.path"' "$T/out" | sort -u)" = "$upper/var/log/image.log" ]
  [ "$(bodies "$T/out" | paste -sd,)" = "from the image,line two,mine" ]
}

@test "a tmpfs is said once on stderr and skipped, also one of docker run --tmpfs (not in the engine's Mounts)" {
  id=$(drun web --mount type=tmpfs,destination=/var/log/tmp --tmpfs /var/log/run lc-test/busybox sleep 600)
  cx "$id" 'echo in-tmpfs >>/var/log/tmp/t.log; echo in-run >>/var/log/run/r.log; echo up >>/var/log/u.log'
  cfile web '["/var/log/tmp/*.log","/var/log/run/*.log","/var/log/*.log"]'
  collect
  [ "$TAIL_STATUS" -eq 0 ]
  [ "$(bodies "$T/out")" = up ]
  [ "$(grep -c 'tmpfs at /var/log/tmp' "$T/render.err")" -eq 1 ]
  [ "$(grep -c 'tmpfs at /var/log/run' "$T/render.err")" -eq 1 ]
  [ "$(jq -c '[.mounts[] | select(.destination == "/var/log/run")]' "$T/events" | head -1)" = '[{"destination":"/var/log/run","rw":true,"source":""}]' ]
}

@test "a log directory the container creates after start is followed" {
  id=$(drun web lc-test/busybox sleep 600)
  cfile late '["/var/log/late/*.log"]'
  lc-discover --once $(mine) >"$T/events"
  run --separate-stderr lc-render --once --config-dir "$T/conf.d" <"$T/events"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/watches"
  bg sh -c "lc-tail --from head --poll 100ms --watches '$T/watches' >'$T/out'"
  # Not there yet; lc-tail follows a glob, not a file.
  cx "$id" 'busybox mkdir -p /var/log/late && echo late-line >>/var/log/late/x.log'
  wait_until 20 grep -q late-line "$T/out"
  [ "$(bodies "$T/out")" = late-line ]
}

# --- symlinks never leave the container -------------------------------------

@test "symlink escapes: absolute, relative, .. chains, a symlinked dir: the host secret is never read" {
  secret="SECRET-$$-$(date +%s%N)"
  mkdir -p "$T/host" "$T/h"
  printf '%s\n' "$secret" >"$T/host/shadow.log"
  id=$(drun esc -v "$T/h":/data lc-test/render-img sleep 600)
  cx "$id" "busybox mkdir -p /var/log/app /data/d &&
    ln -s '$T/host/shadow.log' /var/log/app/abs.log &&
    ln -s ../../../../../../../../../..'$T/host/shadow.log' /var/log/app/rel.log &&
    ln -s '$T/host' /var/log/hostdir &&
    ln -s /etc/own.log /var/log/app/own.log &&
    busybox mkdir -p /srv && echo written by the container >/srv/w.txt && ln -s ../../../srv/w.txt /var/log/app/wrote.log &&
    ln -s '$T/host/shadow.log' /data/abs.log &&
    ln -s ../../../../../../../../..'$T/host/shadow.log' /data/rel.log &&
    ln -s '$T/host' /data/dir &&
    echo fine >>/data/d/ok.log"
  cfile esc '["/var/log/app/*.log","/var/log/app/own.log","/var/log/hostdir/*.log","/var/log/app/../../../../..'"$T"'/host/shadow.log","/data/*.log","/data/dir/*.log","/data/*/*.log"]'
  collect
  # What the container's symlinks mean is its own files: /etc/own.log (in
  # the image: render resolves the named path) and /srv/w.txt (in its upper
  # dir: lc-tail resolves the glob's links inside it).
  [ "$(bodies "$T/out" | sort | paste -sd,)" = "fine,the container own file,written by the container" ]
  [ "$TAIL_STATUS" -eq 1 ]
  grep -qF "$T/h/abs.log: symlink leaves the container, not followed" "$T/tail.err"
  grep -qF "$T/h/rel.log: symlink leaves the container, not followed" "$T/tail.err"
  run grep -rF "$secret" "$T/events" "$T/watches" "$T/out" "$T/render.err" "$T/tail.err"
  [ "$status" -eq 1 ]
  # The ad-hoc form never names a host file either.
  run --separate-stderr lc-render --container "$id" /var/log/app/abs.log /var/log/hostdir/shadow.log /data/abs.log /data/dir/shadow.log
  [ "$status" -eq 1 ]
  [[ "$output" != *"$T/host"* ]]
}

@test "a directory swapped for a symlink between render and open is not followed (race)" {
  secret="SECRET-$$-$(date +%s%N)"
  mkdir -p "$T/host" "$T/h"
  printf '%s\n' "$secret" >"$T/host/x.log"
  id=$(drun race -v "$T/h":/data lc-test/render-img sleep 600)
  cx "$id" 'busybox mkdir -p /data/sub /var/log/sub && echo a >/data/sub/x.log && echo b >/var/log/sub/x.log'
  cfile race '["/data/sub/*.log","/var/log/sub/*.log"]'
  run --separate-stderr lc-discover --once $(mine)
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/events"
  run --separate-stderr lc-render --once --config-dir "$T/conf.d" <"$T/events"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/watches"
  # Rendered while they were directories; now the container swaps them.
  cx "$id" "busybox rm -rf /data/sub /var/log/sub && ln -s '$T/host' /data/sub && ln -s '$T/host' /var/log/sub"
  [ "$(readlink "$T/h/sub")" = "$T/host" ]  # on the host, it points at the secret
  run --separate-stderr lc-tail --once --from head --watches "$T/watches"
  [ "$status" -le 1 ]  # 1: a path it refused to follow; never a crash
  [[ "$output" != *"$secret"* ]]
  [[ "$stderr" != *"$secret"* ]]
  [ -z "$(echo "$output" | jq -r .body)" ]
}

# --- watches: life cycle -------------------------------------------------------

@test "two configs matching one container give two watches; a config matching none gives none" {
  id=$(drun web --label app=web -e TIER=front lc-test/busybox sleep 600)
  cx "$id" 'echo a-line >>/var/log/a.log; echo b-line >>/var/log/b.log'
  cfile a '["/var/log/a.log"]' '{"include_label":["app=web"]}'
  conf b '{"name":"b","input":{"type":"container_file","paths":["/var/log/b.log"]},"from":"head",
           "tags":{"team":"x"},"env_tags":{"TIER":"tier"},"label_tags":{"app":"service.name"}}'
  cfile none '["/var/log/a.log"]' '{"include_image":["no-such-image"]}'
  collect
  [ "$TAIL_STATUS" -eq 0 ]
  [ "$(jq -r 'select(.event=="add").key' "$T/watches" | paste -sd,)" = "a/$id,b/$id" ]
  [ "$(jq -c 'select(.event=="sync").keys' "$T/watches")" = "[\"a/$id\",\"b/$id\"]" ]
  [ "$(jq -r '[."lc.config", .body] | join(":")' "$T/out" | sort | paste -sd,)" = "a:a-line,b:b-line" ]
  jq -e 'select(."lc.config" == "b") | .team == "x" and .tier == "front" and ."service.name" == "web"' "$T/out"
}

@test "restart: the same events render the same watches and lc-tail reads no line twice" {
  id=$(drun web lc-test/busybox sleep 600)
  cx "$id" 'echo one >>/var/log/a.log'
  cfile web '["/var/log/*.log"]'
  collect --checkpoint "$T/cp.json"
  [ "$(bodies "$T/out")" = one ]
  cp "$T/watches" "$T/watches.1"
  cx "$id" 'echo two >>/var/log/a.log'
  collect --checkpoint "$T/cp.json"
  cmp "$T/watches.1" "$T/watches"
  [ "$(bodies "$T/out")" = two ]
  # Events twice in one stream: nothing more is sent.
  cat "$T/events" "$T/events" | lc-render --once --config-dir "$T/conf.d" >"$T/twice"
  [ "$(grep -c '"event":"add"' "$T/twice")" -eq 1 ]
}

@test "a removed container's watch is removed after lc-tail drained it" {
  cfile web '["/var/log/*.log"]'
  bg sh -c "lc-discover $(mine) --grace 1s | lc-render --config-dir '$T/conf.d' | tee '$T/watches' |
            lc-tail --from head --poll 100ms --watches - >'$T/out' 2>'$T/tail.err'"
  wait_until 20 grep -q '"event":"sync"' "$T/watches"
  id=$(drun web lc-test/busybox sh -c 'for i in 1 2 3; do echo line-$i >>/var/log/a.log; done; sleep 600')
  wait_until 20 grep -q '"event":"add"' "$T/watches"
  wait_until 20 grep -q line-3 "$T/out"
  docker rm -f "$id" >/dev/null
  wait_until 30 grep -q '"event":"remove"' "$T/watches"
  [ "$(jq -r 'select(.event=="remove").key' "$T/watches")" = "web/$id" ]
  [ "$(bodies "$T/out" | paste -sd,)" = "line-1,line-2,line-3" ]
}

# --- the ad-hoc form -----------------------------------------------------------

@test "--container NAME PATH prints host files holding the same bytes as docker exec cat" {
  mkdir -p "$T/h"
  name="lcr-$BATS_TEST_NUMBER-web-$$"
  id=$(drun web -v "$T/h":/var/log/app lc-test/render-img sleep 600)
  cx "$id" 'echo bound >>/var/log/app/a.log; busybox mkdir -p /srv && echo upper >>/srv/u.log'
  for p in /var/log/app/a.log /srv/u.log /var/log/image.log /etc/own.log; do
    run --separate-stderr lc-render --container "$name" "$p"
    [ "$status" -eq 0 ]
    [ "${#lines[@]}" -eq 1 ]
    docker exec "$name" cat "$p" >"$T/want"
    cmp "$T/want" "${lines[0]}"
  done
  run --separate-stderr lc-render --container "$name" '/srv/*.log' '/var/log/app/*.log'
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 2 ]
  run --separate-stderr lc-render --container "$name" /var/log/none.log
  [ "$status" -eq 1 ]
  run --separate-stderr lc-render --container "no-such-$$" /x
  [ "$status" -eq 1 ]; [[ "$stderr" == *"HTTP 404"* ]]
  run --separate-stderr lc-render --container "$name"
  [ "$status" -eq 2 ]
}

# --- end to end ------------------------------------------------------------------

@test "end to end: discover | render | tail | ship file:// collects every line of 20 containers started and removed" {
  # 20 containers, as the issue asks.
  cfile app '["/var/log/app/*.log"]'
  bg sh -c "lc-discover $(mine) --grace 1s --rescan 2s | lc-render --config-dir '$T/conf.d' |
            lc-tail --from head --poll 100ms --watches - | lc-ship --batch-wait 100ms 'file://$T/shipped'"
  start() {
    local i
    for i in "$@"; do
      drun "c$i" lc-test/busybox sh -c "busybox mkdir -p /var/log/app; for j in 1 2 3 4 5; do echo c$i-\$j >>/var/log/app/x.log; done; sleep 600" >/dev/null
    done
  }
  shipped_at_least() { [ "$(cat "$T"/shipped/*.ndjson 2>/dev/null | wc -l)" -ge "$1" ]; }
  start $(seq 1 10)
  wait_until 60 shipped_at_least 50
  # Half of them removed while the others start and write.
  for i in 1 3 5 7 9; do docker rm -f "lcr-$BATS_TEST_NUMBER-c$i-$$" >/dev/null; done
  start $(seq 11 20)
  wait_until 60 shipped_at_least 100
  for i in 2 4 6 8 10 11 12; do docker rm -f "lcr-$BATS_TEST_NUMBER-c$i-$$" >/dev/null; done
  cat "$T"/shipped/*.ndjson >"$T/all"
  valid_ndjson "$T/all"
  [ "$(bodies "$T/all" | sort | uniq -d | wc -l)" -eq 0 ]
  for i in $(seq 20); do for j in 1 2 3 4 5; do grep -q "\"c$i-$j\"" "$T/all"; done; done
  [ "$(wc -l <"$T/all")" -eq 100 ]
}

@test "make install puts lc-render, its man pages and completions under PREFIX" {
  run make -C "$LC_ROOT" install PREFIX="$T/p"
  [ "$status" -eq 0 ]
  [ -x "$T/p/bin/lc-render" ]
  [ -f "$T/p/share/man/man1/lc-render.1" ]
  [ -f "$T/p/share/man/man5/lc-config.5" ]
  [ -f "$T/p/share/bash-completion/completions/lc-render" ]
  [ -f "$T/p/share/zsh/site-functions/_lc-render" ]
  run "$T/p/bin/lc-render" --version
  [ "$status" -eq 0 ]
}

# issue 14: a config's rate_limit becomes its reader's --rate-limit (in
# bytes per second) on the --check-config line lc-agent runs it from; a bad
# one is this file's error, naming the field.
@test "--check-config: rate_limit becomes the reader's --rate-limit; \"fast\" is rejected naming file and field" {
  conf web '{"name":"web","input":{"type":"container_file","paths":["/a.log"]},"rate_limit":"10MB/s"}'
  conf sys '{"name":"sys","input":{"type":"host_file","paths":["/var/log/*.log"]},"rate_limit":"512KiB/s"}'
  conf out '{"name":"out","input":{"type":"container_stdout"},"rate_limit":65536}'
  run --separate-stderr lc-render --check-config "$T/conf.d/web.json" "$T/conf.d/sys.json" "$T/conf.d/out.json"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [[ "${lines[0]}" == *"; cfg_reader=('--rate-limit=10000000')" ]]
  [[ "${lines[1]}" == *"; cfg_reader=('--rate-limit=524288' '--' '/var/log/*.log')" ]]
  [[ "${lines[2]}" == *"; cfg_reader=('--rate-limit=65536')" ]]
  conf bad '{"name":"bad","input":{"type":"host_file","paths":["/var/log/*.log"]},"rate_limit":"fast"}'
  run --separate-stderr lc-render --check-config "$T/conf.d/bad.json"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == "lc-render: $T/conf.d/bad.json: rate_limit: invalid rate 'fast': not a number"* ]]
  conf bad '{"name":"bad","input":{"type":"host_file","paths":["/var/log/*.log"]},"rate_limit":true}'
  run --separate-stderr lc-render --check-config "$T/conf.d/bad.json"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [ "$stderr" = "lc-render: $T/conf.d/bad.json: rate_limit: want a rate such as \"10MB/s\" or a number of bytes per second" ]
}
