# Shared by every tests/lc-*.bats: a temp dir per test, a scrubbed
# environment, helpers for background processes and a real Docker engine.
#
# Use:   load helpers          (in each .bats file)
# Each test gets $T (its own empty directory) and PATH with bin/ first.

LC_ROOT="$(cd "$(dirname "${BATS_TEST_FILENAME}")/.." && pwd)"

lc_scrub_env() {
  local v
  for v in $(env | sed -n 's/^\(LCTK_[A-Za-z0-9_]*\)=.*/\1/p'); do
    case "$v" in LCTK_TEST_*) ;; *) unset "$v" ;; esac
  done
  unset DOCKER_HOST CONTAINER_HOST
  # The one engine a test may talk to: the test engine (docker_start).
  if [ -n "${LCTK_TEST_DOCKER_HOST:-}" ]; then export DOCKER_HOST="$LCTK_TEST_DOCKER_HOST"; fi
  export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC
  export PATH="$LC_ROOT/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
}

setup() {
  lc_scrub_env
  T="$(mktemp -d "${BATS_TMPDIR:-/tmp}/lc-test.XXXXXX")"
  export T
  LC_BG_PIDS=()
}

# kill_tree PID: kills PID and everything below it, children first (a
# killed parent's children are re-parented and could no longer be found).
# A `bg sh -c "a | b"` leaves a and b behind otherwise, and a survivor that
# holds bats' output open keeps the suite from ever ending.
kill_tree() {
  local c
  for c in $(pgrep -P "$1"); do kill_tree "$c"; done
  kill -9 "$1" 2>/dev/null || true
}

teardown() {
  local p
  for p in "${LC_BG_PIDS[@]}"; do kill_tree "$p"; done
  for p in "${LC_BG_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "${T:-}" ] && rm -rf "$T"
}

# bg CMD...: run CMD in the background; its pid is killed at teardown.
# The pid is left in $BG_PID.
bg() {
  "$@" &
  BG_PID=$!
  LC_BG_PIDS+=("$BG_PID")
}

# catches PID SIGNUM: PID has a handler for signal SIGNUM (from SigCgt in
# /proc), so a signal sent now is handled, not fatal.  What to wait for
# before signalling a process that has printed nothing yet.
catches() {
  local mask
  mask=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$mask" ] && (( (16#$mask >> ($2 - 1)) & 1 ))
}

# wait_until SECONDS CMD...: poll CMD (every 50 ms) until it succeeds.
# For conditions that have no event to wait on; fails the test on timeout.
wait_until() {
  local limit=$1; shift
  local deadline=$(( $(date +%s%N) + limit * 1000000000 ))
  while ! "$@"; do
    if [ "$(date +%s%N)" -gt "$deadline" ]; then
      echo "wait_until: timed out after ${limit}s: $*" >&2
      return 1
    fi
    sleep 0.05
  done
}

# lines_in FILE: number of lines (0 if missing).
lines_in() { [ -f "$1" ] && wc -l <"$1" || echo 0; }

# --- a real Docker engine ------------------------------------------------
# tests/run_all.sh starts one dockerd for the whole run and exports
# LCTK_TEST_DOCKER_HOST; a suite run alone starts its own with
# docker_start in setup_file and stops it with docker_stop in teardown_file.

docker_start() {
  if [ -n "${LCTK_TEST_DOCKER_HOST:-}" ]; then
    export DOCKER_HOST="$LCTK_TEST_DOCKER_HOST"
    return 0
  fi
  command -v dockerd >/dev/null || skip "dockerd not installed (make deps)"
  local d
  d="$(mktemp -d /tmp/lc-dockerd.XXXXXX)"
  LC_DOCKER_DIR="$d"
  export LC_DOCKER_DIR
  dockerd --data-root "$d/root" --exec-root "$d/exec" --pidfile "$d/pid" \
    --host "unix://$d/docker.sock" --bridge=none --iptables=false \
    >"$d/log" 2>&1 &
  export DOCKER_HOST="unix://$d/docker.sock"
  export LCTK_TEST_DOCKER_HOST="$DOCKER_HOST" LCTK_TEST_DOCKER_ROOT="$d/root"
  local i
  for i in $(seq 120); do docker info >/dev/null 2>&1 && break; sleep 0.25; done
  docker info >/dev/null 2>&1 || { cat "$d/log" >&2; return 1; }
  docker_test_image
}

