#!/usr/bin/env bash
# lc-render: the time to render 500 container upserts against 3 collection
# configs (lc-render --once, whole process, best and median of 5), beside
# `cat` of the same events in the same run; then, with a private dockerd
# and LCTK_BENCH_RENDER_CONTAINERS running containers (default 200), the idle
# cost of the whole `lc-discover | lc-render | lc-tail` chain over
# LCTK_BENCH_IDLE_SECONDS (default 60): CPU of each stage, RSS of lc-render.
# LCTK_BENCH_RENDER_CONTAINERS=0 skips the second part.
set -eu
. "$(dirname "$0")/common.sh"
N_UPSERTS=500
N=${LCTK_BENCH_RENDER_CONTAINERS:-200}
IDLE=${LCTK_BENCH_IDLE_SECONDS:-60}
D=$(mktemp -d "$BENCH_DIR/render.XXXXXX")
chain=
cleanup() {
  [ -n "$chain" ] && kill "$chain" 2>/dev/null && wait "$chain" 2>/dev/null
  [ -f "$D/pid" ] && bench_dockerd_stop "$D"
  rm -rf "$D"
}
trap cleanup EXIT; trap "exit 130" INT; trap "exit 143" TERM

# --- 500 upserts: real directories, so every lstat of the resolver is real
mkdir -p "$D/conf.d"
for i in $(seq "$N_UPSERTS"); do
  mkdir -p "$D/c/$i/diff/var/log/app" "$D/c/$i/merged/var/log" "$D/c/$i/vol"
  id=$(printf '%064x' "$i")
  ns=$([ $((i % 2)) -eq 0 ] && echo prod-eu || echo dev)
  printf '{"env":{"INDEX":"%s","TIER":"web"},"event":"upsert","id":"%s","image":"nginx:1.25",' "$i" "$id"
  printf '"k8s":{"container":"nginx","namespace":"%s","pod":"web-%s","pod_uid":"u%s"},' "$ns" "$i" "$i"
  printf '"labels":{"app":"bench","team":"logs"},"mounts":[{"destination":"/var/log/app","rw":true,"source":"%s"}],' "$D/c/$i/vol"
  printf '"name":"bench-%s","pid":%s,"rootfs":"%s","runtime":"docker","state":"running","upperdir":"%s"}\n' \
    "$i" "$((1000 + i))" "$D/c/$i/merged" "$D/c/$i/diff"
done >"$D/events"
ids=$(seq "$N_UPSERTS" | xargs printf '"%064x",' | sed 's/,$//')
printf '{"event":"sync","ids":[%s]}\n' "$ids" >>"$D/events"
printf '%s\n' '{"name":"app","input":{"type":"container_file","paths":["/var/log/app/*.log","/var/log/*.log"],"containers":{"include_label":["app=bench"]}},"label_tags":{"team":"team"}}' >"$D/conf.d/app.json"
printf '%s\n' '{"name":"prod","input":{"type":"container_file","paths":["/srv/**/*.log"],"exclude":["*.gz"],"containers":{"k8s_namespace":["^prod-.*$"]}},"env_tags":{"TIER":"tier"}}' >"$D/conf.d/prod.json"
printf '%s\n' '{"name":"all","input":{"type":"container_file","paths":["/var/log/**/*.log"]},"tags":{"env":"bench"}}' >"$D/conf.d/all.json"

timed() {
  local TIMEFORMAT="%3R %3U %3S" t u s
  t=$( { time sh -c "$1" >/dev/null 2>&1; } 2>&1 )
  read -r T_WALL u s <<<"$t"
  T_CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
}
lc-render --once --config-dir "$D/conf.d" <"$D/events" >"$D/watches"
adds=$(grep -c '"event":"add"' "$D/watches" || true)
runs=() cat_runs=()
for _ in 1 2 3 4 5; do
  timed "lc-render --once --config-dir '$D/conf.d' <'$D/events'"; runs+=("$T_WALL $T_CPU")
  timed "cat '$D/events'"; cat_runs+=("$T_WALL $T_CPU")
