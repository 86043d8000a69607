#!/usr/bin/env bats
# lc-discover against a real Docker engine (the suite's shared dockerd, and
# a private one of this test file for the kill/restart test) and podman's
# Docker-compatible API socket.  Every container is labelled lcd.suite so
# teardown removes exactly ours.

bats_require_minimum_version 1.5.0
load helpers
eval "helpers_$(declare -f teardown)"

setup_file() {
  docker_start
  docker_test_image
  export LCD_SUITE="lcd-$$"
}

teardown() {
  docker_rm_where "label=lcd.test=$LCD_SUITE-$BATS_TEST_NUMBER"
  [ -n "${PRIVATE_D:-}" ] && private_dockerd_stop
  [ -n "${PODMAN_PID:-}" ] && podman_stop
  [ -n "${CRIO_ROOT:-}" ] && crio_stop
  helpers_teardown
}

teardown_file() {
  docker_rm_where "label=lcd.suite=$LCD_SUITE"
  docker_stop
}

# lbl: the labels of this test's containers (teardown removes them by it).
lbl() { echo "--label lcd.suite=$LCD_SUITE --label lcd.test=$LCD_SUITE-$BATS_TEST_NUMBER"; }
# drun NAME [docker run flags...] -- CMD...: a detached container of this test; prints its id.
drun() {
  local name="lcd-$BATS_TEST_NUMBER-$1-$$"; shift
  # shellcheck disable=SC2046
  docker run -d --network none --name "$name" $(lbl) "$@"
}
# The filter that selects this test's containers on the shared engine.
mine() { echo "--include-label lcd.test=$LCD_SUITE-$BATS_TEST_NUMBER"; }

# has EVENT ID FILE: FILE holds an EVENT event for container ID.
has() { grep '"event":"'"$1"'"' "$3" 2>/dev/null | grep -c '"id":"'"$2"'"' >/dev/null; }  # -c reads all: no SIGPIPE under pipefail
count_events() { grep -c '"event":"'"$1"'"' "$2" 2>/dev/null || true; }
synced() { grep -q '"event":"sync"' "$1" 2>/dev/null; }
last_sync_ids() { grep '"event":"sync"' "$1" | tail -1 | jq -r '.ids[]' | sort; }

# --- usage ------------------------------------------------------------------

@test "--help and --version exit 0 on stdout" {
  run --separate-stderr lc-discover --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"--docker-host"* ]]
  [ -z "$stderr" ]
  run --separate-stderr lc-discover --version
  [ "$status" -eq 0 ]
  [[ "$output" == "lc "* ]]
}

@test "every option in --help is in the man page and in both completions" {
  options_documented lc-discover
}

@test "usage errors exit 2 and name the flag" {
  run --separate-stderr lc-discover --no-such-flag
  [ "$status" -eq 2 ]; [ -z "$output" ]; [[ "$stderr" == "lc-discover: "* ]]
  run --separate-stderr lc-discover --rescan soon
  [ "$status" -eq 2 ]; [ -z "$output" ]; [[ "$stderr" == *"--rescan"* ]]
  run --separate-stderr lc-discover --include-label app
  [ "$status" -eq 2 ]; [[ "$stderr" == *"--include-label 'app': want KEY=VALUE"* ]]
  run --separate-stderr lc-discover --include-label 'app=^(web$'
  [ "$status" -eq 2 ]; [ -z "$output" ]; [[ "$stderr" == *"--include-label app="*"bad regex"* ]]
  run --separate-stderr lc-discover --runtime rkt
  [ "$status" -eq 2 ]
}

@test "a bad --docker-host is a usage error, exit 2" {
  run --separate-stderr lc-discover --once --docker-host 'ftp://example'
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == "lc-discover: --docker-host: 'ftp://example': not an engine address"* ]]
  run --separate-stderr lc-discover --once --docker-host 'unix://relative.sock'
  [ "$status" -eq 2 ]
}

@test "dockerd not running at all: --once exits 1 and says why" {
  run --separate-stderr lc-discover --once --docker-host "unix://$T/none.sock"
  [ "$status" -eq 1 ]
  [ -z "$output" ]
  [ "$stderr" = "lc-discover: unix://$T/none.sock: cannot connect: No such file or directory" ]
  : >"$T/not-a-socket"
  run --separate-stderr lc-discover --once --docker-host "unix://$T/not-a-socket"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"cannot connect: Connection refused" ]]
}

# --- one scan -------------------------------------------------------------

@test "--once with 1 container: upsert fields match docker inspect" {
  mkdir -p "$T/vol"
  id=$(drun web --label app=web -e TIER=front -e EMPTY= -v "$T/vol":/var/log/app -v "$T":/ro:ro \
        lc-test/busybox sleep 600)
  run --separate-stderr lc-discover --once $(mine)
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "${#lines[@]}" -eq 2 ]
  echo "${lines[0]}" >"$T/up.json"
  docker inspect "$id" | jq '.[0]' >"$T/inspect.json"
  # Sorted keys: the line is what jq -S makes of it.
  [ "${lines[0]}" = "$(jq -cS . "$T/up.json")" ]
  jq -e --slurpfile i "$T/inspect.json" '
      ($i[0]) as $d
      | .event == "upsert" and .id == $d.Id and .name == ($d.Name | ltrimstr("/"))
      and .image == $d.Config.Image and .state == "running" and .pid == $d.State.Pid and .pid > 0
      and .runtime == "docker"
      and .labels == $d.Config.Labels
      and .env.TIER == "front" and .env.EMPTY == ""
      and .log_path == $d.LogPath and .log_format == "docker-json"
      and .rootfs == $d.GraphDriver.Data.MergedDir and .upperdir == $d.GraphDriver.Data.UpperDir
      and (.mounts | sort_by(.destination)) ==
          ($d.Mounts | map({source: .Source, destination: .Destination, rw: .RW}) | sort_by(.destination))
      and (.created | startswith($d.Created[0:19])) and (.started | startswith($d.State.StartedAt[0:19]))
      and (has("k8s") | not) and (has("finished") | not)' "$T/up.json"
  [ -f "$(jq -r .log_path "$T/up.json")" ]
  [ -d "$(jq -r .upperdir "$T/up.json")" ]
  [ "${lines[1]}" = "{\"event\":\"sync\",\"ids\":[\"$id\"]}" ]
}

@test "--once with 50 containers: 50 upserts and a sync listing exactly them" {
  seq 50 | xargs -P 8 -I{} docker run -d --network none --name "lcd-$BATS_TEST_NUMBER-{}-$$" $(lbl) \
      lc-test/busybox sleep 600 >/dev/null
  docker ps -q --no-trunc --filter "label=lcd.test=$LCD_SUITE-$BATS_TEST_NUMBER" | sort >"$T/want"
  [ "$(wc -l <"$T/want")" -eq 50 ]
  run --separate-stderr lc-discover --once $(mine)
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 51 ]
  printf '%s\n' "${lines[@]}" >"$T/out"
  grep '"event":"upsert"' "$T/out" | jq -r .id | sort >"$T/up"
  diff "$T/want" "$T/up"
  diff "$T/want" <(last_sync_ids "$T/out")
  [ "$(tail -1 "$T/out" | jq -r .event)" = sync ]
}

