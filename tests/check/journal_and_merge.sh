#!/usr/bin/env bash
# Runs you can trust at scale (README "Resume, shards and merge"):
#  1. a journal is bound to its run: another schema, engine, input or shard is refused (exit 2,
#     saying what differs) unless --restart; a damaged tail is dropped with a warning giving the
#     count and redone; a resume counts journalled results in the exit code and the totals;
#  2. kill -9 at several points (and a journal cut at several bytes, as a kill inside a write
#     leaves it), then the same command: the same report bytes, summary and exit code;
#  3. merge refuses a missing shard, mixed runs, a report that does not add up or is cut off,
#     and writes the merged report (jsonl, junit, sarif) equal to one unsharded run's.
#   journal_and_merge.sh <corpus-check> <corpus-gen> <schema.xsd>
set -u
check=$1 gen=$2 schema=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
summary() { grep -v "this run:" "$1"; }

"$gen" instances -s "$schema" --seed 7 --count 1500 --invalid-ratio 0.2 -o "$work/corpus" 2>/dev/null
run() { "$check" -j 2 -s "$schema" "$@" "$work/corpus"; }
run --report "$work/all.jsonl" > "$work/all.txt"
all_rc=$?
[ "$all_rc" = 1 ] && ok "one run over 1500 documents (20% invalid) exits 1" || bad "one run exits $all_rc"
head -1 "$work/all.jsonl" | grep -q '^{.*"type":"header"' && ok "the report starts with its header" ||
  bad "no header line: $(head -c 200 "$work/all.jsonl")"
tail -1 "$work/all.jsonl" | grep -q '"type":"summary"' && ok "the report ends with its summary" || bad "no summary at the end"

# 1. A complete journal: the rerun checks nothing, and exits as the run did.
run --journal "$work/j.jsonl" > /dev/null
run --journal "$work/j.jsonl" --report "$work/again.jsonl" > "$work/again.txt"
rc=$?
[ "$rc" = "$all_rc" ] && ok "a rerun on a complete journal exits $rc, as the run" || bad "a rerun on a complete journal exits $rc"
cmp -s "$work/all.jsonl" "$work/again.jsonl" && ok "and writes the same report" || bad "the report from the journal differs"
diff <(summary "$work/all.txt") <(summary "$work/again.txt") > /dev/null && ok "and the same summary" || bad "the summary differs"
for fmt in junit sarif; do
  run -f $fmt --report "$work/all.$fmt" > /dev/null
  run --journal "$work/j.jsonl" -f $fmt --report "$work/again.$fmt" > /dev/null
  cmp -s "$work/all.$fmt" "$work/again.$fmt" && ok "$fmt report from the journal = the run's" || bad "$fmt report from the journal differs"
done

# Another run's journal is refused, saying what differs; --restart starts over.
other=$(dirname "$schema")/$(ls "$(dirname "$schema")" | grep '\.xsd$' | grep -v "$(basename "$schema")" | head -1)
"$check" -j 2 -s "$other" --journal "$work/j.jsonl" "$work/corpus" > /dev/null 2> "$work/err.txt"
rc=$?
[ "$rc" = 2 ] && grep -q "another run: .*schema" "$work/err.txt" && ok "another schema: refused (exit 2): $(cut -c1-150 "$work/err.txt")" ||
  bad "another schema: exit $rc: $(cat "$work/err.txt")"
run -e xerces --journal "$work/j.jsonl" > /dev/null 2> "$work/err.txt"
rc=$?
[ "$rc" = 2 ] && grep -q "the engine (xerces now, auto then)" "$work/err.txt" && ok "another engine: refused, named" ||
  bad "another engine: exit $rc: $(cat "$work/err.txt")"
one=$(ls "$work/corpus" | head -1)
"$check" -j 2 -s "$schema" --journal "$work/j.jsonl" "$work/corpus/$one" > /dev/null 2> "$work/err.txt"
rc=$?
[ "$rc" = 2 ] && grep -q "the inputs" "$work/err.txt" && ok "one input and a 1500-document journal: refused" ||
  bad "one input with the journal: exit $rc: $(cat "$work/err.txt")"
