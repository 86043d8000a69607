#!/usr/bin/env bats
# lc-render on a real podman container (podman, conmon, runc and the kernel's
# overlayfs) in a private containers/storage of the test's own (--root and
# --runroot under $T), discovered by lc-discover --runtime crio (which reads
# that storage and our mount table, as on a CRI-O node), piped through
# lc-render and lc-tail.  Issue 9: every file is read from a host directory
# that outlives the container's merged rootfs, never through that rootfs: a
# file the container wrote from the overlay's upper dir, a bind-mounted one
# from the mount's source, one only the image has from the image's layer
# (lowerdirs, podman's l/<short link> as mounted).

bats_require_minimum_version 1.5.0
load helpers
eval "helpers_$(declare -f teardown)"

teardown() {
  [ -n "${PM_ROOT:-}" ] && pm_stop
  helpers_teardown
}

pm() { podman --root "$PM_ROOT" --runroot "$PM_RUN" "$@"; }

# pm_start: the private storage, with localhost/lc-test-image imported: one
# layer of busybox and /var/log/image.log.
pm_start() {
  command -v podman >/dev/null || skip "podman not installed (make deps)"
  PM_ROOT="$T/storage" PM_RUN="$T/runroot"
  local r="$T/image" c
  mkdir -p "$r/bin" "$r/tmp" "$r/var/log"
  cp /bin/busybox "$r/bin/"
  for c in sh echo sleep cat mkdir; do ln -s busybox "$r/bin/$c"; done
  printf 'image-1\nimage-2\n' >"$r/var/log/image.log"
  tar -C "$r" -c . | pm import - localhost/lc-test-image >/dev/null 2>&1
}

pm_stop() {
  pm rm -a -f -t 0 >/dev/null 2>&1
  # conmon may still write under the run root after rm returns.
  local i m
  for i in $(seq 100); do pgrep -f -- "$PM_RUN/" >/dev/null || break; sleep 0.1; done
  # containers/storage bind-mounts its overlay directory on itself.
  for m in $(awk -v t="$T/" 'index($5, t) == 1 {print $5}' /proc/self/mountinfo | sort -r); do umount -l "$m"; done
  PM_ROOT=
}

@test "podman: lc-discover --runtime crio | lc-render | lc-tail reads the upper dir's, the bind mount's and the image layer's file once each, none through the merged rootfs" {
  pm_start
  mkdir -p "$T/h" "$T/conf.d"
  printf 'mount-1\n' >"$T/h/m.log"
  id=$(pm run -d --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --network none -v "$T/h:/data" \
    localhost/lc-test-image sh -c 'mkdir -p /var/log/app; echo upper-1 >/var/log/app/w.log; echo ready >/data/ready; exec sleep 600')
  wait_until 20 test -e "$T/h/ready"
  merged=$(pm inspect -f '{{.GraphDriver.Data.MergedDir}}' "$id")
  upper=$(pm inspect -f '{{.GraphDriver.Data.UpperDir}}' "$id")
  layer=$(pm inspect -f '{{.GraphDriver.Data.LowerDir}}' "$id")
  printf '%s\n' '{"name":"app","input":{"type":"container_file","paths":["/var/log/image.log","/var/log/app/*.log","/data/*.log"]},"from":"head"}' \
    >"$T/conf.d/app.json"
  discover_render_tail --runtime crio --crio-state "$PM_ROOT" --crio-state "$PM_RUN"
  # lowerdirs as the kernel has them: podman's short link to the image layer.
  lowerdirs_of "$merged" >"$T/mounted"
  [ "$(wc -l <"$T/mounted")" -eq 1 ]
  [ "$(readlink -f "$(cat "$T/mounted")")" = "$layer" ]
  python3 - "$T/events" "$T/out" "$id" "$merged" "$upper" "$(cat "$T/mounted")" "$T/h" <<'PY'
import json, sys
events, out, cid, merged, upper, lower, h = sys.argv[1:]
ev = [json.loads(l) for l in open(events)]
c = [e for e in ev if e.get("id") == cid][0]
assert c["rootfs"] == merged and c["upperdir"] == upper and c["lowerdirs"] == [lower], c
recs = [json.loads(l) for l in open(out, encoding="utf-8")]
got = sorted((r["body"], r["log.file.path"]) for r in recs)
assert got == sorted([
    ("image-1", lower + "/var/log/image.log"),
    ("image-2", lower + "/var/log/image.log"),
    ("upper-1", upper + "/var/log/app/w.log"),
    ("mount-1", h + "/m.log"),
]), got
for r in recs:
    assert r["container.id"] == cid, r
    assert not r["log.file.path"].startswith(merged + "/"), r
PY
}
