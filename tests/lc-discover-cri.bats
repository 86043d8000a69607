#!/usr/bin/env bats
# lc-discover on a containerd node whose pods are run by containerd's real CRI
# plugin, as a kubelet runs them: a private containerd (ctd_start in
# helpers.bash) with a CRI config of this test, driven over its socket by
# tests/cri_client.js (the CRI gRPC API, runtime.v1).  So the pod's sandbox,
# the CRI annotations and the container's CRI-format log under the pods dir
# are all containerd's own doing; the test writes none of them.
#
# No network: the pod uses the node's network namespace (no CNI), and the
# sandbox ("pause") image is imported locally, one whose Cmd keeps running.

bats_require_minimum_version 1.5.0
load helpers
eval "helpers_$(declare -f teardown)"

teardown() {
  cri_down
  ctd_stop
  helpers_teardown
}

# cri SERVICE.METHOD [JSON]: one CRI call to this test's containerd, bounded.
cri() { timeout -k 5 30 node "$LC_ROOT/tests/cri_client.js" "$CTD_SOCK" "$@"; }

# cri_start: the private containerd with its CRI plugin configured for this
# test (sandbox image, CNI dirs in $T, no OOM score or AppArmor changes a
# container here may not make), the pause image imported, and the CRI API
# answering as runtime.v1.
cri_start() {
  command -v node >/dev/null || skip "node not installed"
  [ -d "$LC_ROOT/.node/node_modules/@grpc/grpc-js" ] || skip "@grpc/grpc-js not installed (make deps: deps/lc-discover.npm)"
  mkdir -p "$T/ctd" "$T/cni/bin" "$T/cni/net.d" "$T/pods"
  cat >"$T/ctd/config.toml" <<EOF
version = 2
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "docker.io/lc-test/pause:1"
  restrict_oom_score_adj = true
  disable_apparmor = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$T/cni/bin"
    conf_dir = "$T/cni/net.d"
EOF
  ctd_start --config "$T/ctd/config.toml"
  ctd_image docker.io/lc-test/pause:1 '["/bin/sleep","1000000"]'
  local v
  v=$(cri RuntimeService.Version '{"version":"v1"}') || return 1
  [ "$(jq -r '.runtime_name + " " + .runtime_api_version' <<<"$v")" = "containerd v1" ] || { echo "$v" >&2; return 1; }
  CRI_PODS=() CRI_CTRS=()
}

# cri_pod NS POD UID: runs a pod sandbox in the node's network namespace,
# logging under $T/pods/NS_POD_UID (as a kubelet's /var/log/pods); its config
# is left in $T/pod-POD.json (CreateContainer takes it again), its id in
# $POD_ID.
cri_pod() {
  jq -n --arg ns "$1" --arg pod "$2" --arg uid "$3" --arg dir "$T/pods/$1_$2_$3" \
    '{metadata: {name: $pod, uid: $uid, namespace: $ns, attempt: 0}, log_directory: $dir,
      linux: {security_context: {namespace_options: {network: "NODE", pid: "CONTAINER", ipc: "POD"}}}}' \
    >"$T/pod-$2.json"
  POD_ID=$(cri RuntimeService.RunPodSandbox "$(jq -c '{config: .}' "$T/pod-$2.json")" | jq -r .pod_sandbox_id) || return 1
  [ -n "$POD_ID" ] || return 1
  CRI_PODS+=("$POD_ID")
}

# cri_container POD NAME SCRIPT: creates and starts container NAME (busybox,
# sh -c SCRIPT) in pod POD (cri_pod's last), logging to NAME/0.log under the
# pod's log directory; its id in $CTR_ID.
cri_container() {
  local req
  req=$(jq -c --arg pod "$POD_ID" --arg name "$2" --arg script "$3" \
    '{pod_sandbox_id: $pod, sandbox_config: ., config: {metadata: {name: $name, attempt: 0},
      image: {image: "docker.io/lc-test/busybox:latest"}, command: ["/bin/sh", "-c", $script],
      log_path: ($name + "/0.log"),
      linux: {security_context: {namespace_options: {network: "NODE", pid: "CONTAINER", ipc: "POD"}}}}}' \
    "$T/pod-$1.json")
  CTR_ID=$(cri RuntimeService.CreateContainer "$req" | jq -r .container_id) || return 1
  [ -n "$CTR_ID" ] || return 1
  CRI_CTRS+=("$CTR_ID")
  cri RuntimeService.StartContainer "{\"container_id\":\"$CTR_ID\"}" >/dev/null
}