@test "--once with no matching container: only an empty sync" {
  run --separate-stderr lc-discover --once --include-label "lcd.none=$$"
  [ "$status" -eq 0 ]
  [ "$output" = '{"event":"sync","ids":[]}' ]
}

@test "--once ignores stopped containers unless --all" {
  id=$(drun stopped lc-test/busybox true)
  docker wait "$id" >/dev/null
  run --separate-stderr lc-discover --once $(mine)
  [ "$status" -eq 0 ]
  [ "$output" = '{"event":"sync","ids":[]}' ]
  run --separate-stderr lc-discover --once --all $(mine)
  [ "$status" -eq 0 ]
  echo "${lines[0]}" | jq -e --arg id "$id" '.id == $id and .state == "exited" and (.finished | length) == 30'
}

@test "--host-root prefixes every host path" {
  mkdir -p "$T/vol"
  id=$(drun hr -v "$T/vol":/data lc-test/busybox sleep 600)
  lc-discover --once $(mine) | head -1 >"$T/plain"
  lc-discover --once $(mine) --host-root /host/ | head -1 >"$T/rooted"
  for f in log_path rootfs upperdir; do
    [ "$(jq -r .$f "$T/rooted")" = "/host$(jq -r .$f "$T/plain")" ]
  done
  [ "$(jq -r '.mounts[0].source' "$T/rooted")" = "/host$T/vol" ]
  [ "$(jq -r '.mounts[0].destination' "$T/rooted")" = /data ]
}

@test "a closed stdout ends quietly" {
  for i in 1 2 3; do drun ep$i lc-test/busybox sleep 600 >/dev/null; done
  run --separate-stderr bash -c "lc-discover --once $(mine) | head -c 10 >/dev/null; echo \${PIPESTATUS[0]}"
  [ "$status" -eq 0 ]
  [ "$output" = 0 ]
  [ -z "$stderr" ]
}

# --- filters --------------------------------------------------------------

@test "label, env and image filters: exact, regex, key present, exclusion" {
  a=$(drun a --label app=web --label tier=front -e MODE=prod lc-test/busybox sleep 600)
  b=$(drun b --label app=worker -e MODE=dev -e DEBUG=1 lc-test/busybox sleep 600)
  docker tag lc-test/busybox "lc-test/other:$$"
  c=$(drun c --label app=web-canary "lc-test/other:$$" sleep 600)
  docker rmi "lc-test/other:$$" >/dev/null 2>&1 || true  # untag; the container keeps it
  # Not $(mine): it is an --include-label too, and includes of one kind are
  # OR'ed.  This test's containers are picked out of the output instead.
  ids() {
    lc-discover --once "$@" | jq -r --arg t "$LCD_SUITE-$BATS_TEST_NUMBER" \
      'select(.event=="upsert" and .labels["lcd.test"] == $t) | .id' | sort | tr '\n' ' '
  }
  sorted() { printf '%s\n' "$@" | sort | tr '\n' ' '; }
  [ "$(ids)" = "$(sorted "$a" "$b" "$c")" ]
  [ "$(ids --include-label app=web)" = "$(sorted "$a")" ]
  [ "$(ids --include-label 'app=^web.*$')" = "$(sorted "$a" "$c")" ]
  [ "$(ids --include-label 'app=web.*')" = "" ]                         # no ^…$: exact
  [ "$(ids --include-label tier=)" = "$(sorted "$a")" ]                 # key present
  [ "$(ids --include-label app=web --include-label app=worker)" = "$(sorted "$a" "$b")" ]  # OR
  [ "$(ids --include-label 'app=^web.*$' --exclude-label app=web-canary)" = "$(sorted "$a")" ]
  [ "$(ids --include-env MODE=prod)" = "$(sorted "$a")" ]
  [ "$(ids --exclude-env DEBUG=)" = "$(sorted "$a" "$c")" ]
  [ "$(ids --include-env 'MODE=^(prod|dev)$' --include-label app=worker)" = "$(sorted "$b")" ]  # AND
  [ "$(ids --include-image "lc-test/other:$$")" = "$(sorted "$c")" ]
  [ "$(ids --exclude-image '^lc-test/busybox(:.*)?$')" = "$(sorted "$c")" ]
  [ "$(ids --include-image nginx)" = "" ]
}

@test "k8s filters by io.kubernetes labels and by k8s_ names; sandboxes are skipped" {
  l() { echo "--label io.kubernetes.pod.namespace=$1 --label io.kubernetes.pod.name=$2 --label io.kubernetes.pod.uid=uid-$2 --label io.kubernetes.container.name=$3"; }
  web=$(drun x $(l default web-0 nginx) lc-test/busybox sleep 600)
  side=$(drun y $(l default web-0 sidecar) lc-test/busybox sleep 600)
  dns=$(drun z $(l kube-system dns-1 coredns) lc-test/busybox sleep 600)
  # Named like dockershim, no labels: from the name.
  named=$(docker run -d --network none --name "k8s_app_api-7_prod_u-$$_0" $(lbl) lc-test/busybox sleep 600)
  docker run -d --network none --name "k8s_POD_api-7_prod_u-$$_0" $(lbl) lc-test/busybox sleep 600 >/dev/null
  docker run -d --network none --name "lcd-$BATS_TEST_NUMBER-pause-$$" $(lbl) --label io.kubernetes.docker.type=podsandbox \
      $(l prod api-7 POD) lc-test/busybox sleep 600 >/dev/null
  ids() { lc-discover --once $(mine) "$@" | jq -r 'select(.event=="upsert") | .id' | sort | tr '\n' ' '; }
  sorted() { printf '%s\n' "$@" | sort | tr '\n' ' '; }
  [ "$(ids)" = "$(sorted "$web" "$side" "$dns" "$named")" ]
  [ "$(ids --k8s-namespace default)" = "$(sorted "$web" "$side")" ]
  [ "$(ids --k8s-namespace '^kube-.*$' --k8s-namespace prod)" = "$(sorted "$dns" "$named")" ]
  [ "$(ids --k8s-namespace default --k8s-container nginx)" = "$(sorted "$web")" ]
  [ "$(ids --k8s-pod '^api-[0-9]+$')" = "$(sorted "$named")" ]
  lc-discover --once $(mine) --k8s-pod api-7 | head -1 >"$T/named"
  jq -e --arg u "u-$$" '.k8s == {namespace: "prod", pod: "api-7", pod_uid: $u, container: "app"}' "$T/named"
  lc-discover --once $(mine) --k8s-container coredns | head -1 >"$T/dns"
  jq -e '.k8s == {namespace: "kube-system", pod: "dns-1", pod_uid: "uid-dns-1", container: "coredns"}' "$T/dns"
}

# --- streaming ------------------------------------------------------------

