#!/usr/bin/env bash
# SIGINT and SIGTERM stop confirmations-convert between files with exit code 130, and no --report
# file (nor a temporary) is left behind.   interrupt.sh <confirmations-convert> <project dir>
set -u
tool=$1 project=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
yes "$project/corpus/confirmations/inputs/nve-2009-10.xml" | head -n 500000 > "$work/list.txt"
fail=0
for sig in INT TERM; do
  "$tool" -j 2 -n --report "$work/report.jsonl" "@$work/list.txt" 2>"$work/err" &
  pid=$!
  sleep 0.5
  kill -s "$sig" "$pid"
  wait "$pid"
  rc=$?
  if [ "$rc" != 130 ]; then echo "FAIL: SIG$sig gave exit $rc, expected 130"; fail=1; fi
  if ls "$work" | grep -q report; then echo "FAIL: SIG$sig left $(ls "$work" | grep report)"; fail=1; fi
  grep -q "interrupted after" "$work/err" || { echo "FAIL: no 'interrupted' message"; fail=1; }
  [ $fail = 0 ] && echo "ok: SIG$sig -> exit 130, no report"
done
exit $fail
