#!/usr/bin/env bats
# lc-metrics: on fixture cgroup trees (v1 hybrid and v2, through
# --cgroup-root) and against real containers of the suite's Docker engine
# (cgroup v1 hybrid on these machines), checked against the cgroup files and
# `docker stats --no-stream`.  Every container is labelled lcm.suite so
# teardown removes exactly ours.  The engine runs with --bridge=none: the
# network check uses loopback traffic (ping 127.0.0.1) inside the container.

bats_require_minimum_version 1.5.0
load helpers
eval "helpers_$(declare -f teardown)"

setup_file() {
  docker_start
  docker_test_image
  export LCM_SUITE="lcm-$$"
}

teardown() {
  docker_rm_where "label=lcm.test=$LCM_SUITE-$BATS_TEST_NUMBER"
  helpers_teardown
}

teardown_file() {
  docker_rm_where "label=lcm.suite=$LCM_SUITE"
  docker_stop
}

# drun NAME [docker run flags...] CMD...: a detached container of this test; prints its id.
drun() {
  local name="lcm-$BATS_TEST_NUMBER-$1-$$"; shift
  docker run -d --network none --name "$name" --label "lcm.suite=$LCM_SUITE" \
    --label "lcm.test=$LCM_SUITE-$BATS_TEST_NUMBER" "$@"
}
# events: lc-discover --once for this test's containers, into $T/events.
events() {
  lc-discover --once --include-label "lcm.test=$LCM_SUITE-$BATS_TEST_NUMBER" >"$T/events"
}
# field JSON-FILE NAME: the value of field NAME in the one record of FILE.
field() { python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; assert len(r)==1, r; print(r[0].get(sys.argv[2], "absent"))' "$1" "$2"; }
# cgdir CTRL ID: the v1 cgroup directory of a container (from its pid).
cgdir() {
  local pid path
  pid=$(docker inspect -f '{{.State.Pid}}' "$2")
  path=$(awk -F: -v c="$1" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' "/proc/$pid/cgroup")
  awk -v c="$1" '{ for (d = 7; d < NF && $d != "-"; d++); if ($(d + 1) != "cgroup") next
    n = split($(d + 3), o, ","); for (i = 1; i <= n; i++) if (o[i] == c) print $5 }' /proc/self/mountinfo | head -1 | tr -d '\n'
  echo "$path"
}

# A synthetic hybrid (v1 + unified) tree of one Docker container, in $T/cg.
hybrid_tree() {
  local c=$T/cg id=$1
  mkdir -p "$c/cpu/docker/$id" "$c/cpuacct/docker/$id" "$c/memory/docker/$id" "$c/blkio/docker/$id" \
    "$c/pids/docker/$id" "$c/unified/docker/$id"
  echo 2500000000 >"$c/cpuacct/docker/$id/cpuacct.usage"
  printf 'user 200\nsystem 50\n' >"$c/cpuacct/docker/$id/cpuacct.stat"
  printf 'nr_periods 10\nnr_throttled 3\nthrottled_time 1500000000\n' >"$c/cpu/docker/$id/cpu.stat"
  echo 10485760 >"$c/memory/docker/$id/memory.usage_in_bytes"
  echo 12582912 >"$c/memory/docker/$id/memory.max_usage_in_bytes"
  echo 67108864 >"$c/memory/docker/$id/memory.limit_in_bytes"
  printf 'cache 0\ntotal_inactive_file 2097152\n' >"$c/memory/docker/$id/memory.stat"
  printf 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n' >"$c/memory/docker/$id/memory.oom_control"
  printf '8:0 Read 4096\n8:0 Write 8192\nTotal 12288\n' >"$c/blkio/docker/$id/blkio.throttle.io_service_bytes"
  printf '8:0 Read 1\n8:0 Write 2\nTotal 3\n' >"$c/blkio/docker/$id/blkio.throttle.io_serviced"
  echo 4 >"$c/pids/docker/$id/pids.current"
  echo max >"$c/pids/docker/$id/pids.max"
  printf 'usage_usec 1\n' >"$c/unified/docker/$id/cpu.stat"
}

upsert() { printf '{"event":"upsert","id":"%s","name":"%s","image":"img:1","state":"running","pid":0,"runtime":"docker","labels":{"io.kubernetes.pod.namespace":"prod"},"k8s":{"namespace":"prod","pod":"web-0","container":"web"}}\n' "$1" "$2"; }

# --- usage --------------------------------------------------------------------

@test "--help and --version exit 0 on stdout" {
  run --separate-stderr lc-metrics --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"--prometheus"* ]]
  [ -z "$stderr" ]
  run --separate-stderr lc-metrics --version
  [ "$status" -eq 0 ]
  [[ "$output" == "lc "* ]]
}