# docker_rm_where FILTER: removes the containers docker ps -a --filter
# FILTER lists, one at a time, each call bounded.  One at a time: Debian 12's
# dockerd (20.10.24) can deadlock when many containers exit at once
# (libnetwork's sbLeave -> getSvcRecords against the watch loop's
# processEndpointDelete, moby/moby#42545; fixed in later 20.10 releases, not
# in Debian's).  Seen in CI: 200 containers removed 8 x 25 at a time left the
# engine answering nothing, and an unbounded teardown hung the suite.
docker_rm_where() {
  timeout -k 5 60 docker ps -aq --filter "$1" 2>/dev/null |
    timeout -k 5 "${LCTK_TEARDOWN_TIMEOUT:-180}" xargs -r -n 1 docker rm -f >/dev/null 2>&1 || true
}

docker_stop() {
  [ -n "${LC_DOCKER_DIR:-}" ] || return 0
  local pid
  pid="$(cat "$LC_DOCKER_DIR/pid" 2>/dev/null)"
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -rf "$LC_DOCKER_DIR" 2>/dev/null || true
}

# The test image: busybox from Debian, imported (no registry is reachable).
docker_test_image() {
  docker image inspect lc-test/busybox >/dev/null 2>&1 && return 0
  local r
  r="$(mktemp -d)"
  mkdir -p "$r/bin" "$r/tmp" "$r/var/log"
  cp /bin/busybox "$r/bin/"
  for c in sh echo sleep cat seq date head yes printf tr dd true false ln ls; do
    ln -s busybox "$r/bin/$c"
  done
  tar -C "$r" -c . | docker import - lc-test/busybox >/dev/null
  rm -rf "$r"
}

# stand_in [SCRIPT-JSON]: starts tests/stand_in_http.py (killed at teardown),
# the scripted HTTP server of the lc-ship suites; $URL is its
# http://127.0.0.1:PORT, $REC its record directory, $STAND_IN_PID its pid.
stand_in() {
  REC="$T/rec"
  local args=(--port-file "$T/port" --record-dir "$REC")
  if [ -n "${1:-}" ]; then
    printf '%s' "$1" >"$T/script.json"
    args+=(--script "$T/script.json")
  fi
  bg /usr/bin/python3 "$LC_ROOT/tests/stand_in_http.py" "${args[@]}"
  STAND_IN_PID=$BG_PID
  wait_until 10 test -s "$T/port"
  URL="http://127.0.0.1:$(cat "$T/port")"
}

# options_documented TOOL: every long option TOOL --help lists is in its man
# page and in its bash and zsh completions; names the first one missing.
options_documented() {
  local tool=$1 opts opt
  opts=$("$tool" --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u)
  [ -n "$opts" ] || { echo "$tool --help lists no options"; return 1; }
  for opt in $opts; do
    grep -qF -- "${opt//-/\\-}" "$LC_ROOT/man/$tool.1" || { echo "man: $opt"; return 1; }
    grep -qF -- "$opt" "$LC_ROOT/completions/bash/$tool" || { echo "bash: $opt"; return 1; }
    grep -qF -- "$opt" "$LC_ROOT/completions/zsh/_$tool" || { echo "zsh: $opt"; return 1; }
  done
}

# --- the suite's own rules (issue 13) -------------------------------------
# A pipeline fails when any of its commands fails, not only the last: a
# crashing tool piped into jq or grep must fail the test.
set -o pipefail

# seed_random: seeds $RANDOM from $LCTK_TEST_SEED (else the clock) and logs
# the seed in the TAP output, so a random moment that failed can be replayed:
#   LCTK_TEST_SEED=1234 bats tests/lc-ship.bats -f 'name'
seed_random() {
  LC_SEED=${LCTK_TEST_SEED:-$(( $(date +%s%N) / 1000 % 32768 ))}
  RANDOM=$LC_SEED
  echo "# seed: LCTK_TEST_SEED=$LC_SEED" >&3
}

