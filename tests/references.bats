#!/usr/bin/env bats
# The tree points only at files that exist: comments, man pages, the README
# and scripts name real paths (tests/check_references.py says what counts).

bats_require_minimum_version 1.5.0
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

# A man page is read in an 80-column terminal: groff says when a table is
# wider than the line (lc-discover(1)'s source table was 150 columns) or a
# macro or escape is wrong.  -k: the pages hold UTF-8, as man(1) reads them.
@test "every man page renders at 80 columns with no groff warning (a table wider than the line, a bad macro)" {
  local page n=0
  for page in "$LC_ROOT"/man/*.[1-8]; do
    run --separate-stderr groff -k -t -man -Tutf8 -ww -rLL=80n -z "$page"
    [ "$status" -eq 0 ]
    [ -z "$stderr" ] || { echo "$page: $stderr"; return 1; }
    n=$((n + 1))
  done
  [ "$n" -ge 9 ]
}

@test "the man page check sees a table wider than 80 columns" {
  printf '%s\n' '.TH X 1' '.SH T' '.TS' 'l l l.' \
    "$(printf 'a%.0s' $(seq 60))	$(printf 'b%.0s' $(seq 30))	c" '.TE' >"$T/wide.1"
  run --separate-stderr groff -k -t -man -Tutf8 -ww -rLL=80n -z "$T/wide.1"
  [ "$status" -eq 0 ]
  [[ "$stderr" == *"table wider than line width"* ]]
}
