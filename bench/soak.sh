#!/usr/bin/env bash
# bench/soak.sh [MINUTES] [SEED]: the reliability soak of issue 13 (not CI).
#
# The pipeline `lc-tail --checkpoint --commit | lc-ship --commit file://`
# under a writer of ~10 MB/s (numbered lines), with logrotate every 100-200
# ms alternating create, copytruncate and nocreate (the writer makes the new
# file), each with compress (see below),
# and a kill -9 of a random stage (lc-tail, lc-ship, or both) every 1-3 s;
# a supervisor restarts the pipeline, as lc-agent or systemd would; lc-ship
# killed alone takes lc-tail with it (SIGTERM), as a pipeline's EPIPE would,
# and lc-tail killed alone ends lc-ship (EOF).
# The seed is printed: the same SEED replays the same kill and rotation
# moments.  At the end the writer stops, the pipeline drains, and it prints
#   written / delivered / unique / duplicates / lost
# and, apart, logrotate's own copytruncate window: lines that no rotated
# file and no live file ever held (written between logrotate's copy and its
# truncate), measured by copying each rotated file aside as it appears.
# Lost beyond that window is what lc lost; the target is 0.
#
# LCTK_SOAK_READER=stdout soaks `lc-stdout | lc-ship` instead, on a CRI log
# rotated as the kubelet rotates it: 0.log renamed to 0.log.<time> (the
# writer, standing in for the runtime, reopens 0.log at its next write), and
# every rotated log but the newest gzip'd through a ".tmp" file and renamed
# to 0.log.<time>.gz (the kubelet's compressLog).  Every 1000th line is
# written in two pieces (P then F) in one write (a message whose pieces a
# rotation parts comes out as two records: lc-stdout(1), Split lines).  No
# copytruncate: every line written must arrive, whole (a piece alone is
# torn).
#
# Environment: LCTK_SOAK_DIR (default /tmp/lc-soak), LCTK_SOAK_RATE (bytes
# per second, default 10000000), LCTK_SOAK_KILL (the stages each kill -9
# hits instead of a random choice: "tail" (the reader: lc-tail or
# lc-stdout), "ship", "tail ship", or "" for no kills, to tell rotation from
# restart losses apart), LCTK_SOAK_READER (tail, the default, or stdout),
# LCTK_SOAK_TRACE (1: snapshots of the checkpoint and commit file, below).
# The stages' stderr lines (tail.err, ship.err) carry the time, as the kills
# file does.
set -u -o pipefail
LC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$LC_ROOT/bin:/usr/sbin:/usr/bin:/sbin:/bin"
MINUTES="${1:-10}"
SEED="${2:-$(date +%s)}"
RATE="${LCTK_SOAK_RATE:-10000000}"
D="${LCTK_SOAK_DIR:-/tmp/lc-soak}"
READER="${LCTK_SOAK_READER:-tail}"
case $READER in tail | stdout) ;; *) echo "soak: LCTK_SOAK_READER is tail or stdout, not '$READER'" >&2; exit 2 ;; esac
RANDOM=$SEED
echo "soak: $MINUTES min, seed $SEED (replay: $0 $MINUTES $SEED), lc-$READER, writer $RATE B/s, in $D"

rm -rf "$D"
mkdir -p "$D/log" "$D/out" "$D/aside" "$D/state"
# Everything stays for analysis: the logs, their gzip'd generations, the
# copies aside and the deliveries with their duplicates come to four to six
# times what the writer writes (24 GB for 10 minutes at 10 MB/s with
# lc-tail, 36 GB with lc-stdout: its CRI lines are longer).
need=$((RATE * MINUTES * 60 * 6 / 1000000000 + 1))
avail=$(df -P -BG "$D" | awk 'NR == 2 { sub("G", "", $4); print $4 }')
if [ "$avail" -lt "$need" ]; then
  echo "soak: $D has ${avail} GB free, the soak needs about ${need} GB (remove earlier soak directories)" >&2
  exit 2