# cri_down: what a kubelet does when the pod goes, one call at a time, each
# bounded; errors ignored (ctd_stop then removes whatever is left).
cri_down() {
  [ -n "${CTD_PID:-}" ] || return 0
  local id
  for id in "${CRI_CTRS[@]}"; do
    cri RuntimeService.StopContainer "{\"container_id\":\"$id\",\"timeout\":0}" >/dev/null 2>&1 || true
    cri RuntimeService.RemoveContainer "{\"container_id\":\"$id\"}" >/dev/null 2>&1 || true
  done
  for id in "${CRI_PODS[@]}"; do
    cri RuntimeService.StopPodSandbox "{\"pod_sandbox_id\":\"$id\"}" >/dev/null 2>&1 || true
    cri RuntimeService.RemovePodSandbox "{\"pod_sandbox_id\":\"$id\"}" >/dev/null 2>&1 || true
  done
  CRI_CTRS=() CRI_PODS=()
}

# lines_at_least FILE N: FILE has N lines or more.
lines_at_least() { [ "$(lines_in "$1")" -ge "$2" ]; }

@test "containerd's CRI plugin: lc-discover --once | lc-stdout --containers - collects each stdout and stderr line once, with the pod's fields" {
  cri_start
  uid="uid-$$"
  cri_pod prod web-0 "$uid"
  pod=$POD_ID
  cri_container web-0 app 'echo "out 1"; echo "err 1" >&2; echo "out 2 \"quoted\" \\ back"; echo "err 2" >&2; exec sleep 600'
  log="$T/pods/prod_web-0_$uid/app/0.log"
  wait_until 20 lines_at_least "$log" 4
  # containerd's file: the path it reports, its mode, and CRI lines
  # (RFC 3339 time, stream, F for a full line, the text) of each line.
  run --separate-stderr cri RuntimeService.ContainerStatus "{\"container_id\":\"$CTR_ID\"}"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "$(jq -r '.status.state + " " + .status.log_path' <<<"$output")" = "CONTAINER_RUNNING $log" ]
  [ "$(stat -c %a "$log")" = 640 ]
  python3 - "$log" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", lines
got = []
for l in lines[:-1]:
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z) (stdout|stderr) F (.*)", l)
    assert m, l
    got.append((m.group(3), m.group(4)))
want = [("stdout", "out 1"), ("stderr", "err 1"), ("stdout", 'out 2 "quoted" \\ back'), ("stderr", "err 2")]
assert sorted(got) == sorted(want), got
PY

  run --separate-stderr bash -c "set -o pipefail
    lc-discover --runtime containerd --containerd-state '$CTD_STATE' --pods-dir '$T/pods' --once | tee '$T/events' |
    lc-stdout --containers - --once --since 1h"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ -n "$output" ]
  printf '%s\n' "$output" >"$T/out"
  assert_ndjson "$T/out"
  assert_ndjson "$T/events"
  # The sandbox (pause) container is not announced: one container, the app.
  [ "$(tail -n 1 "$T/events")" = "{\"event\":\"sync\",\"ids\":[\"$CTR_ID\"]}" ]
  run ! grep -q "$pod" "$T/out"
  python3 - "$T/out" "$log" "$CTR_ID" "$uid" <<'PY'
import json, re, sys
out, log, cid, uid = sys.argv[1:]
times = {}
for l in open(log, encoding="utf-8"):
    m = re.fullmatch(r"(\S+) (stdout|stderr) F (.*)\n", l)
    times[(m.group(2), m.group(3))] = m.group(1)
recs = [json.loads(l) for l in open(out, encoding="utf-8")]
got = sorted((r["log.iostream"], r["body"]) for r in recs)
assert got == sorted(times), got
for r in recs:
    assert r["container.id"] == cid and r["container.name"] == "app", r
    assert r["k8s.namespace.name"] == "prod" and r["k8s.pod.name"] == "web-0", r
    assert r["k8s.pod.uid"] == uid and r["k8s.container.name"] == "app", r
    assert r["container.image.name"] == "docker.io/lc-test/busybox:latest", r
    assert r["log.file.path"] == log, r
    # The runtime's own timestamp, to the nanosecond (zeros kept).
    t = times[(r["log.iostream"], r["body"])]
    assert r["time"].rstrip("Z").ljust(30, "0") == t.rstrip("Z").ljust(30, "0"), (r["time"], t)
PY
}

