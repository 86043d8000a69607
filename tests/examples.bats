#!/usr/bin/env bats
# The command lines the man pages' EXAMPLES and the README show parse as
# written: every option is one the tool's --help lists, and lc-ship is given
# a sink (tests/check_examples.py).

bats_require_minimum_version 1.5.0
load helpers

@test "every example in the man pages and the README uses real options" {
  run --separate-stderr python3 "$LC_ROOT/tests/check_examples.py" "$LC_ROOT" "$LC_ROOT/bin"
  echo "$output$stderr"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}

@test "regression: an example with lc-ship --to (which exits 2) is reported" {
  mkdir -p "$T/man"
  printf '%s\n' '.SH EXAMPLES' '.nf' 'lc-discover \-\-once | lc-stdout \-\-containers \- | lc-ship \-\-to http://c:8080' \
    'lc-tail \-\-once \-\-no\-such /var/log/x' 'lc-tail \-\-once /x | lc-ship \-\-batch\-wait 1s' '.fi' >"$T/man/x.1"
  printf '%s\n' '```' 'lc-tail --once /var/log/syslog | lc-ship archive:///srv/a' '```' >"$T/README.md"
  run --separate-stderr python3 "$LC_ROOT/tests/check_examples.py" "$T" "$LC_ROOT/bin"
  [ "$status" -eq 1 ]
  m=man  # (a name check_references.py would take for a path into the tree)
  [ "${lines[0]}" = "$m/x.1:3: lc-ship: --to is not an option" ]
  [ "${lines[1]}" = "$m/x.1:4: lc-tail: --no-such is not an option" ]
  [ "${lines[2]}" = "$m/x.1:5: lc-ship: no sink" ]
  [ "${#lines[@]}" -eq 3 ]
}
