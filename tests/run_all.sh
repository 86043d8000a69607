#!/usr/bin/env bash
# Runs every test: the unit tests of common/ (GoogleTest) and the bats suites
# of each tool.  Starts one real dockerd for the suites that need it, and
# stops it at the end.  The last line is "N passed, N failed"; the exit
# status is non-zero if anything failed.
#
#   tests/run_all.sh [tests/lc-tail.bats ...]
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
out=$(mktemp -d /tmp/lc-run.XXXXXX)
passed=0 failed=0

# --- unit tests
if [ $# -eq 0 ] || [ "$1" = unit ]; then
  [ "${1:-}" = unit ] && shift
  bin/unit_tests --gtest_brief=1 >"$out/unit.log" 2>&1
  cat "$out/unit.log"
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out/unit.log" | tail -1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out/unit.log" | tail -1)
  if [ -z "$p$f" ]; then f=1; echo "unit tests did not report a result"; fi
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
fi

# --- a real Docker engine, shared by the suites that use it
if command -v dockerd >/dev/null && [ -z "${LCTK_TEST_DOCKER_HOST:-}" ]; then
  d=$(mktemp -d /tmp/lc-dockerd.XXXXXX)
  dockerd --data-root "$d/root" --exec-root "$d/exec" --pidfile "$d/pid" \
    --host "unix://$d/docker.sock" --bridge=none --iptables=false >"$d/log" 2>&1 &
  export LCTK_TEST_DOCKER_HOST="unix://$d/docker.sock" LCTK_TEST_DOCKER_ROOT="$d/root"
  for _ in $(seq 120); do DOCKER_HOST=$LCTK_TEST_DOCKER_HOST docker info >/dev/null 2>&1 && break; sleep 0.25; done
  trap 'kill $(cat '"$d"'/pid 2>/dev/null) 2>/dev/null; sleep 1; rm -rf '"$d"' '"$out"'' EXIT
else
  trap 'rm -rf '"$out"'' EXIT
fi

# --- bats suites
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(tests/*.bats)
for s in "${suites[@]}"; do
  [ -e "$s" ] || continue
  t0=$SECONDS
  bats --tap "$s" >"$out/bats.log" 2>&1
  cat "$out/bats.log"
  echo "# $s: $((SECONDS - t0)) s"
  p=$(grep -c '^ok ' "$out/bats.log")
  f=$(grep -c '^not ok ' "$out/bats.log")
  planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out/bats.log" | head -1)
  # A suite that died before reporting every test counts the rest as failed.
  if [ -n "$planned" ] && [ $((p + f)) -lt "$planned" ]; then f=$((planned - p)); fi
  if [ -z "$planned" ]; then f=$((f + 1)); echo "$s: bats did not run"; fi
  passed=$((passed + p)); failed=$((failed + f))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
