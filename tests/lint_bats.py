#!/usr/bin/env python3
"""The bats suites' own rules, checked (tests/suite.bats runs this):

 - no bare `! cmd` line: bash's errexit ignores a negated command, so it never
   fails a test (use `run ! cmd` or `! cmd || false`);
 - every `run` is followed by a check of `$status` before the next `run` and
   before the test ends (`run !` and `run -N` check it themselves), so a crash
   with the right output still fails;
 - no bare `wait`: under BATS_TEST_TIMEOUT it also waits for bats' own
   watchdog, so the test hangs until its timeout; wait for pids;
 - randomness is replayable: a file that uses $RANDOM seeds it (`RANDOM=`
   or helpers.bash's seed_random, which logs the seed);
 - `wait_until N test "$(…)" …` polls nothing: the "$(…)" is expanded once,
   before wait_until runs; poll a function that takes the value each try.

Usage: lint_bats.py FILE...   Prints FILE:LINE: problem, exits 1 if any.
"""
import re
import sys

RUN = re.compile(r'^\s*(?:.*[;&|({]\s*)?run(\s|$)')
RUN_CHECKS_ITSELF = re.compile(r'^\s*run\s+(?:--\S+\s+)*(!|-[0-9]+)(\s|$)')
BLOCK_END = re.compile(r'^}\s*$')


def lint(path):
    problems = []
    lines = open(path, encoding='utf-8').read().split('\n')
    pending = None  # line number of a `run` whose $status is not yet checked
    for i, line in enumerate(lines, 1):
        code = line.split(' #')[0] if not line.lstrip().startswith('#') else ''
        if re.match(r'^\s*!\s', code) and not re.search(r'\|\|\s*false\s*$', code.rstrip()):
            problems.append(f'{path}:{i}: bare "! cmd" never fails a test; use "run ! cmd" or "! cmd || false"')
        if re.search(r'\bwait_until\s+\S+\s+(test|\[)\s+"?\$\(', code):
            problems.append(f'{path}:{i}: wait_until with a "$(...)" test polls a value taken once; poll a function')
        if re.match(r'^\s*wait\s*(;|&&|\|\||$)', code):
            problems.append(f'{path}:{i}: bare "wait" waits for bats\' timeout watchdog too; wait for pids')
        if BLOCK_END.match(line) or RUN.match(code):
            if pending is not None:
                problems.append(f'{path}:{pending}: "run" whose $status is never checked')
            pending = None
        if RUN.match(code) and not RUN_CHECKS_ITSELF.match(code):
            pending = i
        if pending is not None and pending != i and re.search(r'\$\{?status\b', code):
            pending = None
    text = '\n'.join(lines)
    if re.search(r'(?<![\\\w])\$RANDOM\b|\bRANDOM\s*%|\(\(\s*RANDOM\b', text) and not re.search(r'^\s*(RANDOM=|seed_random\b)', text, re.M):
        problems.append(f'{path}: uses $RANDOM without seeding it (RANDOM=$seed, and log the seed)')
    return problems


def main():
    problems = []
    for p in sys.argv[1:]:
        problems += lint(p)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
