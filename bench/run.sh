#!/usr/bin/env bash
# make bench: every bench/<tool>.sh in turn.  Figures, not pass/fail.
# LCTK_BENCH_BYTES sets the data size (default 1 GiB).
cd "$(dirname "$0")/.."
for b in bench/*.sh; do
  case "$b" in bench/run.sh|bench/common.sh) continue ;; esac
  echo "### $b"
  bash "$b" || echo "($b failed)"
  echo
done