run --shard 1/2 --journal "$work/j.jsonl" > /dev/null 2> "$work/err.txt"
[ $? = 2 ] && grep -q "the shard (1/2 now, 1/1 then)" "$work/err.txt" && ok "another shard: refused" || bad "another shard: $(cat "$work/err.txt")"
cp "$work/j.jsonl" "$work/j2.jsonl"
"$check" -j 2 -s "$schema" --restart --journal "$work/j2.jsonl" "$work/corpus/$one" > "$work/restart.txt"
grep -q "^corpus-check: 1 document," "$work/restart.txt" && [ "$(wc -l < "$work/j2.jsonl")" = 2 ] &&
  ok "--restart empties it: 1 document checked and journalled" || bad "--restart: $(head -1 "$work/restart.txt")"
echo "not a journal" > "$work/j3.jsonl"
run --journal "$work/j3.jsonl" > /dev/null 2> "$work/err.txt"
[ $? = 2 ] && grep -q "not a corpus-check journal" "$work/err.txt" && ok "a file that is not a journal: refused" ||
  bad "not a journal: $(cat "$work/err.txt")"

# A hand-edited verdict fails its check sum: it and what follows are dropped and redone.
cp "$work/j.jsonl" "$work/edited.jsonl"
line=$(grep -n '"verdict":"invalid"' "$work/edited.jsonl" | sed -n 50p | cut -d: -f1)
sed -i "${line}s/\"verdict\":\"invalid\"/\"verdict\":\"valid\"/" "$work/edited.jsonl"
run --journal "$work/edited.jsonl" --report "$work/edited-report.jsonl" > "$work/edited.txt" 2> "$work/err.txt"
rc=$?
dropped=$((1501 - line + 1))
grep -q "warning: .*: $dropped damaged lines at the end dropped" "$work/err.txt" &&
  ok "an edited line: the $dropped lines from it on dropped, with a warning" || bad "edited line: $(cat "$work/err.txt")"
[ "$rc" = "$all_rc" ] && cmp -s "$work/all.jsonl" "$work/edited-report.jsonl" &&
  diff <(summary "$work/all.txt") <(summary "$work/edited.txt") > /dev/null &&
  ok "and redone: the run's report, summary and exit code" || bad "after an edited line: rc $rc, report or summary differ"

# 2. kill -9 at several points, then the same command: same report, summary, exit code.
resume_same() { # $1: what was done to the journal; the journal is $work/k.jsonl
  run --journal "$work/k.jsonl" --report "$work/k-report.jsonl" > "$work/k.txt" 2> "$work/k-err.txt"
  local rc=$?
  if [ "$rc" = "$all_rc" ] && cmp -s "$work/all.jsonl" "$work/k-report.jsonl" &&
     diff <(summary "$work/all.txt") <(summary "$work/k.txt") > /dev/null; then
    ok "$1, resumed: the same report bytes, summary and exit code ($rc)$(grep -o ': [0-9]* damaged lines\?' "$work/k-err.txt")"
  else
    bad "$1, resumed: exit $rc, report or summary differ: $(cat "$work/k-err.txt")"
  fi
}
# Real kills: xerces and one worker make the run long enough to be killed at three points.
run -e xerces --report "$work/allx.jsonl" > "$work/allx.txt"
allx_rc=$?
for at in 1 200 900; do
  rm -f "$work/k.jsonl"
  "$check" -q -j 1 -e xerces -s "$schema" --journal "$work/k.jsonl" "$work/corpus" &
  pid=$!
  for _ in $(seq 500); do
    [ -s "$work/k.jsonl" ] && [ "$(wc -l < "$work/k.jsonl")" -gt "$at" ] && break
    sleep 0.01
  done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  n=$(($(wc -l < "$work/k.jsonl") - 1))
  run -e xerces --journal "$work/k.jsonl" --report "$work/kx.jsonl" > "$work/kx.txt" 2>&1
  rc=$?
  if [ "$rc" = "$allx_rc" ] && cmp -s "$work/kx.jsonl" "$work/allx.jsonl" &&
     diff <(summary "$work/allx.txt") <(grep -v "warning:" "$work/kx.txt" | summary /dev/stdin) > /dev/null; then
    ok "kill -9 after $n of 1500 documents, resumed: the same report bytes, summary and exit code ($rc)"
  else
    bad "kill -9 after $n documents, resumed: exit $rc, report or summary differ"
  fi
