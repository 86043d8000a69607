#!/usr/bin/env bats
# lc-render's watches on a real containerd task (a private containerd, the
# shape of a Kubernetes node): lc-tail follows a file the container writes,
# through the overlay's upper directory, and holds nothing under the task's
# merged rootfs, so `ctr tasks rm` succeeds while lc-tail is still running.
# (Following through .../io.containerd.runtime.v2.task/k8s.io/<id>/rootfs
# made it fail with "failed rootfs umount: ... device or resource busy".)
#
# The first test writes its upsert from what containerd and the kernel say
# (the task's rootfs and the upperdir of the overlay mounted there); the
# second runs lc-discover --runtime containerd on the private containerd's
# state and reads a file only a two-layer image has (an image-archive made
# here, layered_image) from the layer that holds it (lowerdirs, issue 9).

bats_require_minimum_version 1.5.0
load helpers
eval "helpers_$(declare -f teardown)"

setup_file() {
  command -v containerd >/dev/null && command -v ctr >/dev/null || skip "containerd not installed (make deps)"
  docker_start
  docker_test_image
  CTD=$(mktemp -d /tmp/lc-ctd.XXXXXX)
  export CTD
  containerd --root "$CTD/root" --state "$CTD/state" --address "$CTD/sock" >"$CTD/log" 2>&1 &
  echo $! >"$CTD/pid"
  for _ in $(seq 100); do ctr --address "$CTD/sock" version >/dev/null 2>&1 && break; sleep 0.1; done
  docker save lc-test/busybox -o "$CTD/bb.tar"
  ctr --address "$CTD/sock" -n k8s.io images import "$CTD/bb.tar" >/dev/null
  layered_image docker.io/lc-test/layered:latest
}

# layered_image REF: imports an image of two layers, busybox and then
# /var/log/image.log alone, as a docker-archive made here.
layered_image() {
  local w="$CTD/layered" l d ds="" ls=""
  mkdir -p "$w/1/bin" "$w/1/var/log" "$w/1/proc" "$w/1/dev" "$w/1/sys" "$w/2/var/log" "$w/i"
  cp /bin/busybox "$w/1/bin/"
  for c in sh echo sleep cat; do ln -s busybox "$w/1/bin/$c"; done
  printf 'image-1\nimage-2\n' >"$w/2/var/log/image.log"
  for l in 1 2; do
    tar -C "$w/$l" -cf "$w/layer.tar" .
    d=$(sha256sum "$w/layer.tar" | cut -d' ' -f1)
    mkdir "$w/i/$d" && mv "$w/layer.tar" "$w/i/$d/layer.tar"
    ds="$ds${ds:+,}\"sha256:$d\"" ls="$ls${ls:+,}\"$d/layer.tar\""
  done
  printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' "$ds" >"$w/i/c.json"
  d=$(sha256sum "$w/i/c.json" | cut -d' ' -f1) && mv "$w/i/c.json" "$w/i/$d.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":[%s]}]' "$d" "$1" "$ls" >"$w/i/manifest.json"
  tar -C "$w/i" -cf "$w/img.tar" .
  ctr --address "$CTD/sock" -n k8s.io images import "$w/img.tar" >/dev/null
}

teardown_file() {
  [ -n "${CTD:-}" ] || return 0
  local c
  for c in $(ctr --address "$CTD/sock" -n k8s.io containers ls -q 2>/dev/null); do
    ctr --address "$CTD/sock" -n k8s.io tasks kill -s KILL "$c" >/dev/null 2>&1 || true
    ctr --address "$CTD/sock" -n k8s.io tasks rm -f "$c" >/dev/null 2>&1 || true
    ctr --address "$CTD/sock" -n k8s.io containers rm "$c" >/dev/null 2>&1 || true
  done
  kill "$(cat "$CTD/pid")" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$(cat "$CTD/pid")" 2>/dev/null || break; sleep 0.1; done
  awk -v d="$CTD/" 'index($5,d)==1{print $5}' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l
  rm -rf "$CTD"
  docker_stop
}

