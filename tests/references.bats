#!/usr/bin/env bats
# The tree points only at files that exist: comments, man pages, the README
# and scripts name real paths (tests/check_references.py says what counts).

load helpers

@test "every file the tree refers to exists" {
  run python3 "$LC_ROOT/tests/check_references.py" "$LC_ROOT"
  echo "$output"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}

@test "a comment naming a missing header, a missing path and DESIGN.md is reported" {
  git init -q "$T/repo"
  mkdir -p "$T/repo/common/base"
  printf '// Clock: see clock.h and DESIGN.md 3.1.\n' >"$T/repo/common/base/clock.h"
  printf '// Uses common/base/gone.h and file_system_fake.h.\n#include <string.h>\n' >"$T/repo/common/base/x.cc"
  git -C "$T/repo" add -A
  run python3 "$LC_ROOT/tests/check_references.py" "$T/repo"
  echo "$output"
  [ "$status" -eq 1 ]
  [ "${lines[0]}" = "common/base/clock.h:1: DESIGN.md" ]
  [ "${lines[1]}" = "common/base/x.cc:1: common/base/gone.h" ]
  [ "${lines[2]}" = "common/base/x.cc:1: file_system_fake.h" ]
  [ "${#lines[@]}" -eq 3 ]
}