@test "streaming: start, stop and removal of containers" {
  bg lc-discover --grace 1h $(mine) >"$T/out" 2>"$T/err"
  wait_until 20 synced "$T/out"
  a=$(drun a lc-test/busybox sleep 600)
  wait_until 20 has upsert "$a" "$T/out"
  jq -e 'select(.event=="upsert") | .state == "running" and .log_format == "docker-json"' "$T/out"
  docker stop -t 0 "$a" >/dev/null
  # Events are applied in order: once b is announced, a's die has been seen.
  b=$(drun b lc-test/busybox sleep 600)
  wait_until 20 has upsert "$b" "$T/out"
  ! has remove "$a" "$T/out" || false      # stopped, not destroyed: in its grace period
  docker rm "$a" >/dev/null
  wait_until 20 has remove "$a" "$T/out"   # destroyed: removed at once
  grep '"event":"remove"' "$T/out" | jq -e --arg id "$a" 'select(.id == $id) | (.finished | length) == 30'
  docker rm -f "$b" >/dev/null
  wait_until 20 has remove "$b" "$T/out"
  [ ! -s "$T/err" ]
  kill -TERM "$BG_PID"; wait "$BG_PID"    # SIGTERM: exit 0
}

@test "streaming: a stopped container is removed after --grace" {
  bg lc-discover --grace 1s $(mine) >"$T/out" 2>"$T/err"
  wait_until 20 synced "$T/out"
  a=$(drun g lc-test/busybox sleep 600)
  wait_until 20 has upsert "$a" "$T/out"
  docker stop -t 0 "$a" >/dev/null
  wait_until 20 has remove "$a" "$T/out"
  docker inspect "$a" >/dev/null   # still there: the grace period, not a destroy, removed it
}

@test "a container that runs for 50 ms is announced with its log_path" {
  bg lc-discover --grace 2s $(mine) >"$T/out" 2>"$T/err"
  wait_until 20 synced "$T/out"
  id=$(drun short lc-test/busybox sh -c 'echo short-lived; sleep 0.05')
  wait_until 20 has upsert "$id" "$T/out"
  log=$(grep '"event":"upsert"' "$T/out" | jq -r --arg id "$id" 'select(.id == $id) | .log_path' | head -1)
  [ "$log" = "$(docker inspect -f '{{.LogPath}}' "$id")" ]
  docker wait "$id" >/dev/null
  grep -q short-lived "$log"
  wait_until 20 has remove "$id" "$T/out"
}

@test "SIGINT exits 130" {
  bg lc-discover $(mine) >"$T/out" 2>"$T/err"
  wait_until 20 synced "$T/out"
  kill -INT "$BG_PID"
  st=0; wait "$BG_PID" || st=$?   # not `run wait`: run's subshell has no such child
  [ "$st" -eq 130 ]
}

@test "200 containers started and removed in a burst: every one announced and removed" {
  bg lc-discover --grace 1h --max-inspects 4 $(mine) >"$T/out" 2>"$T/err"
  wait_until 20 synced "$T/out"
  seq 200 | xargs -P 8 -n 25 sh -c 'for i; do docker create --network none --name "lcd-'"$BATS_TEST_NUMBER"'-$i-'"$$"'" '"$(lbl)"' lc-test/busybox sleep 600; done' _ >"$T/ids"
  [ "$(sort -u "$T/ids" | wc -l)" -eq 200 ]
  xargs -P 8 -n 25 docker start <"$T/ids" >/dev/null
  all_up() { [ "$(grep '"event":"upsert"' "$T/out" | jq -r .id | sort -u | wc -l)" -ge 200 ]; }
  wait_until 90 all_up
  diff <(sort -u "$T/ids") <(grep '"event":"upsert"' "$T/out" | jq -r .id | sort -u)
  # Removed one at a time: removed 8 x 25 at once, Debian's dockerd 20.10
  # deadlocked (docker_rm_where in helpers.bash).  Still 200 remove events in
  # a few seconds, with the inspects of the start burst in flight.
  xargs -n 1 docker rm -f <"$T/ids" >/dev/null
  all_gone() { [ "$(count_events remove "$T/out")" -ge 200 ]; }
  wait_until 90 all_gone
  diff <(sort -u "$T/ids") <(grep '"event":"remove"' "$T/out" | jq -r .id | sort)
  [ ! -s "$T/err" ]
}

@test "--metrics-file: containers known, upserts, removes and scans, rewritten as they change; 0600" {
  # shellcheck disable=SC2046
  bg lc-discover --grace 1h --metrics-file "$T/d.prom" --metrics-interval 100ms $(mine) >"$T/out" 2>"$T/err"
  wait_until 20 synced "$T/out"
  wait_until 10 prom_is "$T/d.prom" lc_discover_scans_total 1
  a=$(drun a lc-test/busybox sleep 600)
  drun b lc-test/busybox sleep 600 >/dev/null
  wait_until 20 prom_is "$T/d.prom" lc_discover_containers 2
  assert_prom "$T/d.prom"
  prom_is "$T/d.prom" lc_discover_upserts_total 2
  prom_is "$T/d.prom" lc_discover_removes_total 0
  prom_is "$T/d.prom" lc_discover_engine_errors_total 0
  docker rm -f "$a" >/dev/null
  wait_until 20 prom_is "$T/d.prom" lc_discover_containers 1
  prom_is "$T/d.prom" lc_discover_removes_total 1
  [ "$(stat -c %a "$T/d.prom")" = 600 ]
  [ ! -s "$T/err" ]
}

@test "--metrics-file: an engine that does not answer counts engine errors; --once writes it at exit" {
  bg lc-discover --docker-host "unix://$T/none.sock" --metrics-file "$T/d.prom" --metrics-interval 100ms >"$T/out" 2>"$T/err"
  wait_until 20 sh -c "grep -q '^lc_discover_engine_errors_total [1-9]' '$T/d.prom' 2>/dev/null"
  assert_prom "$T/d.prom"
  prom_is "$T/d.prom" lc_discover_containers 0
  # shellcheck disable=SC2046
  run --separate-stderr lc-discover --once --metrics-file "$T/once.prom" $(mine)
  [ "$status" -eq 0 ]
  [ "$output" = '{"event":"sync","ids":[]}' ]
  [ -z "$stderr" ]
  prom_is "$T/once.prom" lc_discover_scans_total 1
  run --separate-stderr lc-discover --records --metrics-file "$T/r.prom"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == *"--records excludes --metrics-file"* ]]
}

# --- a private dockerd: down at start, killed and restarted ---------------

# private_dockerd_start HOST...: a dockerd of this test on its own data root.
private_dockerd_start() {
  PRIVATE_D="$T/d"
  mkdir -p "$PRIVATE_D"
  local h args=()
  for h in "$@"; do args+=(--host "$h"); done
  dockerd --data-root "$PRIVATE_D/root" --exec-root "$PRIVATE_D/exec" --pidfile "$PRIVATE_D/pid" \
    "${args[@]}" --bridge=none --iptables=false >>"$PRIVATE_D/log" 2>&1 &
  PRIVATE_PID=$!
}
private_docker() { docker --host "unix://$PRIVATE_D/admin.sock" "$@"; }
private_dockerd_stop() {
  private_docker ps -aq 2>/dev/null | xargs -r private_docker rm -f >/dev/null 2>&1
  kill "$PRIVATE_PID" 2>/dev/null
  wait "$PRIVATE_PID" 2>/dev/null
  # What a killed dockerd left behind (its containerd, shims): by pid.
  local p
  for p in $(grep -l -- "$PRIVATE_D" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3); do
    kill -9 "$p" 2>/dev/null
  done
  # Its mounts (overlays, netns, the data root): deepest first, lazily.
  awk -v d="$PRIVATE_D/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
    xargs -r -n 1 umount -l 2>/dev/null
  PRIVATE_D=
}

