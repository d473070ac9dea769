#!/usr/bin/env bash
# The ordered pipeline: -j 1 and -j 4 write byte-identical outputs and reports in every tool that
# runs on it (seres-validate, altut-convert, replyref-rewrite, corpus-check), on inputs with
# findings, rejects and unreadable files; and altut-convert converts 5,000 files under
# `ulimit -n 256` (it holds no file per input).
#   jobs_identical.sh <build/tools> <project>
set -u
export SOURCE_DATE_EPOCH=1700000000 # "now" in insert-v2 payloads
T=$1 P=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
schema=$P/corpus/seres-validate/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd
same() { # label, file a, file b
  if cmp -s "$2" "$3"; then echo "ok: $1"; else echo "FAIL: $1 differs"; diff "$2" "$3" | head -5; fail=1; fi
}
same_tree() { # label, dir a, dir b
  if diff -r "$2" "$3" > /dev/null; then echo "ok: $1"; else echo "FAIL: $1 differs"; diff -r "$2" "$3" | head -5; fail=1; fi
}

# Documents: generated valid and faulty ones, one not well-formed, one missing.
"$T/corpus-gen" instances -s "$schema" --seed 5 --count 300 --invalid-ratio 0.4 -o "$work/docs" 2>/dev/null
printf '<melding><a>\n' > "$work/docs/broken.xml"
for j in 1 4; do
  "$T/seres-validate" -j $j -f jsonl -s "$schema" "$work/docs" "$work/docs/missing.xml" > "$work/sv$j.jsonl" 2> "$work/sv$j.err"
  echo $? >> "$work/sv$j.err"
  "$T/corpus-check" -q -j $j -s "$schema" --report "$work/cc$j.jsonl" "$work/docs" "$work/docs/missing.xml" 2> "$work/cc$j.err"
  echo $? >> "$work/cc$j.err"
done
same "seres-validate jsonl" "$work/sv1.jsonl" "$work/sv4.jsonl"
same "seres-validate stderr and exit code" "$work/sv1.err" "$work/sv4.err"
same "corpus-check report" "$work/cc1.jsonl" "$work/cc4.jsonl"
same "corpus-check stderr and exit code" "$work/cc1.err" "$work/cc4.err"
[ "$(grep -c '"type":"document"' "$work/sv1.jsonl")" = 302 ] || { echo "FAIL: seres-validate did not account for 302 documents"; fail=1; }

# AltUt: every sample input (rejects, encodings, SOAP, a broken file), and one large generated
# file whose messages are spread over the workers.
"$T/corpus-gen" altut --seed 11 --size 4M -o "$work/gen" 2>/dev/null
head -c 900 "$P/corpus/altut/inputs/complete.xml" > "$work/cut.xml"
for j in 1 4; do
  for to in correspondences insert-v2; do
    batch=(--batch-size 50)
    [ $to = insert-v2 ] && batch=()
    "$T/altut-convert" -j $j --to $to "${batch[@]}" --map "$work/gen/service-map.csv" -o "$work/ac$j-$to" \
      --report "$work/ac$j-$to.jsonl" "$P/corpus/altut/inputs" "$work/gen" "$work/cut.xml" 2> "$work/ac$j-$to.err"
    echo $? >> "$work/ac$j-$to.err"
    sed -i "s#ac$j-$to#acN-$to#g" "$work/ac$j-$to.jsonl"
  done
  # --to altinn3: folders per Correspondence (the generated file's services have no resource: rejects).
  "$T/altut-convert" -j $j --to altinn3 --sender 974760673 --map "$P/corpus/altut/altinn3/service-map.csv" \
    -o "$work/ac$j-altinn3" --report "$work/ac$j-altinn3.jsonl" "$P/corpus/altut/altinn3/sample.xml" \
    "$P/corpus/altut/inputs" "$work/gen" "$work/cut.xml" \
    2> "$work/ac$j-altinn3.err"
  echo $? >> "$work/ac$j-altinn3.err"
  sed -i "s#ac$j-altinn3#acN-altinn3#g" "$work/ac$j-altinn3.jsonl" "$work/ac$j-altinn3.err"
  "$T/replyref-rewrite" -j $j --map "$P/corpus/replyref/data/service-map.csv" -o "$work/rr$j" --report "$work/rr$j.jsonl" \
    "$P/corpus/replyref/data" "$work/gen" "$work/cut.xml" 2> "$work/rr$j.err"
  echo $? >> "$work/rr$j.err"
  sed -i "s#rr$j#rrN#g" "$work/rr$j.jsonl"
  "$T/replyref-rewrite" -j $j --dry-run --map "$P/corpus/replyref/data/service-map.csv" \
    "$P/corpus/replyref/data" "$work/gen" > "$work/rr$j-plan.txt" 2>&1
done
for to in correspondences insert-v2 altinn3; do
  same_tree "altut-convert --to $to outputs" "$work/ac1-$to" "$work/ac4-$to"
  same "altut-convert --to $to report" "$work/ac1-$to.jsonl" "$work/ac4-$to.jsonl"
  same "altut-convert --to $to stderr and exit code" "$work/ac1-$to.err" "$work/ac4-$to.err"
done
grep -q '"type":"summary"' "$work/ac1-correspondences.jsonl" || { echo "FAIL: altut-convert wrote no summary"; fail=1; }
same_tree "replyref-rewrite outputs" "$work/rr1" "$work/rr4"
same "replyref-rewrite report" "$work/rr1.jsonl" "$work/rr4.jsonl"
same "replyref-rewrite stderr and exit code" "$work/rr1.err" "$work/rr4.err"
same "replyref-rewrite --dry-run plan" "$work/rr1-plan.txt" "$work/rr4-plan.txt"

# 5,000 AltUt files under a 256-descriptor limit: every message accounted for.
mkdir -p "$work/many"
for i in $(seq 1 5000); do cp "$P/corpus/altut/inputs/complete.xml" "$work/many/m$i.xml"; done
(ulimit -n 256 && "$T/altut-convert" -q -j 4 --map "$P/corpus/altut/inputs/service-map.csv" -o "$work/many-out" \
  --report "$work/many.jsonl" "$work/many" 2> "$work/many.err")
rc=$?
want=$(( 5000 * $(grep -c '<Message ' "$P/corpus/altut/inputs/complete.xml") ))
got=$(tail -1 "$work/many.jsonl" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["converted"]+s["rejected"], s["files"])')
if [ "$rc" -le 1 ] && [ "$got" = "$want 5000" ]; then
  echo "ok: 5000 files under ulimit -n 256: $want messages accounted for (exit $rc)"
else
  echo "FAIL: 5000 files under ulimit -n 256: exit $rc, got '$got', want '$want 5000'"; head -3 "$work/many.err"; fail=1
fi
exit $fail
