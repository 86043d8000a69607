#!/usr/bin/env bash
# lc-ship's protocol sinks: encoding speed of each, per 1 MiB batch, beside
# a plain copy of the same records measured in the same run (in-process:
# the servers' own speed is not lc-ship's, and the Elasticsearch/Loki/OTLP
# servers are not installable here).
set -eu
. "$(dirname "$0")/common.sh"
mib=$(( BENCH_BYTES / 1048576 / 4 ))
[ "$mib" -ge 16 ] || mib=16
echo "== protocol sink encoders, ${mib} MiB of records"
sink_encoders "$mib"