ctr_() { ctr --address "$CTD/sock" -n k8s.io "$@"; }
@test "containerd: lc-tail follows the container's file through its upper dir, and ctr tasks rm succeeds meanwhile" {
  id="lcr-$$-$BATS_TEST_NUMBER"
  mkdir -p "$T/h"
  ctr_ run -d --mount type=bind,src="$T/h",dst=/data,options=rbind:rw \
    docker.io/lc-test/busybox:latest "$id" sh -c \
    'busybox mkdir -p /var/log/app; i=0; while [ ! -e /data/stop ]; do i=$((i+1)); echo line-$i >>/var/log/app/a.log; echo m-$i >>/data/m.log; sleep 0.1; done; sleep 600' >/dev/null
  rootfs="$CTD/state/io.containerd.runtime.v2.task/k8s.io/$id/rootfs"
  wait_until 20 grep -q " $rootfs " /proc/self/mountinfo
  upper=$(overlay_option "$rootfs" upperdir)
  [ -n "$upper" ] && [ -d "$upper" ]
  wait_until 20 test -s "$upper/var/log/app/a.log"
  printf '{"event":"upsert","id":"%s","image":"lc-test/busybox","mounts":[{"destination":"/data","rw":true,"source":"%s"}],"name":"%s","rootfs":"%s","state":"running","upperdir":"%s"}\n' \
    "$id" "$T/h" "$id" "$rootfs" "$upper" >"$T/events"
  mkdir -p "$T/conf.d"
  printf '%s\n' '{"name":"app","input":{"type":"container_file","paths":["/var/log/app/*.log","/data/*.log"]},"from":"head"}' >"$T/conf.d/app.json"
  run --separate-stderr lc-render --once --config-dir "$T/conf.d" <"$T/events"
  [ "$status" -eq 0 ]
  printf '%s\n' "$output" >"$T/watches"
  [[ "$(cat "$T/watches")" != *"$rootfs"* ]]
  # lc-tail itself under bg (not through sh -c): teardown kills $BG_PID, and a
  # surviving child would keep bats' output open, so the suite would never end.
  bg lc-tail --from head --poll 100ms --watches "$T/watches" >"$T/out" 2>"$T/tail.err"
  wait_until 20 grep -q '"line-3"' "$T/out"
  wait_until 20 grep -q '"m-3"' "$T/out"
  # lc-tail holds the files open: none of them under the merged rootfs.
  tpid=$BG_PID
  ls -l "/proc/$tpid/fd" >"$T/fds"
  grep -q "$upper/var/log/app/a.log" "$T/fds"
  run grep -c "$rootfs" "$T/fds"
  [ "$status" -eq 1 ] && [ "$output" = 0 ]
  touch "$T/h/stop"
  ctr_ tasks kill -s KILL "$id"
  for _ in $(seq 50); do ctr_ tasks ls | grep -q "$id.*STOPPED" && break; sleep 0.1; done
  last=$(tail -1 "$upper/var/log/app/a.log")
  wait_until 10 grep -q "\"$last\"" "$T/out"
  run --separate-stderr ctr_ tasks rm "$id"
  [ "$status" -eq 0 ] || { echo "ctr tasks rm: $stderr"; false; }
  run grep -c " $rootfs " /proc/self/mountinfo
  [ "$status" -eq 1 ] && [ "$output" = 0 ]
  run --separate-stderr ctr_ containers rm "$id"
  [ "$status" -eq 0 ]
  kill -0 "$tpid"  # lc-tail still runs
  n=$(grep -c '"line-' "$T/out")
  [ "$n" -eq "${last#line-}" ]
}

@test "containerd: lc-discover | lc-render | lc-tail reads a file only the image has from its layer, with lowerdirs as mounted" {
  id="lcl-$$-$BATS_TEST_NUMBER"
  ctr_ run -d docker.io/lc-test/layered:latest "$id" sleep 600 >/dev/null
  rootfs="$CTD/state/io.containerd.runtime.v2.task/k8s.io/$id/rootfs"
  wait_until 20 grep -q " $rootfs " /proc/self/mountinfo
  lowerdirs_of "$rootfs" >"$T/mounted"
  [ "$(wc -l <"$T/mounted")" -eq 2 ]
  mkdir -p "$T/conf.d"
  printf '%s\n' '{"name":"img","input":{"type":"container_file","paths":["/var/log/image.log"]},"from":"head"}' >"$T/conf.d/img.json"
  discover_render_tail --runtime containerd --containerd-state "$CTD/state"
  jq -r --arg id "$id" 'select(.id == $id) | (.lowerdirs // [])[]' "$T/events" >"$T/emitted"
  diff "$T/mounted" "$T/emitted"
  python3 - "$T/out" "$id" "$rootfs" "$T/mounted" <<'PY'
import json, sys
out, cid, rootfs, mounted = sys.argv[1:]
lowers = open(mounted).read().split()
recs = [json.loads(l) for l in open(out, encoding="utf-8")]
assert [r["body"] for r in recs] == ["image-1", "image-2"], recs
for r in recs:
    assert r["container.id"] == cid, r
    p = r["log.file.path"]
    # Read in the image's layer, never through the merged rootfs.
    assert not p.startswith(rootfs + "/"), p
    assert any(p == l + "/var/log/image.log" for l in lowers), (p, lowers)
PY
}
