#!/usr/bin/env bash
# Runs each libFuzzer target of `make fuzz` for SECONDS on a scratch copy of
# its seed corpus (fuzz/corpus/<name>/; the seeds are never modified).  One
# line per target, "ok fuzz/<name>: N runs" or "not ok fuzz/<name>: ...", with
# the crash's report and reproducer when one is found, then the summary line
# "N passed, N failed" (a target is one test: passed if nothing was found).
#
#   fuzz/run.sh SECONDS bin/fuzz/NAME...
# A crash reproduces with: bin/fuzz/NAME <crash file>.  Longer runs by hand
# (an hour before a release): fuzz/run.sh 3600 bin/fuzz/*
#
# LC_FUZZ_SEED=N LC_FUZZ_RUNS=M: a reproducible run (CI's): the same seed
# makes the same M inputs on every machine, so a red CI is a regression in
# the code, not a new find by chance; SECONDS stays a cap.  Exploring (no
# seed, by hand) is how new crashes are found: each goes into
# fuzz/corpus/<name>/ as regress-<what>, which every run replays first.
set -u
cd "$(dirname "$0")/.."
secs=${1:?usage: fuzz/run.sh SECONDS TARGET...}; shift
out=$(mktemp -d /tmp/lc-fuzz.XXXXXX)
keep=${LC_FUZZ_KEEP:-/tmp/lc-fuzz-crashes}
passed=0 failed=0
for t in "$@"; do
  name=$(basename "$t")
  mkdir -p "$out/$name/corpus" "$out/$name/artifacts"
  if [ -d "fuzz/corpus/$name" ]; then cp -r "fuzz/corpus/$name/." "$out/$name/corpus/"; fi
  # -rss_limit_mb: a parser that balloons on small input is a finding too.
  extra=()
  [ -n "${LC_FUZZ_SEED:-}" ] && extra+=(-seed="$LC_FUZZ_SEED")
  [ -n "${LC_FUZZ_RUNS:-}" ] && extra+=(-runs="$LC_FUZZ_RUNS")
  "$t" "${extra[@]}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$out/$name/artifacts/" "$out/$name/corpus" >"$out/$name/log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$name/log" | tail -1)
  if [ "$rc" -eq 0 ] && [ -z "$(ls -A "$out/$name/artifacts")" ]; then
    echo "ok fuzz/$name: ${runs:-?} runs${LC_FUZZ_SEED:+ (seed $LC_FUZZ_SEED)}, at most ${secs} s"
    passed=$((passed + 1))
  else
    echo "not ok fuzz/$name: exit $rc"
    grep -E 'ERROR|SUMMARY|runtime error|#[0-9]+ 0x' "$out/$name/log" | head -30
    mkdir -p "$keep/$name"
    cp "$out/$name/artifacts/"* "$keep/$name/" 2>/dev/null && echo "# reproducers kept in $keep/$name"
    failed=$((failed + 1))
  fi
done
rm -rf "$out"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