@test "dockerd down at start, then killed and restarted: reconnects, rescans, the sync heals what was missed" {
  command -v dockerd >/dev/null || skip "dockerd not installed"
  sock="unix://$T/d/docker.sock"
  mkdir -p "$T/d"
  bg lc-discover --docker-host "$sock" --rescan 1h --grace 1h >"$T/out" 2>"$T/err"
  wait_until 20 grep -q "retrying" "$T/err"
  private_dockerd_start "$sock" "unix://$T/d/admin.sock"
  wait_until 60 synced "$T/out"
  # The first scan of an engine without containers, and an outage said once.
  [ "$(head -1 "$T/out")" = '{"event":"sync","ids":[]}' ]
  [ "$(grep -c retrying "$T/err")" -eq 1 ]
  grep -q "$sock: connected" "$T/err"
  run --separate-stderr lc-discover --once --docker-host "unix://$T/d/admin.sock"
  [ "$status" -eq 0 ]
  [ "$output" = '{"event":"sync","ids":[]}' ]

  docker save lc-test/busybox | private_docker load >/dev/null
  keep=$(private_docker run -d --network none --restart always lc-test/busybox sleep 600)
  gone=$(private_docker run -d --network none lc-test/busybox sleep 600)
  wait_until 20 has upsert "$keep" "$T/out"
  wait_until 20 has upsert "$gone" "$T/out"

  # Killed: the event stream breaks.  Back on the admin socket only, so
  # nothing of what follows reaches lc-discover as an event.
  kill -9 "$PRIVATE_PID"; wait "$PRIVATE_PID" 2>/dev/null || true
  # Its containerd goes too, and its pid file with it: left behind, a dying
  # (or unreaped) containerd makes the next dockerd wait for its socket forever.
  kill -9 "$(cat "$PRIVATE_D/exec/containerd/containerd.pid" 2>/dev/null)" 2>/dev/null || true
  rm -f "$PRIVATE_D/exec/containerd/containerd.pid"
  wait_until 20 grep -q "reconnecting" "$T/err"
  rm -f "$T/d/docker.sock"
  private_dockerd_start "unix://$T/d/admin.sock"
  wait_until 60 private_docker info
  private_docker rm -f "$gone" >/dev/null
  new=$(private_docker run -d --network none lc-test/busybox sleep 600)
  wait_until 30 sh -c "docker --host unix://$T/d/admin.sock inspect -f '{{.State.Running}}' $keep | grep -q true"
  n=$(count_events sync "$T/out")
  ! has upsert "$new" "$T/out" || false
  # The engine answers on lc-discover's socket again (a hard link to the same listener).
  ln "$T/d/admin.sock" "$T/d/docker.sock"
  more_syncs() { [ "$(count_events sync "$T/out")" -gt "$n" ]; }
  wait_until 30 more_syncs
  has remove "$gone" "$T/out"
  has upsert "$new" "$T/out"
  diff <(last_sync_ids "$T/out") <(printf '%s\n' "$keep" "$new" | sort)
  kill -0 "$BG_PID"   # still running
}

# --- podman's Docker-compatible API ----------------------------------------

podman_start() {
  command -v podman >/dev/null || skip "podman not installed (make deps)"
  if ! podman image exists localhost/lc-test-busybox 2>/dev/null; then
    local r
    r="$(mktemp -d)"
    mkdir -p "$r/bin" "$r/tmp"
    cp /bin/busybox "$r/bin/"
    for c in sh echo sleep cat; do ln -s busybox "$r/bin/$c"; done
    tar -C "$r" -c . | podman import - localhost/lc-test-busybox >/dev/null
    rm -rf "$r"
  fi
  podman system service --time=0 "unix://$T/podman.sock" >"$T/podman.log" 2>&1 &
  PODMAN_PID=$!
  wait_until 20 curl -sf --unix-socket "$T/podman.sock" http://d/_ping -o /dev/null
}
podman_stop() {
  podman ps -aq --filter "label=lcd.test=$LCD_SUITE-$BATS_TEST_NUMBER" | xargs -r podman rm -f -t 0 >/dev/null 2>&1
  kill "$PODMAN_PID" 2>/dev/null; wait "$PODMAN_PID" 2>/dev/null
  PODMAN_PID=
}
prun() {
  podman run -d --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --label "lcd.test=$LCD_SUITE-$BATS_TEST_NUMBER" "$@"
}

@test "podman's API socket: --once and streaming, CRI log_path from inspect" {
  podman_start
  a=$(prun --label app=pm localhost/lc-test-busybox sh -c 'echo from-podman; sleep 600')
  run --separate-stderr lc-discover --once --docker-host "unix://$T/podman.sock" $(mine)
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  echo "${lines[0]}" >"$T/up"
  jq -e --arg id "$a" '.event == "upsert" and .id == $id and .runtime == "podman" and .log_format == "cri"
        and .labels.app == "pm" and .state == "running" and .pid > 0' "$T/up"
  [ "$(jq -r .log_path "$T/up")" = "$(podman container inspect -f '{{.HostConfig.LogConfig.Path}}' "$a")" ]
  wait_until 10 grep -q ' stdout F from-podman' "$(jq -r .log_path "$T/up")"
  [ "${lines[1]}" = "{\"event\":\"sync\",\"ids\":[\"$a\"]}" ]

  bg lc-discover --docker-host "unix://$T/podman.sock" --grace 1h $(mine) >"$T/out" 2>"$T/err"
  wait_until 20 synced "$T/out"
  b=$(prun localhost/lc-test-busybox sleep 600)
  wait_until 20 has upsert "$b" "$T/out"
  podman rm -f -t 0 "$b" >/dev/null
  wait_until 20 has remove "$b" "$T/out"
  [ ! -s "$T/err" ]
}

# --- containerd and pods-dir sources (no runtime API) ------------------------
# A real private containerd (ctd_start in helpers.bash); its tasks carry the
# CRI plugin's annotations, as on a Kubernetes node.  ctr does not go through
# the CRI plugin, so no CRI-format log is written by containerd: the pods-dir
# log file of these tests is ctr's own --log-uri file (plain output), which is
# enough for the log_path lookup.  tests/lc-discover-cri.bats runs pods through
# the CRI plugin itself (the CRI API, as a kubelet) and collects their real
# CRI logs end to end.

eval "discover_containerd_$(declare -f teardown)"
teardown() {
  ctd_stop
  discover_containerd_teardown
}

# cid NAME: a containerd id unique to this run (runc's state is shared).
cid() { echo "lcd-$BATS_TEST_NUMBER-$1-$$"; }
# Not for `bg`: BG_PID would be the subshell running the function, and killing
# it leaves lc-discover holding bats' output open (the suite then never ends).
ctd_discover() { lc-discover --runtime containerd --containerd-state "$CTD_STATE" --pods-dir "$T/pods" "$@"; }
ctd_pid() { ctr --address "$CTD_SOCK" -n k8s.io tasks ls | awk -v id="$1" '$1 == id { print $2 }'; }