done
# A kill inside a write leaves a prefix of the bytes written: cut a complete journal there.
size=$(stat -c %s "$work/j.jsonl")
header=$(head -1 "$work/j.jsonl" | wc -c)
for cut in 10 "$header" $((header + 40)) $((size / 3)) $((size / 2 + 7)) $((size - 1)); do
  head -c "$cut" "$work/j.jsonl" > "$work/k.jsonl"
  resume_same "journal cut at byte $cut of $size"
done

# 3. merge.
for k in 1 2 3; do
  run -q --shard $k/3 --report "$work/s$k.jsonl"
done
"$check" merge --report "$work/merged.jsonl" "$work"/s{3,1,2}.jsonl > "$work/merged.txt"
rc=$?
[ "$rc" = "$all_rc" ] && ok "merge of the 3 shards (in any order) exits $rc" || bad "merge exits $rc"
cmp -s "$work/all.jsonl" "$work/merged.jsonl" && ok "merge --report: the unsharded run's jsonl, byte for byte" ||
  bad "merged jsonl differs: $(diff "$work/all.jsonl" "$work/merged.jsonl" | head -4)"
diff <(summary "$work/all.txt") <(summary "$work/merged.txt") > /dev/null && ok "merge: the unsharded summary" || bad "merge summary differs"
for fmt in junit sarif; do
  "$check" merge -f $fmt --report "$work/merged.$fmt" "$work"/s{1,2,3}.jsonl > /dev/null
  cmp -s "$work/all.$fmt" "$work/merged.$fmt" && ok "merge -f $fmt: the unsharded run's $fmt" || bad "merged $fmt differs"
done
refused() { # $1: what; $2: expected exit; $3: message regex; rest: merge arguments
  local what=$1 want=$2 re=$3
  shift 3
  "$check" merge "$@" > /dev/null 2> "$work/err.txt"
  local rc=$?
  if [ "$rc" = "$want" ] && grep -qE "$re" "$work/err.txt"; then
    ok "merge refuses $what (exit $rc): $(cut -c1-140 "$work/err.txt")"
  else
    bad "merge of $what: exit $rc: $(cat "$work/err.txt")"
  fi
}
for k in 1 2 3; do
  run -q --shard $k/4 --report "$work/q$k.jsonl"
done
refused "3 of 4 shards" 2 "shard 4/4 missing" "$work"/q{1,2,3}.jsonl
refused "2 of 3 shards" 2 "shard 3/3 missing" "$work"/s{1,2}.jsonl
# A header may claim any shard count: the refusal names a few missing shards and counts the rest,
# promptly (it once looped for ever over 2^32-1 claimed shards).
sed '1s#"shard":"1/3"#"shard":"1/4294967295"#' "$work/s1.jsonl" > "$work/huge-n.jsonl"
grep -q '"shard":"1/4294967295"' "$work/huge-n.jsonl" || bad "could not make a header claiming 4294967295 shards"
refused "1 of 4294967295 shards" 2 "shard 2/4294967295 missing.*and 4294967284 more shards missing" \
  "$work/huge-n.jsonl"
refused "a shard twice" 2 "shard 1/3 given twice" "$work"/s{1,1,2,3}.jsonl
run -q -e xerces --shard 3/3 --report "$work/x3.jsonl"
refused "shards of different runs" 2 "another run" "$work"/s{1,2}.jsonl "$work/x3.jsonl"
sed '5d' "$work/s2.jsonl" > "$work/missing-line.jsonl"
refused "a report missing a document line" 3 "do not add up to its summary" "$work"/s{1,3}.jsonl "$work/missing-line.jsonl"
head -n -1 "$work/s2.jsonl" > "$work/cut.jsonl"
refused "a report without its summary" 3 "no summary line" "$work"/s{1,3}.jsonl "$work/cut.jsonl"
tail -n +2 "$work/s2.jsonl" > "$work/headless.jsonl"
refused "a report without its header" 3 "no report header" "$work"/s{1,3}.jsonl "$work/headless.jsonl"
exit $fail
