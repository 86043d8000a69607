#!/usr/bin/env python3
"""Checks the command lines that the man pages and the README show.

Every lc-* invocation in a man page's EXAMPLES (and SYNOPSIS-like .nf
blocks of lc-render.1 and lc-config.5) and in the README's code blocks is
split off its pipeline, and each of its --options must be one that the
tool's --help lists (the binaries of BIN); lc-ship must be given a sink
(SCHEME:...).  Prints "FILE:LINE: TOOL: PROBLEM" for each problem and exits
1; exits 0 when every example would parse.

  check_examples.py ROOT BIN
"""
import os
import re
import shlex
import subprocess
import sys

OPT_RE = re.compile(r"--[a-z][a-z0-9-]*")


def help_options(bin_dir, tool, cache={}):
    if tool not in cache:
        path = os.path.join(bin_dir, tool)
        if not os.path.exists(path):
            cache[tool] = None
        else:
            out = subprocess.run([path, "--help"], capture_output=True, text=True).stdout
            cache[tool] = set(OPT_RE.findall(out))
    return cache[tool]


def man_examples(path):
    """(line, command) of the .nf blocks under .SH EXAMPLES."""
    out, section, in_nf, buf, start = [], "", False, "", 0
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith(".SH"):
                section = line[3:].strip().strip('"')
                continue
            if line == ".nf":
                in_nf = True
                continue
            if line == ".fi":
                in_nf = False
                continue
            if not in_nf or section != "EXAMPLES":
                continue
            text = line.replace("\\-", "-").replace("\\e", "\\").replace("\\\\", "\\")
            if not buf:
                start = no
            if text.endswith("\\"):
                buf += text[:-1] + " "
                continue
            buf += text
            out.append((start, buf))
            buf = ""
    return out


def readme_examples(path):
    out, in_code, buf, start = [], False, "", 0
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("```"):
                in_code = not in_code
                continue
            if not in_code or line.lstrip().startswith("#"):
                continue
            if not buf:
                start = no
            if line.endswith("\\") or line.rstrip().endswith("|"):
                buf += line.rstrip().rstrip("\\") + " "
                continue
            buf += line
            out.append((start, buf))
            buf = ""
    return out


def check(cmd, bin_dir):
    problems = []
    try:
        words = shlex.split(cmd, comments=True)
    except ValueError as e:
        return ["does not parse as a shell line: %s" % e]
    i = 0
    while i < len(words):
        w = words[i]
        if not re.fullmatch(r"lc-[a-z]+", w):
            i += 1
            continue
        tool, args = w, []
        i += 1
        while i < len(words) and words[i] not in ("|", "||", "&&", ";", ">", ">>", "<"):
            if words[i].endswith("|") and words[i] != "|":
                args.append(words[i][:-1])
                break
            args.append(words[i])
            i += 1
        opts = help_options(bin_dir, tool)
        if opts is None:
            problems.append("%s: no such tool in %s" % (tool, bin_dir))
            continue
        for a in args:
            if a.startswith("--"):
                name = a.split("=", 1)[0]
                if name not in opts:
                    problems.append("%s: %s is not an option" % (tool, name))
        if tool == "lc-ship" and not any(re.match(r"^[a-z0-9+]+:", a) for a in args if not a.startswith("-")):
            problems.append("lc-ship: no sink")
    return problems


def main():
    root, bin_dir = sys.argv[1], sys.argv[2]
    files = []
    man = os.path.join(root, "man")
    for name in sorted(os.listdir(man)):
        files.append((os.path.join("man", name), man_examples(os.path.join(man, name))))
    files.append(("README.md", readme_examples(os.path.join(root, "README.md"))))
    bad = 0
    for rel, examples in files:
        for line, cmd in examples:
            # A shell line is split on pipes that shlex keeps inside words.
            for p in check(cmd.replace("|", " | "), bin_dir):
                print("%s:%d: %s" % (rel, line, p))
                bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