@test "every option in --help is in the man page and in both completions" {
  run options_documented lc-metrics
  [ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "usage errors exit 2 naming the flag, with nothing on stdout" {
  run --separate-stderr lc-metrics --interval 0s --once </dev/null
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == "lc-metrics: --interval: "* ]]
  run --separate-stderr lc-metrics --cgroup-root "$T/none" --once </dev/null
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == "lc-metrics: --cgroup-root: "* ]]
}

# --- fixture trees ------------------------------------------------------------

@test "hybrid v1 fixture tree: every number from its file, OTel names, k8s tags, Prometheus file" {
  hybrid_tree c1
  upsert c1 web >"$T/ev"
  run --separate-stderr lc-metrics --once --cgroup-root "$T/cg" --no-host-name --prometheus "$T/out/lc.prom" <"$T/ev"
  [ "$status" -eq 1 ]  # the Prometheus file's directory does not exist
  [[ "$stderr" == "lc-metrics: $T/out/lc.prom"* ]]
  mkdir "$T/out"
  run --separate-stderr lc-metrics --once --cgroup-root "$T/cg" --no-host-name --prometheus "$T/out/lc.prom" <"$T/ev"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/rec"
  assert_ndjson "$T/rec"
  run python3 - "$T/rec" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).readline())
want = {"event.name": "container.metrics", "container.id": "c1", "container.name": "web",
        "container.image.name": "img:1", "k8s.namespace.name": "prod", "k8s.pod.name": "web-0",
        "k8s.container.name": "web", "container.cpu.time": 2.5, "container.cpu.time.user": 2.0,
        "container.cpu.time.system": 0.5, "container.cpu.periods": 10, "container.cpu.throttled.periods": 3,
        "container.cpu.throttled.time": 1.5, "container.memory.usage": 8388608,
        "container.memory.usage.total": 10485760, "container.memory.peak": 12582912,
        "container.memory.limit": 67108864, "container.memory.oom_kills": 1, "container.disk.io.read": 4096,
        "container.disk.io.write": 8192, "container.disk.operations.read": 1, "container.disk.operations.write": 2,
        "container.pids.count": 4, "lc.cgroup.version": 1}
bad = {k: (r.get(k), v) for k, v in want.items() if r.get(k) != v}
assert not bad, bad
assert "container.pids.limit" not in r and "host.name" not in r and "container.network.io.receive" not in r, r
PY
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  grep -qx 'container_cpu_time_seconds_total{container_id="c1",container_name="web",container_image_name="img:1",container_runtime="docker",k8s_namespace_name="prod",k8s_pod_name="web-0",k8s_container_name="web"} 2.500000000' "$T/out/lc.prom"
  grep -qx '# TYPE container_memory_usage_bytes gauge' "$T/out/lc.prom"
  run ls "$T/out"
  [ "$status" -eq 0 ]
  [ "$output" = "lc.prom" ]  # no temp file left
}