@test "containerd: --once gives root, upperdir, mounts, env, pid, k8s fields and the pods-dir log_path" {
  ctd_start
  a=$(cid web)
  mkdir -p "$T/pods/prod_web-0_uid-1/nginx" "$T/h"
  ctd_run "$a" prod web-0 uid-1 nginx --env APP_MODE=prod \
    --mount "type=bind,src=$T/h,dst=/var/log/app,options=rbind:ro" \
    --log-uri "file://$T/pods/prod_web-0_uid-1/nginx/0.log" -- sh -c 'echo hi; sleep 600'
  run --separate-stderr ctd_discover --once
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "${#lines[@]}" -eq 2 ]
  echo "${lines[0]}" >"$T/up"
  python3 - "$T/up" "$a" "$CTD_STATE" "$T" "$(ctd_pid "$a")" <<'PY'
import json, sys
up, cid, state, t, pid = sys.argv[1:]
e = json.loads(open(up).read())
bundle = f"{state}/io.containerd.runtime.v2.task/k8s.io/{cid}"
assert e["event"] == "upsert" and e["id"] == cid and e["runtime"] == "containerd", e
assert e["name"] == "nginx" and e["image"] == "docker.io/lc-test/busybox:latest", e
assert e["state"] == "running" and e["pid"] == int(pid), (e, pid)
assert e["k8s"] == {"namespace": "prod", "pod": "web-0", "pod_uid": "uid-1", "container": "nginx"}, e["k8s"]
assert e["env"]["APP_MODE"] == "prod", e["env"]
assert e["mounts"] == [{"source": f"{t}/h", "destination": "/var/log/app", "rw": False}], e["mounts"]
assert e["rootfs"] == bundle + "/rootfs", e["rootfs"]
mi = [l.split() for l in open("/proc/self/mountinfo")]
upper = [o.split("=", 1)[1] for l in mi if l[4] == bundle + "/rootfs" for o in l[-1].split(",") if o.startswith("upperdir=")]
assert upper and e["upperdir"] == upper[-1], (e.get("upperdir"), upper)
assert e["log_path"] == f"{t}/pods/prod_web-0_uid-1/nginx/0.log" and e["log_format"] == "cri", e
PY
  [ "${lines[1]}" = "{\"event\":\"sync\",\"ids\":[\"$a\"]}" ]
  # The highest restart number is the live log.
  : >"$T/pods/prod_web-0_uid-1/nginx/1.log"
  run --separate-stderr ctd_discover --once
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == *"\"log_path\":\"$T/pods/prod_web-0_uid-1/nginx/1.log\""* ]]
}

@test "containerd: streaming start, stop and removal seen through inotify; sandboxes skipped; k8s excludes" {
  ctd_start
  mkdir -p "$T/pods"
  bg lc-discover --runtime containerd --containerd-state "$CTD_STATE" --pods-dir "$T/pods" --grace 1s --rescan 1h >"$T/out" 2>"$T/err"
  wait_until 20 synced "$T/out"
  a=$(cid a); s=$(cid pause); k=$(cid dns)
  ctd_run "$a" prod web-0 uid-1 nginx -- sleep 600
  ctd_run "$s" prod web-0 uid-1 POD --annotation io.kubernetes.cri.container-type=sandbox -- sleep 600
  ctd_run "$k" kube-system coredns-0 uid-2 coredns -- sleep 600
  wait_until 20 has upsert "$a" "$T/out"
  wait_until 20 has upsert "$k" "$T/out"
  ctd_rm "$a"
  wait_until 20 has remove "$a" "$T/out"
  run ! grep -q "\"$s\"" "$T/out"
  [ ! -s "$T/err" ]
  run --separate-stderr ctd_discover --once --exclude-k8s-namespace kube-system
  [ "$status" -eq 0 ]
  [ "$output" = "{\"event\":\"sync\",\"ids\":[]}" ]
  run --separate-stderr ctd_discover --once --exclude-k8s-container nginx --exclude-k8s-pod web-0
  [ "$status" -eq 0 ]
  [ "${lines[-1]}" = "{\"event\":\"sync\",\"ids\":[\"$k\"]}" ]
}

@test "containerd: a bundle that appeared while lc-discover was down is announced at start" {
  ctd_start
  mkdir -p "$T/pods"
  a=$(cid a); b=$(cid b)
  ctd_run "$a" prod p uid-1 one -- sleep 600
  bg lc-discover --runtime containerd --containerd-state "$CTD_STATE" --pods-dir "$T/pods" --rescan 1h >"$T/out" 2>"$T/err"
  wait_until 20 has upsert "$a" "$T/out"
  kill -TERM "$BG_PID"; wait "$BG_PID" || true
  ctd_run "$b" prod p uid-1 two -- sleep 600
  bg lc-discover --runtime containerd --containerd-state "$CTD_STATE" --pods-dir "$T/pods" --rescan 1h >"$T/out2" 2>"$T/err"
  wait_until 20 synced "$T/out2"
  has upsert "$a" "$T/out2"
  has upsert "$b" "$T/out2"
  [ "$(last_sync_ids "$T/out2" | tr '\n' ' ')" = "$(printf '%s\n' "$a" "$b" | sort | tr '\n' ' ')" ]
}

@test "containerd: a malformed config.json is reported once, retried, and never stops the others" {
  ctd_start
  mkdir -p "$T/pods"
  a=$(cid a)
  ctd_run "$a" prod p uid-1 one -- sleep 600
  tasks="$CTD_STATE/io.containerd.runtime.v2.task/k8s.io"
  mkdir "$tasks/half"
  head -c 200 "$tasks/$a/config.json" >"$tasks/half/config.json"
  bg lc-discover --runtime containerd --containerd-state "$CTD_STATE" --pods-dir "$T/pods" --rescan 200ms >"$T/out" 2>"$T/err"
  wait_until 20 has upsert "$a" "$T/out"
  n=$(count_events sync "$T/out")
  syncs_at_least() { [ "$(count_events sync "$T/out")" -ge "$1" ]; }
  wait_until 20 syncs_at_least $((n + 3))
  [ "$(cat "$T/err")" = "lc-discover: $tasks/half/config.json: not a JSON object (being written?); retried at the next scan" ]
  # Whole now (another container name: one pod container is announced once).
  sed 's/"io.kubernetes.cri.container-name":"one"/"io.kubernetes.cri.container-name":"half"/' \
    "$tasks/$a/config.json" >"$tasks/half/config.json.tmp"
  mv "$tasks/half/config.json.tmp" "$tasks/half/config.json"
  wait_until 20 has upsert half "$T/out"
  [ "$(wc -l <"$T/err")" -eq 1 ]
  rm -rf "$tasks/half"
}

@test "containerd: a missing state dir is a usage error when asked for, nothing for auto" {
  run --separate-stderr lc-discover --runtime containerd --containerd-state "$T/none" --once
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == "lc-discover: --containerd-state $T/none: "*"No such file or directory" ]]
  run --separate-stderr lc-discover --runtime pods --pods-dir "$T/none" --once
  [ "$status" -eq 2 ]
  [[ "$stderr" == "lc-discover: --pods-dir $T/none: "* ]]
  [ ! -e /var/run/docker.sock ] || skip "a Docker engine on the default socket would be part of auto"
  mkdir -p "$T/pods/ns_pod_uid/ctr" && : >"$T/pods/ns_pod_uid/ctr/0.log"
  run --separate-stderr env -u DOCKER_HOST lc-discover --once --containerd-state "$T/none" --crio-state "$T/none" \
    --pods-dir "$T/pods"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "${lines[-1]}" = '{"event":"sync","ids":["uid_ctr"]}' ]
}

