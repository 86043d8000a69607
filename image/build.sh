#!/usr/bin/env bash
# make image: the agent's container image, built with `docker import` (no
# base image can be pulled on a node without a registry, nor here).
#
#   image/build.sh [TAG]        (default lctk/lc-agent:$LC_VERSION)
#
# The root filesystem holds bin/lc-* in /usr/local/bin, bash (lc-agent is a
# bash script), busybox for the few utilities the agent runs (mkfifo, sleep,
# date, awk, grep, ...), the shared libraries `ldd` names for each of them
# and libcurl (loaded by name),
# and the host's CA certificates (for https:// sinks).  Entrypoint lc-agent;
# run it with the host's / at /host and --host-root /host (man lc-agent,
# examples/k8s/lc-agent.yaml).  Talks to the engine in $DOCKER_HOST.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^#define LC_VERSION "\(.*\)"/\1/p' common/base/cli.h)
tag=${1:-lctk/lc-agent:$version}
r=$(mktemp -d /tmp/lc-image.XXXXXX)
trap 'rm -rf "$r"' EXIT

mkdir -p "$r/usr/local/bin" "$r/bin" "$r/usr/bin" "$r/etc/ssl/certs" "$r/tmp" "$r/var/lib/lctk" "$r/host"
chmod 1777 "$r/tmp"
for t in bin/lc-*; do install -m 755 "$t" "$r/usr/local/bin/"; done
# Without debug info: a sixth of the size (the build keeps -g for bin/).
for t in "$r"/usr/local/bin/*; do head -c 4 "$t" | grep -q ELF && strip --strip-debug "$t"; done
install -m 755 "$(command -v bash)" "$r/bin/bash"
install -m 755 /bin/busybox "$r/bin/busybox"
# Every busybox applet not shadowed by a real binary above.
for a in $(/bin/busybox --list); do
  [ -e "$r/bin/$a" ] || ln -s busybox "$r/bin/$a"
done
ln -sf ../../bin/env "$r/usr/bin/env"
ln -sf bash "$r/bin/sh"
# libcurl is loaded at its first call (common/base/lazy_curl.h), so no ldd
# of a tool names it: it goes in by name, with the libraries it needs.
# (awk reads to the end: an early exit would kill ldconfig with SIGPIPE,
# which pipefail makes this script's exit status, 141.)
curl_lib=$(/sbin/ldconfig -p | awk '$1 == "libcurl.so.4" && !found { print $NF; found = 1 }')
[ -n "$curl_lib" ] || { echo "image/build.sh: libcurl.so.4 not found (make deps)" >&2; exit 1; }
mkdir -p "$r$(dirname "$curl_lib")"
cp -L "$curl_lib" "$r$curl_lib"
# The dynamic libraries of each ELF file, at the paths ldd gives.
for f in "$r"/usr/local/bin/* "$r/bin/bash" "$curl_lib"; do
  head -c 4 "$f" | grep -q ELF || continue
  ldd "$f" | grep -oE '/[^ ]+' | while read -r lib; do
    [ -e "$r$lib" ] && continue
    mkdir -p "$r$(dirname "$lib")"
    cp -L "$lib" "$r$lib"
  done
done
cp -L /etc/ssl/certs/ca-certificates.crt "$r/etc/ssl/certs/"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$r/etc/passwd"
printf 'root:x:0:\n' >"$r/etc/group"

tar -C "$r" --numeric-owner -c . |
  docker import \
    --change 'ENTRYPOINT ["/usr/local/bin/lc-agent"]' \
    --change 'ENV PATH=/usr/local/bin:/bin:/usr/bin' \
    --change 'WORKDIR /' \
    - "$tag" >/dev/null
echo "$tag"