# assert_ndjson FILE|-: every line is one JSON object by a strict parser
# (Python's json: raw control bytes, NaN, trailing garbage refused; jq 1.6
# accepts raw control bytes), and there is at least one.  Names the first
# bad line.
assert_ndjson() {
  python3 -c '
import json, sys
f = sys.stdin.buffer if sys.argv[1] == "-" else open(sys.argv[1], "rb")
n = 0
def refuse(c):
    raise ValueError("not JSON: " + c)
for n, raw in enumerate(f, 1):
    if not raw.endswith(b"\n"):
        sys.exit("%s:%d: no newline at the end (torn line?): %r" % (sys.argv[1], n, raw[:200]))
    try:
        v = json.loads(raw.decode("utf-8"), parse_constant=refuse)
    except (ValueError, UnicodeDecodeError) as e:
        sys.exit("%s:%d: %s: %r" % (sys.argv[1], n, e, raw[:200]))
    if not isinstance(v, dict):
        sys.exit("%s:%d: not a JSON object: %r" % (sys.argv[1], n, raw[:200]))
if n == 0:
    sys.exit("%s: no records" % sys.argv[1])
' "$1"
}

# LCTK_TEST_BIN (tests/run_sanitized.sh): the suites run the tools of another
# build, e.g. bin/asan, put first on PATH by every test's setup.  Tests that
# name "$LC_ROOT/bin/..." themselves still run the normal build.
if [ -n "${LCTK_TEST_BIN:-}" ]; then
  eval "lc_scrub_env_default() $(declare -f lc_scrub_env | tail -n +2)"
  lc_scrub_env() { lc_scrub_env_default; export PATH="$LCTK_TEST_BIN:$PATH"; }
fi

# assert_prom FILE: FILE is Prometheus text exposition format, strictly:
# "# HELP n …" and "# TYPE n gauge|counter" before each metric's samples,
# sample lines "name value" with an integer or float value, no stray lines.
assert_prom() {
  python3 - "$1" <<'PY'
import re, sys
typed, bad = set(), []
for n, line in enumerate(open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1], 1):
    m = re.fullmatch(r"# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)", line)
    if m:
        if m.group(1) == "TYPE":
            if m.group(3) not in ("gauge", "counter"): bad.append((n, line))
            typed.add(m.group(2))
        continue
    m = re.fullmatch(r"([a-zA-Z_:][a-zA-Z0-9_:]*) (-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)", line)
    if not m or m.group(1) not in typed: bad.append((n, line))
if bad: sys.exit("%s: not Prometheus text: %r" % (sys.argv[1], bad[:3]))
PY
}
# prom_is FILE NAME VALUE: FILE has the sample "NAME VALUE".
prom_is() { grep -qx "$2 $3" "$1" 2>/dev/null; }

# --- a real private containerd (../shared/TESTING.md) ----------------------
# ctd_start [CONTAINERD-FLAGS...]: Debian's containerd as a daemon of this
# test (given those flags too, e.g. --config), its root, state and socket
# under $T/ctd, with docker.io/lc-test/busybox:latest imported (ctd_image:
# a docker-archive made here from /bin/busybox: no registry, no dockerd).
# $CTD_STATE is its state dir; ctd_stop (call it from teardown) kills and
# removes its tasks and containers, stops the daemon and unmounts leftovers.
ctd_start() {
  command -v containerd >/dev/null && command -v ctr >/dev/null || skip "containerd not installed (make deps)"
  mkdir -p "$T/ctd"
  CTD_STATE="$T/ctd/state"
  CTD_SOCK="$T/ctd/sock"
  export CTD_STATE CTD_SOCK
  containerd "$@" --root "$T/ctd/root" --state "$CTD_STATE" --address "$CTD_SOCK" >"$T/ctd/log" 2>&1 &
  CTD_PID=$!
  local i
  for i in $(seq 100); do ctr --address "$CTD_SOCK" version >/dev/null 2>&1 && break; sleep 0.1; done
  ctr --address "$CTD_SOCK" version >/dev/null 2>&1 || { cat "$T/ctd/log" >&2; return 1; }
  ctd_image docker.io/lc-test/busybox:latest '["sh"]'
}