done
stats() { printf '%s\n' "$@" | sort -n | awk '{ w[NR] = $1; c[NR] = $2 } END { printf "%s %s %s", w[1], w[int((NR + 1) / 2)], c[int((NR + 1) / 2)] }'; }
read -r min med cpu <<<"$(stats "${runs[@]}")"
read -r cmin cmed _ <<<"$(stats "${cat_runs[@]}")"
measure render sh -c "lc-render --once --config-dir '$D/conf.d' <'$D/events' >/dev/null"
echo "== lc-render --once: $N_UPSERTS upserts x 3 configs -> $adds watches"
printf '%-40s min %6.3f s  median %6.3f s  CPU %6.3f s  peak %.1f MiB\n' "lc-render --once" "$min" "$med" "$cpu" "$(awk -v m="$MEAS_RSS" 'BEGIN { print m / 1024 }')"
printf '%-40s min %6.3f s  median %6.3f s\n' "cat (the same events)" "$cmin" "$cmed"
render_upserts "$D/conf.d" "$D/events"
echo "target: under 0.050 s in all (process start included in the lines above)"

# --- the idle chain on a private engine
[ "$N" -gt 0 ] || exit 0
command -v dockerd >/dev/null || { echo "dockerd not installed (make deps): idle chain skipped"; exit 0; }
sock="unix://$D/docker.sock"
bench_dockerd "$D"
r="$D/img"; mkdir -p "$r/bin" "$r/tmp" "$r/var/log/app"
cp /bin/busybox "$r/bin/"; ln -s busybox "$r/bin/sh"; ln -s busybox "$r/bin/sleep"
tar -C "$r" -c . | docker import - lc-bench/render >/dev/null
seq "$N" | xargs -P 8 -I{} sh -c "mkdir -p '$D/v/{}' && docker run -d --network none --name bench-{} --label app=bench \
  -v '$D/v/{}':/var/log/app lc-bench/render sleep 3600 >/dev/null"
running=$(docker ps -q | wc -l)
mkfifo "$D/p1" "$D/p2"
lc-discover --docker-host "$sock" >"$D/p1" 2>"$D/discover.err" & dpid=$!
lc-render --config-dir "$D/conf.d" <"$D/p1" >"$D/p2" 2>"$D/render.err" & rpid=$!
lc-tail --watches - --checkpoint "$D/tail.json" <"$D/p2" >/dev/null 2>"$D/tail.err" & tpid=$!
chain="$dpid $rpid $tpid"
sleep 15  # the first scan, its watches, lc-tail's first discovery
a=($(cpu_ticks $dpid) $(cpu_ticks $rpid) $(cpu_ticks $tpid))
sleep "$IDLE"
b=($(cpu_ticks $dpid) $(cpu_ticks $rpid) $(cpu_ticks $tpid))
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$rpid/status")
echo "== idle chain lc-discover | lc-render | lc-tail, $running containers, $IDLE s"
hz=$(getconf CLK_TCK)
for k in 0 1 2; do
  name=$(echo "lc-discover lc-render lc-tail" | cut -d' ' -f$((k + 1)))
  awk -v n="$name" -v a="${a[$k]}" -v b="${b[$k]}" -v hz="$hz" -v w="$IDLE" 'BEGIN {
    c = (b - a) / hz; printf "%-12s %.4f%% of a core\n", n, c / w * 100 }'
done
awk -v a="$((a[0] + a[1] + a[2]))" -v b="$((b[0] + b[1] + b[2]))" -v hz="$hz" -v w="$IDLE" -v m="$rss" 'BEGIN {
  c = (b - a) / hz; printf "chain        %.4f%% of a core; lc-render RSS %.1f MiB\n", c / w * 100, m / 1024 }'
echo "target: chain under 0.2% of a core; lc-render under 24 MiB RSS"
kill $chain 2>/dev/null; wait $chain 2>/dev/null || true; chain=
