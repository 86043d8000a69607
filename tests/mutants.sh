#!/usr/bin/env bash
# make mutants: plants one-line bugs, one at a time, in a copy of the tree (a
# git worktree of HEAD under /tmp), builds, runs the tests that should catch
# each, and reports it "caught" (some test failed) or "SURVIVED".  Exits 1 if
# any survived or could not be planted.  Not part of CI: it builds once per
# bug.  Keeps the suite honest: issue 13 found planted bugs no test caught.
#
#   tests/mutants.sh [NAME...]     (default: every bug below)
#
# Each bug: NAME~FILE~sed expression (must change FILE)~bats suite~bats -f
# filter (empty for the whole suite).  Every bug also runs all unit tests.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)

bugs=(
  "checkpoint-in-place~common/base/atomic_file.cc~s/std::string tmp = path + \".tmp.\" + std::to_string(getpid());/std::string tmp = path;/~tests/lc-tail.bats~checkpoint"
  "signature-recheck-dropped~common/tail/followed_file.cc~s/ \&\& !SignatureHolds()) {/ \&\& false) {/~tests/lc-tail.bats~trunc"
  "reread-not-compared~common/tail/followed_file.cc~s/memcmp(buf.data(), last_bytes_.data() + last_bytes_.size() - back, back) != 0/false/~tests/lc-tail.bats~copytruncate"
  "http-502-504-permanent~common/ship/sinks/http_protocol_sink.cc~s/(status >= 500 \&\& status < 600))/(status >= 500 \&\& status < 600 \&\& status != 502 \&\& status != 504))/~tests/lc-ship.bats~502"
  "joiner-clear-keeps-truncated~common/runtime/stream_joiner.h~s/pending_ = truncated_ = false;/pending_ = false;/~tests/lc-stdout.bats~"
  "0x1f-unescaped~common/json/json_escape.cc~s/^      case '\\\\f': .*/&\n      case 0x1f: *d++ = 0x1f; break;/~tests/lc-tail.bats~"
  "spool-not-locked~common/ship/shipper.cc~s/if (st.ok()) st = LockFile::Acquire(/if (false) st = LockFile::Acquire(/~tests/lc-ship.bats~spool"
  "non-json-line-commits~common/ship/batch.cc~s/if (!IsJsonObject(record)) return Kind::kNotJson;//~tests/lc-ship.bats~JSON"
  "file-sink-no-repair~common/ship/sinks/sink_file.cc~s/^  Repair();  \/\/ at start/  \/\/ Repair();/~tests/lc-ship.bats~file"
  "file-sink-failed-write-kept~common/ship/sinks/sink_file.cc~s/if (!file_->Truncate(size_).ok()) CloseFile();/CloseFile();/~tests/lc-ship.bats~file"
  "errors-not-limited~common/base/error_limiter.cc~s/if (now - s.said < interval_) {/if (false) {/~tests/lc-ship.bats~full disk"
  "first-commit-waits-the-interval~common/ship/shipper.h~s/int64_t last_commit_ = kNever,/int64_t last_commit_ = 0,/~tests/lc-ship.bats~commit-interval"
  "checkpoint-size-and-start-swapped~common/tail/checkpoint.cc~s/e.id.sig.len, e.size, e.start);/e.id.sig.len, e.start, e.size);/~tests/lc-tail.bats~checkpoint"
  "recycled-batch-keeps-its-records~common/ship/batch_recycler.cc~s/^  b.data.clear();//~tests/lc-ship.bats~every"
  "pending-budget-ignored~common/tail/line_splitter.h~s/  size_t Cap() const { return std::min(max_, share_.Room()); }/  size_t Cap() const { return max_; }/~tests/lc-tail.bats~max-pending-bytes"
  "multiline-held-unbounded~common/parse/multiline_joiner.h~s/    return st->share.Room();/    return SIZE_MAX;/~tests/lc-tail.bats~multiline"
  "multiline-budget-not-shared~cmd/lc-tail/main.cc~s/  stage.ShareBudget(tailer.held_bytes());/  (void)tailer;/~tests/lc-tail.bats~max-pending-bytes"
  "cut-piece-ends-past-held-bytes~common/runtime/stream_joiner.h~s/      emit(buf_.data(), buf_.size(), time_, line_start, true);/      emit(buf_.data(), buf_.size(), time_, line_end, true);/~tests/lc-stdout.bats~max-pending"
  "joiner-budget-ignored~common/runtime/stream_joiner.h~s/? std::min(max_, share_.Room()) : max_;/? max_ : max_;/~tests/lc-stdout.bats~max-pending"
  "agent-held-share-not-passed~cmd/lc-agent/lc-agent~s/ --max-pending-bytes \"\$share\")/)/~tests/lc-agent.bats~max-held-bytes"
  "validator-escape-carry-dropped~common/json/json_validate.cc~s/    carry_ = (codes \& backslashes) >> 63;/    carry_ = 0;/~tests/lc-ship.bats~JSON"
  "successor-of-a-path-found-gone-unordered~common/tail/tailer_discovery.cc~s/  } else if (!first_discovery) {/  } else if (false) {/~tests/lc-stdout.bats~kubelet-style"
  "decoder-budget-ignored~common/tail/source_decoder.cc~s/  size_t cap = std::min(max_, share_.Room()/  size_t cap = std::min(max_, SIZE_MAX/~tests/lc-tail.bats~encoding"
  "multiline-cut-marks-next-record~common/parse/multiline_joiner.h~s/    if (!st->held \&\& begins) st->next_truncated = false;//~tests/lc-tail.bats~multiline"
  "url-named-twice~common/ship/sink_message.cc~s/scheme > 0 \&\& f.find/scheme > 0 \&\& false \&\& f.find/~tests/lc-ship.bats~URL"
  "copies-before-first-key-not-read~common/tail/followed_file.cc~s/^  ReadCopiesBeforeFirstKey();//~tests/lc-tail.bats~copytruncate"
  "later-copies-not-read~common/tail/followed_file_copies.cc~/^  if (copies.known) ReadFrom/{n;n;d}~tests/lc-tail.bats~copytruncate"
  "newer-generation-skipped-at-start~common/tail/tailer_generations.cc~s/(i < newest_known || (!replaced \&\& newest_known < 0))/(!replaced || i < newest_known)/~tests/lc-tail.bats~generation"
  "copy-not-told-by-last-bytes~common/tail/followed_file_copies.cc~s/(!ours || EndsWithLastBytes(f.get()))/true/~tests/lc-tail.bats~copytruncate"
  "unread-predecessor-no-boundary~common/tail/tailer_discovery.cc~s/^    if (keyed || headed) {/    if (keyed) {/~tests/lc-tail.bats~rotat"
  "first-bytes-read-twice~common/tail/followed_file_copies.cc~s/FindCopies(after, \/\*ours=\*\/false, now, \&copies);/std::string again; ReadHead(\&again); FindCopies(after, false, again, \&copies);/~tests/lc-tail.bats~copytruncate"
  "current-head-not-a-boundary~common/tail/tailer_discovery.cc~s/^        before.push_back(std::move(pe));//~tests/lc-tail.bats~copytruncate"
  "compressed-since-listing-not-opened~common/tail/rotated_generations.cc~s/if (!s.IsNotFound() || g->compressed) return s;/return s;/~tests/lc-tail.bats~copytruncate"
  "compressed-since-listing-not-stat'ed~common/tail/rotated_generations.cc~s/if (st.IsNotFound() \&\& !f.g.compressed \&\&/if (false \&\&/~tests/lc-tail.bats~copytruncate"
  "copy-beside-its-gz-read-twice~common/tail/followed_file_copies.cc~s/if (g->compressed \&\& g->path == twin) continue;//~tests/lc-tail.bats~copytruncate"
  "empty-copy-taken-for-current~common/tail/followed_file_copies.cc~s/ || head.empty()) continue;/) continue;/~tests/lc-tail.bats~copytruncate"
  "every-generation-opened-per-rotation~common/tail/tailer_generations.cc~s/if (replaced \&\& adoptable == 0 \&\& gens.size() > kMaxGenerationsLooked) {/if (false) {/~tests/lc-tail.bats~rotat"
  "unkeyed-waiting-file-not-in-checkpoint~common/tail/followed_file.cc~s/    if (predecessor_ == nullptr || next_offset() != 0 || !ReadHead(\&head)) return false;/    return false;/~tests/lc-tail.bats~rotat"
  "generation-after-unread-known-skipped~common/tail/tailer_generations.cc~s/ \&\& !unread_before) continue;/) continue;/~tests/lc-tail.bats~rotat"
  "torn-record-delivered~common/ship/shipper.cc~s/last\[0\] == '{' \&\& !IsJsonObject(last)/false/~tests/lc-ship.bats~torn"
  "lag-of-a-waiting-file-not-stated~common/tail/tailer.cc~s/    if (t->hot()) t->PollSize();/    if (false) t->PollSize();/~tests/lc-tail.bats~metrics-file: files followed"
  "one-shot-watch-not-rearmed~common/tail/tailer.cc~s/      if (use_inotify) m.inotify.Rearm();/      (void)0;/~tests/lc-tail.bats~one-shot"
  "one-shot-fired-reads-only-the-named~common/tail/tailer.cc~s/    for (auto\& \[ik, t\] : files) t->set_hot(true);/    (void)0;/~tests/lc-tail.bats~one-shot"
  "one-shot-never-chosen~common/tail/tailer.cc~s/  inotify.SetOneShotWrites(busy >= kOneShotMinFiles/  inotify.SetOneShotWrites(false \&\& busy >= kOneShotMinFiles/~tests/lc-tail.bats~one-shot"
  "one-shot-where-each-write-is-an-event-anyway~common/tail/tailer.cc~s/ \&\& window_write_events >= 4 \* window_dirs_written;/;/~tests/lc-tail.bats~one-shot"
)

