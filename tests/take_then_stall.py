#!/usr/bin/env python3
"""take_then_stall.py N OUT: copy N bytes of stdin to OUT, create OUT.ready,
then stop reading (without closing stdin) until killed.  The writer on the
other side of the pipe is left blocked in the middle of its work: a
deterministic place to kill it, with no timing involved."""
import sys
import time

limit, path = int(sys.argv[1]), sys.argv[2]
done = 0
with open(path, "wb") as out:
    while done < limit:
        chunk = sys.stdin.buffer.read1(65536)
        if not chunk:
            break
        out.write(chunk)
        done += len(chunk)
open(path + ".ready", "w").close()
while True:
    time.sleep(3600)
