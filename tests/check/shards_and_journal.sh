#!/usr/bin/env bash
# corpus-check at scale, the way users run it:
#  1. three shards run by GNU parallel (or as background jobs), merged: the same summary as one
#     run over everything;
#  2. -j 1 and -j 2 write the same report;
#  3. kill -9 in the middle of a run with --journal, then the same command again: the final
#     summary equals an uninterrupted run's.
#   shards_and_journal.sh <corpus-check> <corpus-gen> <schema.xsd>
set -u
check=$1 gen=$2 schema=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
summary() { grep -v "this run:" "$1"; }

"$gen" instances -s "$schema" --seed 5 --count 6000 --invalid-ratio 0.1 -o "$work/corpus" 2>/dev/null
"$check" -j 2 -s "$schema" --report "$work/all.jsonl" "$work/corpus" > "$work/all.txt"
total=$(grep -c '"type":"document"' "$work/all.jsonl")
[ "$total" = 6000 ] && ok "one run reports all 6000 documents" || bad "one run reported $total documents"

# 1. Shards under GNU parallel (three background jobs where it is not installed), then merge.
if command -v parallel > /dev/null; then
  echo "shards run by GNU parallel"
  parallel --will-cite -j 3 "$check" -q -j 1 -s "$schema" --shard {}/3 --report "$work/shard{}.jsonl" "$work/corpus" ::: 1 2 3
else
  echo "shards run as three background jobs (GNU parallel is not installed)"
  for k in 1 2 3; do
    "$check" -q -j 1 -s "$schema" --shard "$k/3" --report "$work/shard$k.jsonl" "$work/corpus" &
  done
  wait
fi
n=$(cat "$work"/shard*.jsonl | grep -c '"type":"document"')
[ "$n" = 6000 ] && ok "3 shards cover the corpus exactly once ($n documents)" || bad "3 shards reported $n documents"
"$check" merge "$work"/shard1.jsonl "$work"/shard2.jsonl "$work"/shard3.jsonl > "$work/merged.txt"
if diff <(summary "$work/all.txt") <(summary "$work/merged.txt") > "$work/diff.txt"; then
  ok "merging the 3 shard reports gives the summary of one run"
else
  bad "merged summary differs:"; cat "$work/diff.txt"
fi
if "$check" merge "$work"/shard1.jsonl "$work"/shard1.jsonl > /dev/null 2>&1; then
  bad "merge accepted the same shard twice"
else
  ok "merge refuses overlapping reports"
fi

# 1b. The same share from a list of the files (listed paths are looked at by the workers, opened
# ahead of their turn in batches): the same document lines as the folder's shard.
find "$work/corpus" -name '*.xml' | sort > "$work/list.txt"
"$check" -q -j 2 -s "$schema" --shard 2/3 --report "$work/listed2.jsonl" @"$work/list.txt"
"$check" -q -j 2 -s "$schema" --shard 2/3 --report "$work/folder2.jsonl" "$work/corpus"
docs() { grep '"type":"document"' "$1"; }
n=$(docs "$work/listed2.jsonl" | wc -l)
if [ "$n" -gt 1000 ] && cmp -s <(docs "$work/folder2.jsonl") <(docs "$work/listed2.jsonl"); then
  ok "a list of the files gives shard 2/3 the same $n document lines as the folder"
else
  bad "shard 2/3 from a list ($n documents) differs from the folder's"
fi

# 2. -j 1 = -j 2.
"$check" -q -j 1 -s "$schema" --report "$work/j1.jsonl" "$work/corpus"
cmp -s "$work/j1.jsonl" "$work/all.jsonl" && ok "-j 1 and -j 2 write the same report" || bad "-j 1 and -j 2 reports differ"

# 3. kill -9, then resume from the journal. Xerces and one worker make the run long enough.
"$check" -q -j 1 -e xerces -s "$schema" --journal "$work/journal.jsonl" "$work/corpus" &
pid=$!
for _ in $(seq 100); do
  [ -s "$work/journal.jsonl" ] && [ "$(wc -l < "$work/journal.jsonl")" -ge 500 ] && break
  sleep 0.02
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
before=$(wc -l < "$work/journal.jsonl")
if [ "$before" -ge 6000 ]; then
  echo "note: the run finished before the kill; the resume below has nothing left to do"
else
  ok "killed with $before of 6000 documents in the journal"
fi
"$check" -j 2 -e xerces -s "$schema" --journal "$work/journal.jsonl" "$work/corpus" > "$work/resumed.txt"
"$check" -j 2 -e xerces -s "$schema" "$work/corpus" > "$work/uninterrupted.txt"
if diff <(summary "$work/uninterrupted.txt") <(summary "$work/resumed.txt") > "$work/diff2.txt"; then
  ok "after kill -9, the rerun with the journal gives the uninterrupted summary"
else
  bad "resumed summary differs:"; cat "$work/diff2.txt"
fi
after=$(grep -c '"type":"document"' "$work/journal.jsonl")
[ "$after" = 6000 ] && ok "the journal ends with every document once ($after)" || bad "the journal holds $after lines"
# 4. A list naming a file twice: it is checked twice, and the journal and merge keep count.
ls "$work/corpus"/*.xml | head -3 > "$work/twice.txt"
head -1 "$work/twice.txt" >> "$work/twice.txt"
"$check" -j 2 -s "$schema" --report "$work/twice.jsonl" @"$work/twice.txt" > "$work/twice-all.txt"
grep -q "^corpus-check: 4 documents" "$work/twice-all.txt" && ok "a list naming a file twice: 4 documents checked" ||
  bad "a list naming a file twice: $(head -1 "$work/twice-all.txt")"
if "$check" merge "$work/twice.jsonl" > "$work/twice-merged.txt" 2> "$work/twice-merge-err.txt" &&
   diff <(summary "$work/twice-all.txt") <(summary "$work/twice-merged.txt") > /dev/null; then
  ok "merge of one report naming a file twice gives that run's summary"
else
  bad "merge of one report naming a file twice: $(cat "$work/twice-merge-err.txt")"
fi
# What a kill after the first document leaves, then the same command: the second naming of
# that file is still checked.
"$check" -q -j 2 -s "$schema" --journal "$work/twice-full.jsonl" @"$work/twice.txt"
head -2 "$work/twice-full.jsonl" > "$work/twice-journal.jsonl" # its header and first document
"$check" -j 2 -s "$schema" --journal "$work/twice-journal.jsonl" @"$work/twice.txt" > "$work/twice-resumed.txt"
if diff <(summary "$work/twice-all.txt") <(summary "$work/twice-resumed.txt") > "$work/diff3.txt"; then
  ok "resumed from the journal, a file named twice is counted twice, as uninterrupted"
else
  bad "resumed summary of a list naming a file twice differs:"; cat "$work/diff3.txt"
fi
exit $fail