want=("$@")
wt=$(mktemp -d /tmp/lc-mutants.XXXXXX)
log="$wt.log"
: >"$log"
git worktree add -q --detach "$wt" HEAD || exit 1
cleanup() { git -C "$root" worktree remove --force "$wt" 2>/dev/null; rm -rf "$wt" "$wt.base" "$wt.unit" "$wt.tap"; }
trap cleanup EXIT
# Start from this tree's objects, so each bug rebuilds only what it touches.
if [ -d build ]; then cp -a build lib bin "$wt/" 2>/dev/null; find "$wt/build" "$wt/lib" "$wt/bin" -exec touch {} +; fi
(cd "$wt" && make -j2 >>"$log" 2>&1) || { echo "mutants: the unmutated copy does not build (see $log)"; exit 1; }
# Without a bug planted every unit test must pass, or "caught" means nothing.
(cd "$wt" && bin/unit_tests --gtest_brief=1 >"$wt.base" 2>&1) ||
  { grep FAILED "$wt.base"; echo "mutants: unit tests fail without a bug planted"; exit 1; }

caught=0 survived=0 broken=0
for b in "${bugs[@]}"; do
  IFS='~' read -r name file expr suite filter <<<"$b"
  if [ ${#want[@]} -gt 0 ] && [[ " ${want[*]} " != *" $name "* ]]; then continue; fi
  cp "$wt/$file" "$wt/$file.orig"
  sed -i "$expr" "$wt/$file"
  if cmp -s "$wt/$file" "$wt/$file.orig"; then
    echo "NOT PLANTED  $name: the sed expression no longer matches $file"
    broken=$((broken + 1)); mv "$wt/$file.orig" "$wt/$file"; continue
  fi
  t0=$SECONDS
  verdict=SURVIVED
  if ! (cd "$wt" && make -j2 >>"$log" 2>&1); then
    verdict="caught (does not compile)"
  elif ! (cd "$wt" && timeout 600 bin/unit_tests --gtest_brief=1 >"$wt.unit" 2>&1); then
    cat "$wt.unit" >>"$log"
    verdict="caught (unit: $(sed -n 's/^\[  FAILED  \] \([A-Za-z0-9_.\/]*\) (.*/\1/p' "$wt.unit" | head -3 | paste -sd' ' -))"
  else
    args=()
    [ -n "$filter" ] && args=(-f "$filter")
    if ! (cd "$wt" && BATS_TEST_TIMEOUT=120 timeout 1200 bats --tap "$suite" "${args[@]}" >"$wt.tap" 2>&1); then
      cat "$wt.tap" >>"$log"
      verdict="caught ($suite: $(grep -m1 '^not ok' "$wt.tap" | cut -c1-120))"
    fi
  fi
  mv "$wt/$file.orig" "$wt/$file"
  touch "$wt/$file"
  if [ "$verdict" = SURVIVED ]; then survived=$((survived + 1)); else caught=$((caught + 1)); fi
  printf '%-12s %s (%d s)\n' "${verdict%% *}" "$name: $verdict" $((SECONDS - t0))
done
echo "$caught caught, $survived survived, $broken not planted (log: $log)"
[ "$survived" -eq 0 ] && [ "$broken" -eq 0 ]
