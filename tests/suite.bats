#!/usr/bin/env bats
# The test suite's own rules (issue 13: a suite that counted skips as passes,
# never failed on a bare "! cmd", missed crashes behind pipes and hung
# without a summary).  tests/lint_bats.py checks the bats files; the rest
# checks tests/run_all.sh and the helpers on small suites made here.
bats_require_minimum_version 1.5.0
load helpers

@test "every bats file keeps the suite's rules (no bare !, every run checks \$status, seeded \$RANDOM)" {
  run python3 "$LC_ROOT/tests/lint_bats.py" "$LC_ROOT"/tests/*.bats
  echo "$output"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}

@test "the lint finds a bare !, an unchecked run, a bare wait, a wait_until polling nothing and an unseeded \$RANDOM" {
  # (printf, not a here-document: bats would take its @test lines as its own)
  printf '%s\n' '@test "x" {' '  ! grep -q secret out' '  run true' '  [ "$output" = "" ]' '}' \
    '@test "y" {' '  run ! false' '  ! false || false' '  run true' '  [ "$status" -eq 0 ]' \
    '  sleep "0.$RAN''DOM"' '  wait' '  wait_until 5 test "$''(cat n)" -gt 1' '}' >"$T/bad.bats"
  run python3 "$LC_ROOT/tests/lint_bats.py" "$T/bad.bats"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "$T/bad.bats:2: bare \"! cmd\" never fails a test; use \"run ! cmd\" or \"! cmd || false\"" ]
  [ "${lines[1]}" = "$T/bad.bats:3: \"run\" whose \$status is never checked" ]
  [ "${lines[2]}" = "$T/bad.bats:12: bare \"wait\" waits for bats' timeout watchdog too; wait for pids" ]
  [ "${lines[3]}" = "$T/bad.bats:13: wait_until with a \"\$(...)\" test polls a value taken once; poll a function" ]
  [ "${lines[4]}" = "$T/bad.bats: uses \$RANDOM without seeding it (RANDOM=\$seed, and log the seed)" ]
  [ "${#lines[@]}" -eq 5 ]
}

@test "pipelines in tests fail when any command fails (pipefail)" {
  if false | true; then
    echo "pipefail is off: a crash piped into another command passes"
    return 1
  fi
}

# A small suite, run by tests/run_all.sh as CI runs the real ones.
fake_suite() {
  printf '%s\n' '@test "passes" { true; }' '@test "skips quietly" { skip "tool missing"; }' \
    '@test "skips with leave" { skip "allowed reason"; }' >"$T/fake.bats"
}

run_all() {
  LCTK_TEST_DOCKER_HOST=none run --separate-stderr "$LC_ROOT/tests/run_all.sh" "$@"
}

@test "run_all.sh counts a skip apart, lists it, and fails on one not in the allow-list" {
  fake_suite
  printf '# comment\n%s | skips with leave | a reason\n' "$(basename "$T/fake.bats")" >"$T/allowed"
  LCTK_TEST_ALLOWED_SKIPS="$T/allowed" run_all "$T/fake.bats"
  echo "$output"
  [ "$status" -eq 1 ]
  [ "${lines[-1]}" = "1 passed, 1 failed" ]
  [ "${lines[-2]}" = "2 skipped (not counted as passed)" ]
  [[ "$output" == *"# SKIPPED, NOT ALLOWED (add it to tests/allowed_skips with a reason, or make it run): $T/fake.bats: ok 2 skips quietly # skip tool missing"* ]]
  [[ "$output" == *"# skipped (allowed in allowed): $T/fake.bats: ok 3 skips with leave # skip allowed reason"* ]]
  printf '%s | skips quietly | another reason\n' "$(basename "$T/fake.bats")" >>"$T/allowed"
  LCTK_TEST_ALLOWED_SKIPS="$T/allowed" run_all "$T/fake.bats"
  [ "$status" -eq 0 ]
  [ "${lines[-1]}" = "1 passed, 0 failed" ]
}

@test "run_all.sh: a test that hangs fails at BATS_TEST_TIMEOUT and the summary is printed" {
  printf '@test "hangs" { sleep 60; }\n@test "passes" { true; }\n' >"$T/hang.bats"
  start=$SECONDS
  BATS_TEST_TIMEOUT=2 run_all "$T/hang.bats"
  echo "$output"
  [ "$status" -eq 1 ]
  [ "${lines[-1]}" = "1 passed, 1 failed" ]
  [ $((SECONDS - start)) -lt 30 ]
}

@test "regression: a teardown that hangs (CI: dockerd stopped answering) ends at LCTK_SUITE_TIMEOUT with a summary" {
  # bats' BATS_TEST_TIMEOUT does not cover teardown: this suite hung CI.
  printf 'teardown() { [ "$BATS_TEST_NUMBER" -eq 2 ] && sleep 120; true; }\n@test "passes" { true; }\n@test "then hangs in teardown" { true; }\n@test "never reached" { true; }\n' >"$T/hang.bats"
  start=$SECONDS
  LCTK_SUITE_TIMEOUT=3 run_all "$T/hang.bats"
  echo "$output"
  [ "$status" -eq 1 ]
  [[ "$output" == *"$T/hang.bats: TIMED OUT after 3 s"* ]]
  [ "${lines[-1]}" = "1 passed, 2 failed" ]
  [ $((SECONDS - start)) -lt 60 ]
}

@test "assert_ndjson: a strict parser: raw 0x1f, a torn last line, NaN and non-objects are refused" {
  printf '{"body":"a\\u001fb"}\n{"n":1}\n' >"$T/good"
  assert_ndjson "$T/good"
  printf '{"body":"a\x1fb"}\n' >"$T/raw"
  run assert_ndjson "$T/raw"
  [ "$status" -eq 1 ]
  [[ "$output" == "$T/raw:1: Invalid control character"* ]]
  printf '{"n":1}\n{"body":"to' >"$T/torn"
  run assert_ndjson "$T/torn"
  [ "$status" -eq 1 ]
  [[ "$output" == "$T/torn:2: no newline at the end (torn line?)"* ]]
  printf '{"n":NaN}\n' >"$T/nan"
  run assert_ndjson "$T/nan"
  [ "$status" -eq 1 ]
  printf '[1]\n' >"$T/arr"
  run assert_ndjson "$T/arr"
  [ "$status" -eq 1 ]
  : >"$T/empty"
  run assert_ndjson "$T/empty"
  [ "$status" -eq 1 ]
}
