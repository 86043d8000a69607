#!/bin/bash
# The node pipeline: every container's stdout/stderr, delivered at least once.
#
#   lc-discover | lc-stdout --containers - | lc-ship
#
# Run it as a systemd service (Restart=always) or as a DaemonSet container's
# command (with the host's / mounted at LC_HOST_ROOT, and /var/lib/lc a
# hostPath so state survives the pod).  It exits when a stage fails, and the
# supervisor restarts it: lc-stdout then resumes from what lc-ship committed,
# so a crash anywhere loses no line; at most the batches in flight are sent
# twice.
#
# Settings (environment):
#   LC_SINK       where records go (default stdout:; e.g. loki+http://loki:3100)
#   LC_STATE      state directory (default /var/lib/lc; files are 0600)
#   LC_HOST_ROOT  where the host's / is mounted when run in a container ("" on the host)
#   LC_BIN        where the lc-* binaries are (default: beside this script's ../bin, else PATH)
set -euo pipefail
sink=${LC_SINK:-stdout:}
state=${LC_STATE:-/var/lib/lc}
host_root=${LC_HOST_ROOT:-}
bin=${LC_BIN:-$(cd "$(dirname "$0")/../bin" 2>/dev/null && pwd || true)}
[ -x "$bin/lc-ship" ] && PATH="$bin:$PATH"
mkdir -p "$state"
chmod 700 "$state"

# SIGTERM from the supervisor goes to every stage: lc-ship flushes and
# commits within its --flush-timeout, the readers save their checkpoints.
trap 'pkill -TERM -P $$' TERM INT

discover=(lc-discover)
[ -n "$host_root" ] && discover+=(--host-root "$host_root")
"${discover[@]}" |
  lc-stdout --containers - --checkpoint "$state/stdout.json" --commit "$state/commit.json" |
  lc-ship --commit "$state/commit.json" --spool "$state/spool" --spool-max 1GiB "$sink" &
ship=$!
# A trapped signal interrupts `wait` (status 143): wait until lc-ship has
# ended, then once more for its own status, which bash keeps.
while kill -0 "$ship" 2>/dev/null; do wait "$ship" || true; done
rc=0; wait "$ship" || rc=$?
exit "$rc"