fi
LOG="$D/log/app.log"
[ "$READER" = stdout ] && LOG="$D/log/0.log"
: >"$LOG"
# Every mode compresses: logrotate cannot number a mix of x.log.N and
# x.log.N.gz (it renames one aside as .backup, then overwrites that).  So
# the modes alternate create+compress, copytruncate+compress and
# copytruncate+compress with the writer's file reopened (create-like).
for mode in create copytruncate compress; do
  case $mode in
    create) opts="create" ;;
    copytruncate) opts="copytruncate" ;;
    compress) opts="nocreate" ;;
  esac
  printf '%s {\n  %s\n  compress\n  rotate 1000\n  missingok\n}\n' "$LOG" "$opts" >"$D/lr-$mode.conf"
done

pids=()
cleanup() {
  local p
  for p in "${pids[@]}" $(cat "$D"/state/*.pid 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  wait 2>/dev/null
}
trap cleanup EXIT

# The writer: numbered lines of ~100 bytes, paced to RATE, appended with
# O_APPEND (a real daemon's way), line numbers from 1.
python3 - "$LOG" "$RATE" "$D/written" "$READER" <<'EOF' &
import os, sys, time, signal
path, rate, out, reader = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
pad = "x" * 80
cri = reader == "stdout"
def stamp():
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%09dZ" % int((t % 1) * 1e9)
n = 0
stop = False
def on_term(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, on_term)
start = time.monotonic()
fd = None
ino = None
while not stop:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if fd is None or st is None or st.st_ino != ino:
        if fd is not None:
            os.close(fd)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        ino = os.fstat(fd).st_ino
    chunk = []
    ts = stamp() if cri else ""
    for _ in range(1000):
        n += 1
        if not cri:
            chunk.append("%012d %s\n" % (n, pad))
        elif n % 1000 != 500:
            chunk.append("%s stdout F %012d %s\n" % (ts, n, pad))
        else:
            chunk.append("%s stdout P %012d %s\n%s stdout F %s\n" % (ts, n, pad[:30], ts, pad[30:]))
    os.write(fd, "".join(chunk).encode())
    ahead = n * 94 / rate - (time.monotonic() - start)
    if ahead > 0:
        time.sleep(ahead)
open(out, "w").write("%d\n" % n)
EOF
WRITER=$!
pids+=("$WRITER")

# The pipeline as a shell pipeline or lc-agent runs it: the reader and
# lc-ship on a fresh fifo each time; when one ends the other ends too
# (lc-ship at EOF, after delivering what it has; the reader at SIGTERM, as
# EPIPE at its next write would end it), and both start again together.
# (Restarting lc-ship alone on the same fifo while the old reader still held
# it open gave the new lc-ship the rest of a stream the killed one had
# begun: it committed past the lines only the dead one had read, and they
# were lost; no shell pipeline and no lc-agent pipeline can do that.)
reader_flags=""  # lc-stdout reads a log from its head and has no --poll
[ "$READER" = tail ] && reader_flags="--from head --checkpoint-interval 200ms --poll 100ms"
reader_cmd="exec lc-$READER $reader_flags --checkpoint '$D/state/ck.json' --commit '$D/state/commit.json' --rotate-wait 2s '$LOG'"
ship_cmd="exec lc-ship --commit '$D/state/commit.json' --batch-wait 100ms 'file://$D/out'"
# Each stage's stderr line stamped with the time, to line it up with the kills.
cat >"$D/stamp" <<'EOF'
#!/usr/bin/perl
use Time::HiRes qw(time);
$| = 1;
while (<STDIN>) { printf "%.3f %s", time, $_; }
EOF
chmod +x "$D/stamp"
cat >"$D/supervise.sh" <<EOF
#!/bin/bash
while [ ! -e "$D/state/stop" ]; do
  rm -f "$D/state/pipe" && mkfifo "$D/state/pipe"
  bash -c "$reader_cmd >'$D/state/pipe' 2> >('$D/stamp' >>'$D/tail.err')" & t=\$!
  bash -c "$ship_cmd <'$D/state/pipe' 2> >('$D/stamp' >>'$D/ship.err')" & s=\$!
  echo \$t >"$D/state/tail.pid"
  echo \$s >"$D/state/ship.pid"
  wait -n \$t \$s
  kill -0 \$s 2>/dev/null || kill -TERM \$t 2>/dev/null
  wait \$t \$s
  sleep 0.05
done
EOF
bash "$D/supervise.sh" &
pids+=($!)

# LCTK_SOAK_TRACE=1: a copy of the checkpoint and the commit file at each
# change, in snap/ named by the time, to follow a lost file's key through.
if [ -n "${LCTK_SOAK_TRACE:-}" ]; then
  mkdir -p "$D/snap"
  python3 - "$D/state" "$D/snap" <<'EOF' &
import os, shutil, sys, time
src, dst = sys.argv[1:3]
last = {}
while not os.path.exists(os.path.join(src, "stop")):
    for name in ("ck.json", "commit.json"):
        p = os.path.join(src, name)
        try:
            m = os.stat(p).st_mtime_ns
            if last.get(name) != m:
                shutil.copyfile(p, os.path.join(dst, "%.3f.%s" % (time.time(), name)))
                last[name] = m
        except OSError:
            pass
    time.sleep(0.01)
EOF
  pids+=($!)
fi

# Rotated files copied aside as they appear (logrotate's own window): each
# (inode, size) once, decompressed, whatever name it has by then.
python3 - "$D/log" "$D/aside" "$D/state/stop" "$(basename "$LOG")" <<'EOF' &
import gzip, os, shutil, sys, time
src, dst, stop, live = sys.argv[1:5]
seen = set()
n = 0
while not os.path.exists(stop):
    for name in os.listdir(src):
        if name == live or name.endswith(".tmp"):
            continue
        p = os.path.join(src, name)
        try:
            st = os.stat(p)
            key = (st.st_ino, st.st_size)
            if key in seen:
                continue
            n += 1
            out = os.path.join(dst, "%06d" % n)
            if name.endswith(".gz"):
                with gzip.open(p) as f, open(out, "wb") as o:
                    shutil.copyfileobj(f, o)
            else:
                shutil.copyfile(p, out)
            seen.add(key)
        except (OSError, EOFError):
            pass  # being written or compressed: next round
    time.sleep(0.02)
EOF
pids+=($!)

end=$(( $(date +%s) + MINUTES * 60 ))
rotations=0 kills=0 next_kill=$(( $(date +%s%N) / 1000000 + 1000 + RANDOM % 2000 ))
modes=(create copytruncate compress)
# The kubelet's rotation (pkg/kubelet/logs): rename, then gzip each rotated
# log but the newest through "<name>.tmp".  Its names have whole seconds;
# one a second apart per rotation keeps them distinct and in order.
kubelet_rotate() {
  local ts f
  ts=$(date -u -d "@$((1796000000 + rotations))" +%Y%m%d-%H%M%S)
  mv "$LOG" "$LOG.$ts" 2>/dev/null || return 0
  for f in $(ls "$LOG".* | grep -v '\.gz$\|\.tmp$' | sort | head -n -1); do
    gzip -c "$f" >"$f.tmp" && mv "$f.tmp" "$f.gz" && rm "$f"
  done
}
while [ "$(date +%s)" -lt "$end" ]; do
  sleep "0.$((100 + RANDOM % 100))"
  if [ "$READER" = stdout ]; then
    kubelet_rotate
  else
    logrotate -f -s "$D/state/lr.state" "$D/lr-${modes[rotations % 3]}.conf" 2>>"$D/logrotate.err"
  fi
  rotations=$((rotations + 1))
  now=$(( $(date +%s%N) / 1000000 ))
  if [ "$now" -ge "$next_kill" ]; then
    case $((RANDOM % 3)) in
      0) victims="tail" ;;
      1) victims="ship" ;;
      2) victims="tail ship" ;;
    esac
    [ -n "${LCTK_SOAK_KILL+x}" ] && victims=$LCTK_SOAK_KILL
    # The supervisor ends the other stage (lc-ship(1): stages live and die
    # together) and restarts both, from the commit file.
    for v in $victims; do kill -9 "$(cat "$D/state/$v.pid")" 2>/dev/null; done
    echo "$(date +%s.%N) kill -9 $victims" >>"$D/kills"
    kills=$((kills + 1))
    next_kill=$(( now + 1000 + RANDOM % 2000 ))
  fi
done

# Stop writing; let the pipeline drain what is on disk.
kill -TERM "$WRITER"
wait "$WRITER"
written=$(cat "$D/written")
last=-1
for _ in $(seq 1 120); do
  sleep 5
  n=$(cat "$D"/out/*.ndjson 2>/dev/null | wc -l)
  [ "$n" = "$last" ] && break
  last=$n
done
touch "$D/state/stop"
for v in tail ship; do kill -TERM "$(cat "$D/state/$v.pid")" 2>/dev/null; done
sleep 1

python3 - "$D" "$written" "$rotations" "$kills" "$LOG" "$READER" <<'EOF'
import glob, json, os, re, sys
d, written, rotations, kills, live, reader = sys.argv[1:7]
written, rotations, kills = int(written), int(rotations), int(kills)
# lc-stdout's records must be whole: the number and all 80 x (a split CRI
# line's P piece alone is torn).  lc-tail's line cut by logrotate's window
# (below) is the number and fewer x.
body = re.compile(rb'"body":"(\d{12}) x{80}"' if reader == "stdout" else rb'"body":"(\d{12}) x+"')
num = re.compile(rb"(\d{12}) x")
seen = bytearray(written + 1)  # times delivered, capped at 255
# A record whose body is the head of a numbered line is whole JSON, cut by
# logrotate's window: its copy caught the writer's 94 KB write between two
# pages and the truncation dropped the rest, so the copy ends in a partial
# line that lc rightly sends (nothing more will come).  Torn is what is not
# one whole JSON object.
head = re.compile(r"\d{1,12}( x*)?")
delivered = bad = cut = 0
for p in sorted(glob.glob(os.path.join(d, "out", "*.ndjson"))):
    for line in open(p, "rb"):
        m = body.search(line)
        if m is None or not line.endswith(b"}\n"):
            try:
                r = json.loads(line)
                whole = line.endswith(b"}\n") and isinstance(r, dict)
            except ValueError:
                whole = False
            if whole and reader == "tail" and head.fullmatch(str(r.get("body", "x"))):
                cut += 1
            else:
                bad += 1
            continue
        i = int(m.group(1))
        delivered += 1
        if i <= written and seen[i] < 255:
            seen[i] += 1
on_disk = bytearray(written + 1)
for p in glob.glob(os.path.join(d, "aside", "*")) + [live]:
    for m in num.finditer(open(p, "rb").read()):
        i = int(m.group(1))
        if i <= written:
            on_disk[i] = 1
unique = sum(1 for i in range(1, written + 1) if seen[i])
lost = [i for i in range(1, written + 1) if not seen[i]]
window = sum(1 for i in range(1, written + 1) if not on_disk[i])
lost_by_lc = [i for i in lost if on_disk[i]]
print(f"rotations {rotations}, kill -9s {kills}")
print(f"written {written}  delivered {delivered}  unique {unique}  duplicates {delivered - unique}  "
      f"torn/invalid {bad}  cut by logrotate's window {cut}")
print(f"lost {len(lost)}: logrotate's copytruncate window {window} (on no file, measured aside), "
      f"lost by lc {len(lost_by_lc)}")
if lost_by_lc:
    print("first lost by lc:", lost_by_lc[:10])
EOF
