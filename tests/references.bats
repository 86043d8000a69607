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

# Regression: lc-listen's StdoutSink had the name of lc-ship's; both in
# namespace lc, one program (bin/unit_tests) held both, the linker kept one
# inline destructor for the two, and SinkFactory.BuildsEachSink crashed
# freeing a string that was not one.  No link error warns of that.
@test "regression: no two headers of common/ and testing/ define a class or struct of the same name (ODR)" {
  # Definitions only: a forward declaration ("class X;") defines nothing.
  defs="grep -rhE '^(class|struct) [A-Z][A-Za-z0-9_]*([^A-Za-z0-9_;][^;]*)?\$' --include=*.h"
  run bash -c "set -o pipefail; $defs '$LC_ROOT/common' '$LC_ROOT/testing' | grep -oE '^(class|struct) [A-Z][A-Za-z0-9_]*' | sort | uniq -d"
  [ "$status" -eq 0 ]
  [ -z "$output" ] || { echo "defined twice: $output"; false; }
  # The check sees such a pair, and not a forward declaration beside one.
  mkdir -p "$T/common/a" "$T/common/b"
  printf 'class StdoutSink {\n};\nclass Sink;\n' >"$T/common/a/x.h"
  printf 'namespace lc {\nclass StdoutSink : public Sink {\n};\nclass Sink {\n};\n}\n' >"$T/common/b/y.h"
  run bash -c "set -o pipefail; $defs '$T/common' | grep -oE '^(class|struct) [A-Z][A-Za-z0-9_]*' | sort | uniq -d"
  [ "$status" -eq 0 ]
  [ "$output" = "class StdoutSink" ]
}
