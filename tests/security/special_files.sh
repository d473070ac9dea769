#!/usr/bin/env bash
# Nothing skipped without a word (issue 16, item 11): a FIFO, a socket and (where mknod may be
# used) a character device named *.xml in a folder are reported as skipped by all four tools, the
# run neither hangs on the FIFO nor reads the device, and the totals count every name.
#   special_files.sh <build/tools> <project>
set -u
T=$1 P=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
schema=$P/corpus/seres-validate/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd
map=$P/corpus/replyref/data/service-map.csv

mkdir "$work/seres" "$work/altut"
cp "$P/corpus/seres-validate/docs/valid.xml" "$work/seres/a.xml"
cp "$P/corpus/altut/inputs/complete.xml" "$work/altut/a.xml"
specials=(fifo.xml sock.xml)
for d in seres altut; do
  mkfifo "$work/$d/fifo.xml"
  python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$work/$d/sock.xml"
  if mknod "$work/$d/zero.xml" c 1 5 2> /dev/null; then
    [ $d = seres ] && specials+=(zero.xml)
  fi
done
n=$((1 + ${#specials[@]}))

expect_skips() { # tool, stderr file, exit code, wanted exit code
  local tool=$1 err=$2 rc=$3
  [ "$rc" = 3 ] && ok "$tool: exit 3, no hang" || bad "$tool: exit $rc: $(head -3 "$err")"
  local s
  for s in "${specials[@]}"; do
    grep -q "$s.*skipped: a .*, not a regular file" "$err" && ok "$tool: $s reported as skipped" ||
      bad "$tool: $s not reported: $(head -5 "$err")"
  done
}

timeout 60 "$T/seres-validate" -s "$schema" "$work/seres" 2> "$work/err.txt"
expect_skips seres-validate "$work/err.txt" $?
grep -q "^seres-validate: $n documents: 1 valid, 0 invalid, $((n - 1)) unreadable" "$work/err.txt" &&
  ok "seres-validate: $n names in the totals" || bad "seres-validate totals: $(tail -1 "$work/err.txt")"

# corpus-check: the report (jsonl on stdout) names each one; the summary goes to stderr.
timeout 60 "$T/corpus-check" -j 2 -s "$schema" --report - "$work/seres" > "$work/r.jsonl" 2> "$work/summary.txt"
rc=$?
grep '"type":"document"' "$work/r.jsonl" > "$work/err.txt"
expect_skips corpus-check "$work/err.txt" $rc
grep -q "^corpus-check: $n documents" "$work/summary.txt" && ok "corpus-check: $n names in the totals" ||
  bad "corpus-check totals: $(head -2 "$work/summary.txt")"

timeout 60 "$T/altut-convert" -o "$work/out-convert" "$work/altut" 2> "$work/err.txt"
expect_skips altut-convert "$work/err.txt" $?
timeout 60 "$T/replyref-rewrite" --map "$map" -o "$work/out-replyref" "$work/altut" 2> "$work/err.txt"
expect_skips replyref-rewrite "$work/err.txt" $?
exit $fail
