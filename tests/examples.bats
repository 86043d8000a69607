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

# --- examples/k8s: the DaemonSet and its ConfigMaps (no cluster runs here:
# kubectl's dry run needs an API server, so tests/check_k8s.py checks what
# the server and the kubelet would refuse).

@test "the k8s example is clean YAML (yamllint)" {
  run --separate-stderr yamllint -f parsable \
    -d '{extends: default, rules: {line-length: {max: 130}, document-start: disable}}' "$LC_ROOT/examples/k8s/lc-agent.yaml"
  echo "$output$stderr"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}

@test "the k8s example is a well-formed DaemonSet whose lc-agent options are real (check_k8s.py)" {
  run --separate-stderr python3 "$LC_ROOT/tests/check_k8s.py" "$LC_ROOT/bin" "$LC_ROOT/examples/k8s/lc-agent.yaml"
  echo "$output$stderr"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  [ -z "$stderr" ]
}

@test "check_k8s.py reports a mount of no volume, a selector that misses, a writable host /, an unknown option" {
  python3 - "$LC_ROOT/examples/k8s/lc-agent.yaml" "$T/bad.yaml" <<'PY'
import sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1])))
ds = docs[-1]
pod = ds["spec"]["template"]["spec"]
c = pod["containers"][0]
c["volumeMounts"].append({"name": "nowhere", "mountPath": "/x"})
c["volumeMounts"][0]["readOnly"] = False
c["args"].append("--no-such-option=1")
ds["spec"]["selector"]["matchLabels"] = {"app": "other"}
yaml.safe_dump_all(docs, open(sys.argv[2], "w"))
PY
  run --separate-stderr python3 "$LC_ROOT/tests/check_k8s.py" "$LC_ROOT/bin" "$T/bad.yaml"
  [ "$status" -eq 1 ]
  [ -z "$stderr" ]
  [[ "$output" == *"selector.matchLabels does not match"* ]]
  [[ "$output" == *"volumeMount nowhere names no volume"* ]]
  [[ "$output" == *"the host's / must be mounted readOnly"* ]]
  [[ "$output" == *"lc-agent: --no-such-option is not an option"* ]]
  [ "${#lines[@]}" -eq 4 ]
}

@test "every collection config of the k8s ConfigMap passes lc-render --check-config" {
  python3 - "$LC_ROOT/examples/k8s/lc-agent.yaml" "$T" <<'PY'
import sys, yaml
for d in yaml.safe_load_all(open(sys.argv[1])):
    if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "lc-agent-configs":
        for name, text in d["data"].items():
            open(sys.argv[2] + "/" + name, "w").write(text)
PY
  run ls "$T"
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 3 ]
  run --separate-stderr lc-render --check-config "$T"/*.json
  echo "$output$stderr"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "${#lines[@]}" -eq 3 ]
}

# --- examples/systemd: verified as systemd would load them, with the
# binaries where they are built (the units name /usr/local/bin).

@test "the systemd units verify (systemd-analyze verify)" {
  local u
  for u in "$LC_ROOT"/examples/systemd/*.service; do
    sed "s#/usr/local/bin/#$LC_ROOT/bin/#g" "$u" >"$T/${u##*/}"
  done
  run --separate-stderr systemd-analyze verify --man=no "$T"/*.service
  echo "$output$stderr"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
}

@test "systemd-analyze verify fails a unit whose command is not there (the check can fail)" {
  sed "s#/usr/local/bin/lc-agent#$T/no-such-lc-agent#" "$LC_ROOT/examples/systemd/lc-agent.service" >"$T/lc-agent.service"
  run --separate-stderr systemd-analyze verify --man=no "$T/lc-agent.service"
  [ "$status" -ne 0 ]
  [[ "$stderr" == *"no-such-lc-agent is not executable"* ]]
}