# ctd_image REF CMD-JSON: imports into namespace k8s.io an image REF of one
# layer (/bin/busybox and a few applets) whose config's Cmd is CMD-JSON; a
# docker-archive made here, so no registry is needed.
ctd_image() {
  local w
  w=$(mktemp -d "$T/ctd/img.XXXXXX")
  mkdir -p "$w/r/bin" "$w/r/tmp" "$w/r/var/log" "$w/r/proc" "$w/r/dev" "$w/r/sys" "$w/i"
  cp /bin/busybox "$w/r/bin/"
  for c in sh echo sleep cat; do ln -s busybox "$w/r/bin/$c"; done
  tar -C "$w/r" -cf "$w/layer.tar" .
  local d c
  d=$(sha256sum "$w/layer.tar" | cut -d' ' -f1)
  mkdir "$w/i/$d" && mv "$w/layer.tar" "$w/i/$d/layer.tar"
  printf '{"architecture":"amd64","os":"linux","config":{"Cmd":%s},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$2" "$d" >"$w/i/c.json"
  c=$(sha256sum "$w/i/c.json" | cut -d' ' -f1) && mv "$w/i/c.json" "$w/i/$c.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$c" "$1" "$d" >"$w/i/manifest.json"
  tar -C "$w/i" -cf "$w/bb.tar" .
  ctr --address "$CTD_SOCK" -n k8s.io images import "$w/bb.tar" >/dev/null
}

# ctd_run ID NS POD UID CONTAINER [ctr run flags...] -- CMD...: a detached
# task in namespace k8s.io with the CRI plugin's annotations.
ctd_run() {
  local id=$1 ns=$2 pod=$3 uid=$4 name=$5; shift 5
  local flags=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do flags+=("$1"); shift; done
  shift
  ctr --address "$CTD_SOCK" -n k8s.io run -d \
    --annotation io.kubernetes.cri.container-type=container \
    --annotation io.kubernetes.cri.sandbox-namespace="$ns" --annotation io.kubernetes.cri.sandbox-name="$pod" \
    --annotation io.kubernetes.cri.sandbox-uid="$uid" --annotation io.kubernetes.cri.container-name="$name" \
    --annotation io.kubernetes.cri.image-name=docker.io/lc-test/busybox:latest \
    "${flags[@]}" docker.io/lc-test/busybox:latest "$id" "$@" >/dev/null
}

# ctd_rm ID: kill and delete the task, then the container.
ctd_rm() {
  ctr --address "$CTD_SOCK" -n k8s.io tasks kill -s KILL "$1" >/dev/null 2>&1 || true
  local i
  for i in $(seq 50); do ctr --address "$CTD_SOCK" -n k8s.io tasks rm "$1" >/dev/null 2>&1 && break; sleep 0.1; done
  ctr --address "$CTD_SOCK" -n k8s.io containers rm "$1" >/dev/null 2>&1 || true
}

ctd_stop() {
  [ -n "${CTD_PID:-}" ] || return 0
  local id
  for id in $(ctr --address "$CTD_SOCK" -n k8s.io containers ls -q 2>/dev/null); do ctd_rm "$id"; done
  kill "$CTD_PID" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$CTD_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$CTD_PID" 2>/dev/null || true
  grep -o " $T/ctd[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  CTD_PID=
}

# overlay_option DIR NAME: the NAME= option (upperdir, lowerdir) of the
# overlay mounted at DIR, from our mount table.
overlay_option() {
  awk -v d="$1" '$5 == d { for (i = 1; i <= NF; i++) if ($i == "-") { print $(i + 3) } }' /proc/self/mountinfo |
    tr ',' '\n' | sed -n "s/^$2=//p"
}
# lowerdirs_of DIR: the layers of the overlay at DIR, one a line, topmost first.
lowerdirs_of() { overlay_option "$1" lowerdir | tr ':' '\n'; }

# discover_render_tail ARGS...: lc-discover ARGS --once | lc-render --once
# --config-dir $T/conf.d | lc-tail --once --from head --watches -, each
# stage's output kept as strict NDJSON in $T/events, $T/watches and $T/out;
# fails on a non-zero status or anything on stderr.
discover_render_tail() {
  local args
  args=$(printf '%q ' "$@")
  run --separate-stderr bash -c "set -o pipefail
    lc-discover $args--once | tee '$T/events' | lc-render --once --config-dir '$T/conf.d' | tee '$T/watches' |
    lc-tail --once --from head --watches -"
  [ "$status" -eq 0 ] || { echo "discover | render | tail: status $status: $stderr" >&2; return 1; }
  [ -z "$stderr" ] || { echo "discover | render | tail: $stderr" >&2; return 1; }
  printf '%s\n' "$output" >"$T/out"
  assert_ndjson "$T/events"
  assert_ndjson "$T/watches"
  assert_ndjson "$T/out"
}