@test "cgroup v2 fixture tree; a removed container and a vanished one are skipped quietly" {
  mkdir -p "$T/cg/system.slice/docker-c2.scope" "$T/cg/docker/gone"
  echo "cpu memory io pids" >"$T/cg/cgroup.controllers"
  d="$T/cg/system.slice/docker-c2.scope"
  printf 'usage_usec 3000000\nuser_usec 2000000\nsystem_usec 1000000\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n' >"$d/cpu.stat"
  echo 4096000 >"$d/memory.current"
  echo max >"$d/memory.max"
  printf 'inactive_file 96000\n' >"$d/memory.stat"
  printf 'oom 0\noom_kill 0\n' >"$d/memory.events"
  echo '8:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0' >"$d/io.stat"
  echo 1 >"$d/pids.current"
  echo 50 >"$d/pids.max"
  { upsert c2 two; upsert c3 three; upsert c4 four; echo '{"event":"remove","id":"c4"}'; } >"$T/ev"
  run --separate-stderr lc-metrics --once --cgroup-root "$T/cg" <"$T/ev"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/rec"
  assert_ndjson "$T/rec"
  [ "$(wc -l <"$T/rec")" -eq 1 ]
  [ "$(field "$T/rec" container.name)" = two ]
  [ "$(field "$T/rec" container.cpu.time)" = 3.0 ]
  [ "$(field "$T/rec" container.memory.usage)" = 4000000 ]
  [ "$(field "$T/rec" container.memory.limit)" = absent ]
  [ "$(field "$T/rec" container.pids.limit)" = 50 ]
  [ "$(field "$T/rec" container.disk.io.write)" = 20 ]
  [ "$(field "$T/rec" lc.cgroup.version)" = 2 ]
  [ "$(field "$T/rec" host.name)" != absent ]
}

@test "--host-root: the container's /proc/<pid>/cgroup and net/dev are read under it" {
  hybrid_tree c1
  mkdir -p "$T/cg/memory/kubepods/pod1/c1" "$T/host/proc/4242/net"
  cp "$T/cg/memory/docker/c1/"* "$T/cg/memory/kubepods/pod1/c1/"
  echo 999 >"$T/cg/memory/kubepods/pod1/c1/memory.usage_in_bytes"
  printf '4:memory:/kubepods/pod1/c1\n2:cpuacct:/docker/c1\n0::/docker/c1\n' >"$T/host/proc/4242/cgroup"
  printf 'Inter-| Receive | Transmit\n face |bytes packets errs drop fifo frame compressed multicast|bytes packets errs drop fifo colls carrier compressed\n' >"$T/host/proc/4242/net/dev"
  printf '    lo: 50 1 0 0 0 0 0 0 50 1 0 0 0 0 0 0\n  eth0: 1234 10 0 0 0 0 0 0 5678 20 0 0 0 0 0 0\n' >>"$T/host/proc/4242/net/dev"
  upsert c1 web | sed 's/"pid":0/"pid":4242/' >"$T/ev"
  run --separate-stderr lc-metrics --once --cgroup-root "$T/cg" --host-root "$T/host" <"$T/ev"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/rec"
  [ "$(field "$T/rec" container.memory.usage.total)" = 999 ]  # the pid's memory cgroup, not the guess
  [ "$(field "$T/rec" container.cpu.time)" = 2.5 ]
  [ "$(field "$T/rec" container.pids.count)" = absent ]  # no pids line for this pid
  [ "$(field "$T/rec" container.network.io.receive)" = 1234 ]
  [ "$(field "$T/rec" container.network.io.transmit)" = 5678 ]
  [ "$(field "$T/rec" container.network.packets.receive)" = 10 ]
}

