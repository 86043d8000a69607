#!/usr/bin/env bash
# The unit tests and tests/lc-tail.bats against the AddressSanitizer + UBSan
# build of `make asan` (bin/asan/).  Any report fails: UBSan does not recover
# (-fno-sanitize-recover), ASan and LeakSanitizer exit non-zero, and a report
# on a tool's stderr fails the bats test that checks that stderr.  The last
# line is "N passed, N failed", as in tests/run_all.sh.
#
#   tests/run_sanitized.sh        (make asan-test)
set -u
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
out=$(mktemp -d /tmp/lc-asan.XXXXXX)
trap 'rm -rf "$out"' EXIT
passed=0 failed=0

t0=$SECONDS
bin/asan/unit_tests --gtest_brief=1 >"$out/unit.log" 2>&1
rc=$?
cat "$out/unit.log"
echo "# bin/asan/unit_tests: $((SECONDS - t0)) s"
p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out/unit.log" | tail -1)
f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out/unit.log" | tail -1)
# A sanitizer report ends the process before gtest's summary: one failure.
if [ -z "$p$f" ] || { [ "$rc" -ne 0 ] && [ -z "$f" ]; }; then f=1; echo "asan unit tests: exit $rc"; fi
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))

LCTK_TEST_SANITIZED=1 LCTK_TEST_ALLOWED_SKIPS="$PWD/tests/allowed_skips_sanitized" \
  LCTK_TEST_BIN="$PWD/bin/asan" tests/run_all.sh tests/lc-tail.bats >"$out/bats.log" 2>&1
cat "$out/bats.log"
s=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out/bats.log" | tail -1)
if [ -z "$s" ]; then s="0 passed, 1 failed"; fi
passed=$((passed + ${s%% *})); s=${s#*, }; failed=$((failed + ${s%% *}))

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