@test "docker with its own containerd (namespace moby): a container both know is announced once, by the Engine API" {
  state="$(dirname "$LCTK_TEST_DOCKER_ROOT")/exec/containerd/daemon"
  id=$(drun both lc-test/busybox sleep 600)
  [ -f "$state/io.containerd.runtime.v2.task/moby/$id/config.json" ]
  # containerd alone knows it (so a single announcement below is the merge's doing).
  run --separate-stderr lc-discover --runtime containerd --containerd-state "$state" --containerd-namespace moby --once
  [ "$status" -eq 0 ]
  [ "$(grep -c '"id":"'"$id"'".*"runtime":"containerd"' <<<"$output")" -eq 1 ]
  run --separate-stderr lc-discover --runtime docker --runtime containerd --containerd-state "$state" \
    --containerd-namespace moby --once
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "$(grep -c '"event":"upsert".*"id":"'"$id"'"' <<<"$output")" -eq 1 ]
  [ "$(grep -c '"id":"'"$id"'".*"runtime":"docker"' <<<"$output")" -eq 1 ]
  [[ "${lines[-1]}" == '{"event":"sync","ids":['*'"'"$id"'"'* ]]
}

@test "pods source: podman's k8s-file log under a pods dir, end to end through lc-stdout" {
  podman_start
  mkdir -p "$T/pods/prod_web-0_uid-9/app"
  p=$(prun --log-driver k8s-file --log-opt path="$T/pods/prod_web-0_uid-9/app/0.log" localhost/lc-test-busybox \
      sh -c 'echo from-pods-source; sleep 600')
  wait_until 20 grep -q ' stdout F from-pods-source' "$T/pods/prod_web-0_uid-9/app/0.log"
  set -o pipefail
  run --separate-stderr bash -c "lc-discover --runtime pods --pods-dir '$T/pods' --once | lc-stdout --containers - --since 1h --once"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  python3 -c '
import json, sys
recs = [json.loads(l) for l in sys.stdin.read().splitlines()]
r = [x for x in recs if "from-pods-source" in json.dumps(x)]
assert len(r) == 1, recs
s = json.dumps(r[0])
for want in ("prod", "web-0", "uid-9", "app"):
    assert want in s, (want, r[0])
' <<<"$output"
}

# --- CRI-O / podman containers/storage (crio source) ------------------------
# Real podman containers in a private containers/storage of the test's own
# (--root graph root, --runroot run root), started with CRI-O's annotations
# as CRI-O writes them: the layout lc-discover reads is the same.

crio_start() {
  command -v podman >/dev/null || skip "podman not installed (make deps)"
  CRIO_ROOT="$T/storage" CRIO_RUN="$T/runroot"
  local r
  r="$(mktemp -d)"
  mkdir -p "$r/bin" "$r/tmp"
  cp /bin/busybox "$r/bin/"
  for c in sh echo sleep cat; do ln -s busybox "$r/bin/$c"; done
  tar -C "$r" -c . | cpodman import - localhost/lc-test-busybox >/dev/null 2>&1
  rm -rf "$r"
}
cpodman() { podman --root "$CRIO_ROOT" --runroot "$CRIO_RUN" "$@"; }
crio_stop() {
  cpodman rm -a -f -t 0 >/dev/null 2>&1
  # conmon (its bundle is under the run root) may still be writing there
  # after rm returns: the test dir is removed only once it has exited.
  local i
  for i in $(seq 100); do pgrep -f -- "$CRIO_RUN/" >/dev/null || break; sleep 0.1; done
  # containers/storage bind-mounts its overlay directory on itself.
  local m
  for m in $(awk -v t="$T/" 'index($5, t) == 1 {print $5}' /proc/self/mountinfo | sort -r); do umount -l "$m"; done
  CRIO_ROOT=
}
# crio_run NAME NS POD CONTAINER [podman run flags...] -- CMD...: a pod's
# container as CRI-O annotates it; prints its id.
crio_run() {
  local name=$1 ns=$2 pod=$3 ctr=$4; shift 4
  local flags=()
  while [ "$1" != "--" ]; do flags+=("$1"); shift; done
  shift
  cpodman run -d --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --network none --name "$name" \
    --annotation io.kubernetes.cri-o.ContainerType=container --annotation "io.kubernetes.pod.namespace=$ns" \
    --annotation "io.kubernetes.pod.name=$pod" --annotation "io.kubernetes.pod.uid=uid-$pod" \
    --annotation "io.kubernetes.container.name=$ctr" \
    --annotation '"io.kubernetes.cri-o.Labels={""app"":""'"$ctr"'""}"' \
    "${flags[@]}" localhost/lc-test-busybox "$@"
}
crio() { lc-discover --runtime crio --crio-state "$CRIO_ROOT" --crio-state "$CRIO_RUN" "$@"; }

@test "crio: --once gives root, upperdir, mounts, env, pid, k8s fields, labels and the log; stopped and sandbox left out" {
  crio_start
  mkdir -p "$T/h" "$T/pods/prod_web-0_uid-web-0/nginx"
  a=$(crio_run web prod web-0 nginx -v "$T/h:/var/log/app:ro" -e APP_MODE=prod \
      --annotation "io.kubernetes.cri-o.LogPath=$T/pods/prod_web-0_uid-web-0/nginx/0.log" -- sleep 600)
  b=$(cpodman run -d --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --network none --name plain \
      localhost/lc-test-busybox sh -c 'echo plain-out; sleep 600')
  s=$(crio_run infra prod web-0 POD --annotation io.kubernetes.cri-o.ContainerType=sandbox -- sleep 600)
  c=$(cpodman run -d --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --network none --name gone \
      localhost/lc-test-busybox sleep 600)
  cpodman stop -t 0 gone >/dev/null
  run --separate-stderr crio --once
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/events"
  assert_ndjson "$T/events"
  [ "${#lines[@]}" -eq 3 ]
  python3 - "$a" "$b" "$T" "$(cpodman inspect -f '{{.State.Pid}}' web)" "$(cpodman inspect -f '{{.GraphDriver.Data.UpperDir}}' web)" \
    "$(cpodman inspect -f '{{.GraphDriver.Data.MergedDir}}' web)" <<'EOF_PY'
import json, sys
a, b, t, pid, upper, merged = sys.argv[1:]
ev = [json.loads(l) for l in open(t + "/events").read().splitlines()]
assert ev[-1] == {"event": "sync", "ids": sorted([a, b])}, ev[-1]
web = [e for e in ev if e.get("id") == a][0]
assert web["runtime"] == "podman" and web["state"] == "running", web
assert web["name"] == "nginx" and web["k8s"] == {"namespace": "prod", "pod": "web-0", "pod_uid": "uid-web-0", "container": "nginx"}, web
assert web["labels"]["app"] == "nginx", web["labels"]
assert web["env"]["APP_MODE"] == "prod", web["env"]
assert web["pid"] == int(pid), (web["pid"], pid)
assert web["rootfs"] == merged and web["upperdir"] == upper, web
assert {"source": t + "/h", "destination": "/var/log/app", "rw": False} in web["mounts"], web["mounts"]
assert web["log_path"] == t + "/pods/prod_web-0_uid-web-0/nginx/0.log" and web["log_format"] == "cri", web
plain = [e for e in ev if e.get("id") == b][0]
assert plain["name"] == "plain" and plain["image"] == "localhost/lc-test-busybox:latest", plain
assert plain["log_path"].endswith("/userdata/ctr.log") and plain["log_format"] == "cri", plain
EOF_PY
  # podman's own log, read through lc-stdout from what lc-discover found.
  set -o pipefail
  run --separate-stderr bash -c "lc-discover --runtime crio --crio-state '$CRIO_ROOT' --crio-state '$CRIO_RUN' --once \
    --include-label app=nginx --exclude-k8s-namespace kube-system | wc -l"
  [ "$status" -eq 0 ]
  [ "$output" -eq 2 ]
  wait_until 20 grep -q 'stdout F plain-out' "$CRIO_ROOT/overlay-containers/$b/userdata/ctr.log"
  run --separate-stderr bash -c "lc-discover --runtime crio --crio-state '$CRIO_ROOT' --crio-state '$CRIO_RUN' --once | lc-stdout --containers - --since 1h --once"
  [ "$status" -eq 0 ]
  [[ "$output" == *'"plain-out"'* ]]
}