# records_for ID N: lc-stdout's $T/out holds N records of container ID.
records_for() { [ "$(grep -c "\"container.id\":\"$1\"" "$T/out" 2>/dev/null)" -ge "$2" ]; }

@test "containerd's CRI plugin, streaming: a pod started after lc-discover | lc-stdout is followed from its first line; its stop is a remove" {
  cri_start
  bg bash -c "set -o pipefail
    lc-discover --runtime containerd --containerd-state '$CTD_STATE' --pods-dir '$T/pods' --grace 1s --rescan 1h |
    tee '$T/events' | lc-stdout --containers - >'$T/out' 2>'$T/err'"
  synced() { grep -q '"event":"sync"' "$T/events" 2>/dev/null; }
  wait_until 20 synced
  uid="uid-$$"
  cri_pod kube-public job-1 "$uid"
  cri_container job-1 worker 'for i in 1 2 3; do echo "out $i"; echo "err $i" >&2; done; exec sleep 600'
  wait_until 20 records_for "$CTR_ID" 6
  cri RuntimeService.StopContainer "{\"container_id\":\"$CTR_ID\",\"timeout\":0}"
  removed() { grep -q '"event":"remove".*"id":"'"$CTR_ID"'"' "$T/events"; }
  wait_until 20 removed
  [ ! -s "$T/err" ]
  assert_ndjson "$T/events"
  assert_ndjson "$T/out"
  # Only the app container is announced, never the pod's sandbox.
  [ "$(jq -r 'select(.event == "upsert") | .id' "$T/events" | sort -u)" = "$CTR_ID" ]
  python3 - "$T/out" "$T/pods/kube-public_job-1_$uid/worker/0.log" "$CTR_ID" "$uid" <<'PY'
import json, sys
out, log, cid, uid = sys.argv[1:]
recs = [json.loads(l) for l in open(out, encoding="utf-8")]
got = sorted((r["log.iostream"], r["body"]) for r in recs)
want = sorted((s, f"{w} {i}") for i in (1, 2, 3) for s, w in (("stdout", "out"), ("stderr", "err")))
assert got == want, got
for r in recs:
    assert r["container.id"] == cid and r["log.file.path"] == log, r
    assert (r["k8s.namespace.name"], r["k8s.pod.name"], r["k8s.pod.uid"], r["k8s.container.name"]) == \
        ("kube-public", "job-1", uid, "worker"), r
PY
}

@test "containerd's CRI plugin: lc-discover | lc-render | lc-tail collects a file inside the selected pod's container, with the pod's fields, and not the other pod's" {
  cri_start
  uid="uid-$$"
  cri_pod prod web-0 "$uid"
  cri_container web-0 app 'mkdir -p /var/log/app; for i in 1 2 3; do echo "line $i" >>/var/log/app/a.log; done; echo ready; exec sleep 600'
  app=$CTR_ID
  cri_pod kube-system dns-0 "sys-$$"
  cri_container dns-0 dns 'mkdir -p /var/log/app; echo "not mine" >>/var/log/app/a.log; echo ready; exec sleep 600'
  dns=$CTR_ID
  wait_until 20 grep -q ready "$T/pods/prod_web-0_$uid/app/0.log"
  wait_until 20 grep -q ready "$T/pods/kube-system_dns-0_sys-$$/dns/0.log"
  mkdir -p "$T/conf.d"
  printf '%s\n' '{"name":"app","input":{"type":"container_file","paths":["/var/log/app/*.log"],"containers":{"k8s_namespace":["prod"]}},"from":"head"}' \
    >"$T/conf.d/app.json"
  discover_render_tail --runtime containerd --containerd-state "$CTD_STATE" --pods-dir "$T/pods"
  # Both pods' containers were announced; only the selected one is watched.
  [ "$(jq -r 'select(.event == "upsert") | .id' "$T/events" | sort)" = "$(printf '%s\n' "$app" "$dns" | sort)" ]
  run ! grep -q "$dns" "$T/watches"
  python3 - "$T/out" "$app" "$uid" <<'PY'
import json, sys
out, cid, uid = sys.argv[1:]
recs = [json.loads(l) for l in open(out, encoding="utf-8")]
assert [r["body"] for r in recs] == ["line 1", "line 2", "line 3"], recs
for r in recs:
    assert r["container.id"] == cid and r["container.name"] == "app", r
    assert (r["k8s.namespace.name"], r["k8s.pod.name"], r["k8s.pod.uid"], r["k8s.container.name"]) == \
        ("prod", "web-0", uid, "app"), r
    assert r["lc.config"] == "app", r
    # The host path that holds the container's file: never the merged rootfs
    # (a read there keeps the mount busy), but the upper dir.
    assert r["log.file.path"].endswith("/fs/var/log/app/a.log"), r
PY
}
