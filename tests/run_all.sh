#!/usr/bin/env bash
# Runs every test: the unit tests of common/ (GoogleTest) and the bats suites
# of each tool.  Starts one real dockerd for the suites that need it, and
# stops it at the end.  The last line is "N passed, N failed" (with
# ", N skipped" before it when any test skipped); the exit status is non-zero
# if anything failed.
#
# A skipped test is not a passed one: each is listed, and one that is not in
# tests/allowed_skips (or $LCTK_TEST_ALLOWED_SKIPS) counts as failed.  Each
# bats test gets $BATS_TEST_TIMEOUT seconds (default 300): a hang fails that
# test and the run goes on to print its summary; each suite gets
# $LCTK_SUITE_TIMEOUT seconds (default 900) in all, teardowns included.
#
#   tests/run_all.sh [unit] [tests/lc-tail.bats ...]
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
out=$(mktemp -d /tmp/lc-run.XXXXXX)
passed=0 failed=0 skipped=0
export BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-300}
suite_timeout=${LCTK_SUITE_TIMEOUT:-900}
allowed_skips=${LCTK_TEST_ALLOWED_SKIPS:-$root/tests/allowed_skips}

# --- unit tests
if [ $# -eq 0 ] || [ "$1" = unit ]; then
  [ "${1:-}" = unit ] && shift
  timeout -k 10 "${LCTK_UNIT_TIMEOUT:-900}" bin/unit_tests --gtest_brief=1 >"$out/unit.log" 2>&1
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
  # Bounded as a whole too: bats' own timeout does not cover teardown, and a
  # hang there (seen in CI: a dockerd that stopped answering mid-teardown)
  # would otherwise hold the run until CI's limit, with nothing printed.
  timeout -k 30 "$suite_timeout" bats --tap "$s" >"$out/bats.log" 2>&1
  rc=$?
  cat "$out/bats.log"
  [ "$rc" -eq 124 ] && echo "# $s: TIMED OUT after $suite_timeout s (LCTK_SUITE_TIMEOUT): killed; its unreported tests count as failed"
  echo "# $s: $((SECONDS - t0)) s"
  p=$(grep -c '^ok ' "$out/bats.log")
  f=$(grep -c '^not ok ' "$out/bats.log")
  # "ok N name # skip [reason]": listed, and failed unless allowed.
  sk=0
  while IFS= read -r line; do
    name=$(sed -E 's/^ok [0-9]+ (.*) # skip( .*)?$/\1/' <<<"$line")
    p=$((p - 1)); skipped=$((skipped + 1)); sk=$((sk + 1))
    if awk -F ' [|] ' -v s="$(basename "$s")" -v n="$name" \
         '!/^#/ && NF >= 3 && $1 == s && $2 == n { found = 1 } END { exit !found }' "$allowed_skips" 2>/dev/null; then
      echo "# skipped (allowed in $(basename "$allowed_skips")): $s: $line"
    else
      f=$((f + 1)); sk=$((sk - 1))
      echo "# SKIPPED, NOT ALLOWED (add it to tests/allowed_skips with a reason, or make it run): $s: $line"
    fi
  done < <(grep -E '^ok [0-9]+ .* # skip( |$)' "$out/bats.log")
  planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out/bats.log" | head -1)
  # A suite that died before reporting every test counts the rest as failed.
  if [ -n "$planned" ] && [ $((p + f + sk)) -lt "$planned" ]; then f=$((planned - p - sk)); fi
  if [ -z "$planned" ]; then f=$((f + 1)); echo "$s: bats did not run"; fi
  passed=$((passed + p)); failed=$((failed + f))
done

[ "$skipped" -gt 0 ] && echo "$skipped skipped (not counted as passed)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