@test "crio: streaming start and stop seen through inotify, before the rescan" {
  crio_start
  bg crio --grace 1s --rescan 1h >"$T/out" 2>"$T/err"
  wait_until 20 synced "$T/out"
  a=$(crio_run web prod web-0 nginx -- sleep 600)
  wait_until 20 has upsert "$a" "$T/out"
  cpodman stop -t 0 web >/dev/null
  wait_until 20 has remove "$a" "$T/out"
  [ ! -s "$T/err" ]
}

@test "crio: a malformed config.json is reported once and never stops the others; a missing dir is a usage error" {
  crio_start
  a=$(crio_run web prod web-0 nginx -- sleep 600)
  half="$CRIO_ROOT/overlay-containers/$(printf 'e%.0s' {1..64})/userdata"
  mkdir -p "$half"
  head -c 200 "$CRIO_ROOT/overlay-containers/$a/userdata/config.json" >"$half/config.json"
  run --separate-stderr crio --once
  [ "$status" -eq 0 ]
  [[ "$output" == *'"id":"'"$a"'"'* ]]
  [ "$stderr" = "lc-discover: $half/config.json: not a JSON object (being written?); retried at the next scan" ]
  run --separate-stderr lc-discover --runtime crio --crio-state "$T/none" --once
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [ "$stderr" = "lc-discover: --crio-state $T/none: no such directory" ]
}

# --- --records: lifecycle records (issue 15) ----------------------------------

# records_ready OUT PROBE: restarts container PROBE until OUT holds its
# container.restart record: from then on lc-discover --records is subscribed
# and writes what it sees.  Bounded; the first restart nearly always does it.
records_ready() {
  local i
  for i in $(seq 20); do
    docker restart -t 0 "$2" >/dev/null
    for _ in $(seq 20); do
      grep -q '"event.name":"container.restart".*"container.id":"'"$2"'"' "$1" 2>/dev/null && return 0
      sleep 0.05
    done
  done
  echo "records_ready: no restart record of $2" >&2
  return 1
}
# records_of OUT ID: the event.name of each record about ID, in order.
records_of() {
  python3 -c 'import json,sys; [print(r["event.name"]) for r in map(json.loads, open(sys.argv[1])) if r.get("container.id") == sys.argv[2]]' "$1" "$2"
}

@test "--records excludes --once: a usage error" {
  run --separate-stderr lc-discover --records --once
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == "lc-discover: --once excludes --records"* ]]
}

@test "--records: start, health_status, die with its exit code, restart and destroy of real containers" {
  # shellcheck disable=SC2046
  bg lc-discover --records $(mine) >"$T/out" 2>"$T/err"
  probe=$(drun probe lc-test/busybox sleep 600)
  records_ready "$T/out" "$probe"
  id=$(drun web --health-cmd true --health-interval 1s lc-test/busybox sh -c 'sleep 3; exit 3')
  wait_until 20 grep -q '"event.name":"container.die".*"container.id":"'"$id"'"' "$T/out"
  docker rm "$id" >/dev/null
  wait_until 20 grep -q '"event.name":"container.destroy".*"container.id":"'"$id"'"' "$T/out"
  assert_ndjson "$T/out"
  [ "$(records_of "$T/out" "$id" | tr '\n' ' ')" = "container.start container.health_status container.die container.destroy " ]
  run python3 - "$T/out" "$id" "$probe" "lcd-$BATS_TEST_NUMBER-web-$$" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
mine = [r for r in recs if r.get("container.id") == sys.argv[2]]
for r in mine:
    assert r["container.name"] == sys.argv[4] and r["container.image.name"] == "lc-test/busybox", r
    assert r["host.name"] and r["time"].endswith("Z") and "lc.cursor" not in r, r
health = [r for r in mine if r["event.name"] == "container.health_status"][0]
assert health["container.health.status"] == "healthy", health
die = [r for r in mine if r["event.name"] == "container.die"][0]
assert die["container.exit_code"] == 3 and die["body"] == "container %s died (exit code 3)" % sys.argv[4], die
probe = [r["event.name"] for r in recs if r.get("container.id") == sys.argv[3]]
assert "container.die container.start container.restart" in " ".join(probe), probe
assert [r for r in recs if r.get("container.id") == sys.argv[3] and r["event.name"] == "container.die"][0]["container.exit_code"] == 137
assert {r["container.id"] for r in recs} == {sys.argv[2], sys.argv[3]}, "a container of another test was told"
PY
  [ "$status" -eq 0 ] || { echo "$output"; cat "$T/out"; false; }
  [ ! -s "$T/err" ]
}

