#!/usr/bin/env python3
"""Finds references to files that do not exist.

Reads every file git tracks under ROOT (default: the repository) except test
fixtures and this checker's own test (whose examples dangle on purpose), and looks for two kinds of reference:

  a path into the tree      common/tail/tailer.h, man/lc-tail.1, tests/x.bats,
                            testing/fake_clock.h, bench/run.sh, DESIGN.md ...
                            must exist under ROOT;
  a bare source file name   "(file_identity.h)" in a comment or a man page
                            must be the name of some file under ROOT, or of a
                            system header under /usr/include.

Prints "FILE:LINE: REFERENCE" for each dangling one and exits 1; exits 0
when there is none.  `#include <...>` lines are the compiler's business.
"""
import os
import re
import subprocess
import sys

TOP_DIRS = ("common", "testing", "tests", "man", "bench", "cmd", "deps",
            "examples", "completions", ".ci")
PATH_RE = re.compile(r"(?<![\w./-])((?:%s)/[\w./*<>{}-]*[\w*>}])" % "|".join(re.escape(d) for d in TOP_DIRS))
# DESIGN.md, TESTING.md and the like: documents at the top of the tree.
DOC_RE = re.compile(r"(?<![\w./-])([A-Z][A-Z_]+\.md)\b")
BARE_RE = re.compile(r"(?<![\w./-])([a-z][a-z0-9_]*\.(?:h|cc|hpp|py|sh|bats))\b")


def tracked_files(root):
    out = subprocess.run(["git", "-C", root, "ls-files"], check=True,
                         capture_output=True, text=True).stdout
    return [f for f in out.splitlines() if f]


def system_headers():
    names = set()
    for d, _, files in os.walk("/usr/include"):
        names.update(files)
    return names


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    files = tracked_files(root)
    existing = set(files)
    dirs = {os.path.dirname(f) for f in files}
    while "" in dirs:
        dirs.discard("")
    for d in list(dirs):
        while d:
            existing.add(d)
            d = os.path.dirname(d)
    basenames = {os.path.basename(f) for f in files}
    sysnames = None
    bad = 0
    for f in files:
        if f.startswith("tests/fixtures/") or f in ("tests/check_references.py", "tests/references.bats"):
            continue
        try:
            with open(os.path.join(root, f), encoding="utf-8") as fh:
                lines = fh.read().splitlines()
        except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
            continue
        for n, line in enumerate(lines, 1):
            if line.lstrip().startswith("#include <"):
                continue
            found = []
            for m in PATH_RE.finditer(line):
                ref = m.group(1).rstrip(".")
                if any(c in ref for c in "*<>{}") or ref.endswith("/"):
                    continue
                if ref not in existing:
                    found.append(ref)
            for m in DOC_RE.finditer(line):
                if m.group(1) not in existing:
                    found.append(m.group(1))
            for m in BARE_RE.finditer(line):
                name = m.group(1)
                if name in basenames:
                    continue
                if sysnames is None:
                    sysnames = system_headers()
                if name not in sysnames:
                    found.append(name)
            for ref in found:
                print("%s:%d: %s" % (f, n, ref))
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
