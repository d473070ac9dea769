#!/usr/bin/env bash
# SIGINT / SIGTERM during a conversion: exit 130 and no output file, temporary or report left.
#   interrupt.sh <altut-convert> <project dir>
set -u
tool=$1 project=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$project/benchmarks/replyref/gen_altut.py" $((80 * 1024 * 1024)) "$work/big.xml" "$work/map.csv" > /dev/null
fail=0
for sig in INT TERM; do
  rm -rf "$work/out"
  "$tool" -q --map "$work/map.csv" -o "$work/out" --report "$work/report.jsonl" "$work/big.xml" 2>"$work/err" &
  pid=$!
  sleep 1
  kill -s "$sig" "$pid"
  wait "$pid"
  rc=$?
  left=$(find "$work/out" -type f 2>/dev/null; ls "$work" | grep report)
  if [ "$rc" = 130 ] && [ -z "$left" ]; then
    echo "ok: SIG$sig -> exit 130, nothing written"
  else
    echo "FAIL: SIG$sig -> exit $rc, left: $left"
    fail=1
  fi
done
exit $fail