@test "--records: a container killed by its memory limit gives an OOM record, with its pod's fields" {
  # shellcheck disable=SC2046
  bg lc-discover --records $(mine) >"$T/out" 2>"$T/err"
  probe=$(drun probe lc-test/busybox sleep 600)
  records_ready "$T/out" "$probe"
  name="k8s_app_web-0_prod_uid-1_0"
  id=$(docker run -d --network none --name "$name-$$" $(lbl) -m 32m --memory-swap 32m \
    --label io.kubernetes.pod.namespace=prod --label io.kubernetes.pod.name=web-0 \
    --label io.kubernetes.pod.uid=uid-1 --label io.kubernetes.container.name=app \
    lc-test/busybox dd if=/dev/zero of=/dev/null bs=64M count=1)
  wait_until 20 grep -q '"event.name":"container.die".*"container.id":"'"$id"'"' "$T/out"
  assert_ndjson "$T/out"
  # The engine may tell the OOM before the start of a container that dies at once.
  [ "$(records_of "$T/out" "$id" | sort | tr '\n' ' ')" = "container.die container.oom container.start " ]
  [ "$(records_of "$T/out" "$id" | tail -1)" = container.die ]
  run python3 - "$T/out" "$id" <<'PY'
import json, sys
mine = [r for r in map(json.loads, open(sys.argv[1])) if r.get("container.id") == sys.argv[2]]
for r in mine:
    got = {k: r.get(k) for k in ("k8s.namespace.name", "k8s.pod.name", "k8s.pod.uid", "k8s.container.name")}
    assert got == {"k8s.namespace.name": "prod", "k8s.pod.name": "web-0", "k8s.pod.uid": "uid-1",
                   "k8s.container.name": "app"}, r
oom = [r for r in mine if r["event.name"] == "container.oom"][0]
assert "out of memory" in oom["body"], oom
assert [r for r in mine if r["event.name"] == "container.die"][0]["container.exit_code"] == 137
PY
  [ "$status" -eq 0 ] || { echo "$output"; cat "$T/out"; false; }
  [ ! -s "$T/err" ]
}

@test "--records on podman's API socket: start, die with its exit code, restart and destroy" {
  podman_start
  # shellcheck disable=SC2046
  bg lc-discover --records --docker-host "unix://$T/podman.sock" $(mine) >"$T/out" 2>"$T/err"
  probe=$(prun localhost/lc-test-busybox sleep 600)
  # Subscribed once a restart of the probe is told (bounded, as records_ready).
  for i in $(seq 20); do
    podman restart -t 0 "$probe" >/dev/null
    wait_until 5 grep -q '"event.name":"container.restart".*"container.id":"'"$probe"'"' "$T/out" 2>/dev/null && break || true
  done
  grep -q '"event.name":"container.restart".*"container.id":"'"$probe"'"' "$T/out"
  id=$(prun --name "lcd-$BATS_TEST_NUMBER-web-$$" localhost/lc-test-busybox sh -c 'sleep 1; exit 3')
  wait_until 20 grep -q '"event.name":"container.die".*"container.id":"'"$id"'"' "$T/out"
  podman rm "$id" >/dev/null
  wait_until 20 grep -q '"event.name":"container.destroy".*"container.id":"'"$id"'"' "$T/out"
  assert_ndjson "$T/out"
  [ "$(records_of "$T/out" "$id" | tr '\n' ' ')" = "container.start container.die container.destroy " ]
  run python3 - "$T/out" "$id" "lcd-$BATS_TEST_NUMBER-web-$$" <<'PY'
import json, sys
mine = [r for r in map(json.loads, open(sys.argv[1])) if r.get("container.id") == sys.argv[2]]
for r in mine:
    assert r["container.name"] == sys.argv[3], r
    assert r["container.image.name"].endswith("lc-test-busybox:latest"), r
    assert r["host.name"] and r["time"].endswith("Z") and "lc.cursor" not in r, r
die = [r for r in mine if r["event.name"] == "container.die"][0]
assert die["container.exit_code"] == 3 and die["body"] == "container %s died (exit code 3)" % sys.argv[3], die
PY
  [ "$status" -eq 0 ] || { echo "$output"; cat "$T/out"; false; }
  [ ! -s "$T/err" ]
}

# probe_until_told START: lc-discover --records >$T/out on an on-disk source
# is subscribed once a probe started after it is told (one started during
# its first scan is known, not told): `START N` starts probe N, a new one
# each round until $T/out holds a start record, bounded.
probe_until_told() {
  local i
  for i in $(seq 10); do
    "$1" "$i" >/dev/null
    wait_until 5 grep -q '"event.name":"container.start"' "$T/out" 2>/dev/null && return 0 || true
  done
  grep -q '"event.name":"container.start"' "$T/out"
}
ctd_probe() { ctd_run "$(cid "probe$1")" prod probe-0 uid-p probe -- sleep 600; }
crio_probe() { crio_run "probe$1" prod probe-0 probe -- sleep 600; }

@test "--records on a containerd node, from the bundles on disk: start and die with the pod's fields" {
  ctd_start
  mkdir -p "$T/pods"
  bg lc-discover --records --runtime containerd --containerd-state "$CTD_STATE" --pods-dir "$T/pods" >"$T/out" 2>"$T/err"
  probe_until_told ctd_probe
  a=$(cid web)
  ctd_run "$a" prod web-0 uid-1 nginx -- sleep 600
  wait_until 20 grep -q '"event.name":"container.start".*"container.id":"'"$a"'"' "$T/out"
  ctd_rm "$a"
  wait_until 20 grep -q '"event.name":"container.die".*"container.id":"'"$a"'"' "$T/out"
  assert_ndjson "$T/out"
  [ "$(records_of "$T/out" "$a" | tr '\n' ' ')" = "container.start container.die " ]
  run python3 - "$T/out" "$a" <<'PY'
import json, sys
mine = [r for r in map(json.loads, open(sys.argv[1])) if r.get("container.id") == sys.argv[2]]
for r in mine:
    got = {k: r.get(k) for k in ("k8s.namespace.name", "k8s.pod.name", "k8s.pod.uid", "k8s.container.name", "container.runtime")}
    assert got == {"k8s.namespace.name": "prod", "k8s.pod.name": "web-0", "k8s.pod.uid": "uid-1",
                   "k8s.container.name": "nginx", "container.runtime": "containerd"}, r
    assert "container.exit_code" not in r, r  # the bundle does not keep it
PY
  [ "$status" -eq 0 ] || { echo "$output"; cat "$T/out"; false; }
  [ ! -s "$T/err" ]
}

@test "--records on a CRI-O node, from containers/storage on disk: start and die with the pod's fields" {
  crio_start
  bg lc-discover --records --runtime crio --crio-state "$CRIO_ROOT" --crio-state "$CRIO_RUN" >"$T/out" 2>"$T/err"
  probe_until_told crio_probe
  a=$(crio_run web prod web-0 nginx -- sleep 600)
  wait_until 20 grep -q '"event.name":"container.start".*"container.id":"'"$a"'"' "$T/out"
  cpodman stop -t 0 web >/dev/null
  wait_until 20 grep -q '"event.name":"container.die".*"container.id":"'"$a"'"' "$T/out"
  assert_ndjson "$T/out"
  [ "$(records_of "$T/out" "$a" | tr '\n' ' ')" = "container.start container.die " ]
  run python3 - "$T/out" "$a" <<'PY'
import json, sys
mine = [r for r in map(json.loads, open(sys.argv[1])) if r.get("container.id") == sys.argv[2]]
for r in mine:
    got = {k: r.get(k) for k in ("k8s.namespace.name", "k8s.pod.name", "k8s.pod.uid", "k8s.container.name")}
    assert got == {"k8s.namespace.name": "prod", "k8s.pod.name": "web-0", "k8s.pod.uid": "uid-web-0",
                   "k8s.container.name": "nginx"}, r
    assert r["container.runtime"] == "podman", r  # podman made them (CRI-O's annotations, podman's config)
    assert "container.exit_code" not in r, r  # containers/storage does not keep it
PY
  [ "$status" -eq 0 ] || { echo "$output"; cat "$T/out"; false; }
  [ ! -s "$T/err" ]
}