@test "an unreadable cgroup file is said once on stderr, the container skipped, the run goes on" {
  [ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null || skip "needs setpriv to drop root"
  hybrid_tree c1
  hybrid_tree c2
  chmod -R a+rX "$T"
  chmod 000 "$T/cg/memory/docker/c1/memory.usage_in_bytes"
  { upsert c1 one; upsert c2 two; } >"$T/ev"
  run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups lc-metrics --once --cgroup-root "$T/cg" <"$T/ev"
  [ "$status" -eq 0 ]
  [ "$(grep -c . <<<"$stderr")" -eq 1 ]
  [[ "$stderr" == "lc-metrics: c1: $T/cg/memory/docker/c1/memory.usage_in_bytes: Permission denied" ]]
  printf '%s\n' "$output" >"$T/rec"
  [ "$(field "$T/rec" container.name)" = two ]
}

@test "without --once: a sample every --interval from a live event pipe, an OOM record when oom_kill rises; SIGTERM ends it with 0" {
  hybrid_tree c1
  mkfifo "$T/fifo"
  bg sh -c "lc-metrics --interval 200ms --cgroup-root '$T/cg' <'$T/fifo' >'$T/rec' 2>'$T/err'"
  exec 7>"$T/fifo"
  upsert c1 web >&7
  wait_until 10 sh -c "[ \$(wc -l <'$T/rec') -ge 2 ]"
  echo 5000000000 >"$T/cg/cpuacct/docker/c1/cpuacct.usage"
  wait_until 10 grep -q '"container.cpu.time":5.000000000' "$T/rec"
  printf 'oom_kill_disable 0\nunder_oom 0\noom_kill 3\n' >"$T/cg/memory/docker/c1/memory.oom_control"
  wait_until 10 grep -q '"body":"container web: 2 processes killed by the OOM killer","event.name":"container.oom"' "$T/rec"
  pid=$(pgrep -P "$BG_PID" lc-metrics || echo "$BG_PID")
  kill -TERM "$pid"
  exec 7>&-
  rc=0
  wait "$BG_PID" || rc=$?
  [ "$rc" -eq 0 ]
  assert_ndjson "$T/rec"
  [ ! -s "$T/err" ]
}

# --- real containers ------------------------------------------------------------

@test "a container that burns CPU shows CPU time rising, as its cgroup files say" {
  id=$(drun burn lc-test/busybox sh -c 'while :; do :; done')
  events
  run --separate-stderr lc-metrics --once <"$T/events"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/a"
  assert_ndjson "$T/a"
  a=$(field "$T/a" container.cpu.time)
  [ "$(field "$T/a" container.id)" = "$id" ]
  [ "$(field "$T/a" lc.cgroup.version)" = 1 ]
  # Wait for at least 0.3 s of CPU more than the first sample (polled, not slept for).
  acct=$(cgdir cpuacct "$id")/cpuacct.usage
  wait_until 20 sh -c "[ \$(cat '$acct') -gt $(python3 -c "print(int(($a + 0.3) * 1e9))") ]"
  run --separate-stderr lc-metrics --once <"$T/events"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/b"
  after=$(cat "$acct")
  b=$(field "$T/b" container.cpu.time)
  python3 -c "import sys; a, b, f = $a, $b, $after / 1e9; assert b >= a + 0.3, (a, b); assert b <= f + 1e-9 and f - b < 1.0, (b, f)"
}

@test "a container that allocates memory shows it, as docker stats and the cgroup files say; its limit and pids too" {
  id=$(drun mem -m 128m --tmpfs /t:size=64m lc-test/busybox sh -c 'dd if=/dev/zero of=/t/f bs=1M count=40 2>/dev/null && echo ready && sleep 600')
  wait_until 20 sh -c "docker logs $id 2>/dev/null | grep -q ready"
  events
  run --separate-stderr lc-metrics --once <"$T/events"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/rec"
  usage=$(field "$T/rec" container.memory.usage)
  [ "$(field "$T/rec" container.memory.limit)" = 134217728 ]
  [ "$usage" -ge 41943040 ]
  files=$(cgdir memory "$id")
  total=$(cat "$files/memory.usage_in_bytes")
  inactive=$(awk '$1 == "total_inactive_file" { print $2 }' "$files/memory.stat")
  stats=$(docker stats --no-stream --format '{{.MemUsage}}' "$id")
  [ "$(field "$T/rec" container.pids.count)" -eq "$(docker stats --no-stream --format '{{.PIDs}}' "$id")" ]
  python3 - "$usage" "$total" "$inactive" "$stats" <<'PY'
import sys, re
usage, total, inactive = (int(x) for x in sys.argv[1:4])
want = total - inactive
assert abs(usage - want) < 1 << 20, (usage, want)  # the page cache moves a little between two reads
n, unit = re.match(r"([0-9.]+)([KMG]i?B)", sys.argv[4]).groups()
docker = float(n) * {"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}[unit]
assert abs(usage - docker) < 0.05 * docker, (usage, docker, sys.argv[4])
PY
}

@test "a child killed by the container's memory limit counts in container.memory.oom_kills" {
  id=$(drun oom -m 32m --memory-swap 32m lc-test/busybox sh -c 'dd if=/dev/zero of=/dev/null bs=64M count=1; echo done $?; sleep 600')
  wait_until 20 sh -c "docker logs $id 2>/dev/null | grep -q done"
  events
  run --separate-stderr lc-metrics --once <"$T/events"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/rec"
  [ "$(field "$T/rec" container.memory.oom_kills)" -ge 1 ]
  [ "$(field "$T/rec" container.memory.oom_kills)" -eq "$(awk '$1 == "oom_kill" { print $2 }' "$(cgdir memory "$id")/memory.oom_control")" ]
}

@test "network counters: loopback traffic inside the container with --include-loopback, none without" {
  id=$(drun net lc-test/busybox sh -c 'busybox ping -c 3 -i 0.2 127.0.0.1 >/dev/null; echo pinged; sleep 600')
  wait_until 20 sh -c "docker logs $id 2>/dev/null | grep -q pinged"
  events
  run --separate-stderr lc-metrics --once --include-loopback <"$T/events"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  printf '%s\n' "$output" >"$T/rec"
  pid=$(docker inspect -f '{{.State.Pid}}' "$id")
  lo_rx=$(awk '$1 == "lo:" { print $2 }' "/proc/$pid/net/dev")
  [ "$(field "$T/rec" container.network.io.receive)" -eq "$lo_rx" ]
  [ "$lo_rx" -ge 252 ]  # 3 echo requests and 3 replies of 84 bytes, each received once on lo
  [ "$(field "$T/rec" container.network.packets.transmit)" -ge 6 ]
  run --separate-stderr lc-metrics --once <"$T/events"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/rec"
  [ "$(field "$T/rec" container.network.io.receive)" -eq 0 ]  # --network none: only lo
}

@test "a process of a running container killed by its memory limit gives a container.oom record between two samples" {
  id=$(drun oomlive -m 32m --memory-swap 32m lc-test/busybox sleep 600)
  events
  mkfifo "$T/fifo"
  bg sh -c "lc-metrics --interval 200ms <'$T/fifo' >'$T/rec' 2>'$T/err'"
  exec 7>"$T/fifo"
  cat "$T/events" >&7
  wait_until 20 grep -q '"event.name":"container.metrics"' "$T/rec"
  run docker exec "$id" dd if=/dev/zero of=/dev/null bs=64M count=1
  [ "$status" -eq 137 ]  # SIGKILL, by the OOM killer
  wait_until 20 grep -q '"event.name":"container.oom"' "$T/rec"
  exec 7>&-
  assert_ndjson "$T/rec"
  run python3 - "$T/rec" "$id" <<'PY'
import json, sys
oom = [r for r in map(json.loads, open(sys.argv[1])) if r["event.name"] == "container.oom"]
assert len(oom) == 1 and oom[0]["container.id"] == sys.argv[2] and oom[0]["container.memory.oom_kills"] == 1, oom
PY
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  [ ! -s "$T/err" ]
}
