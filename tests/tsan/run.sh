#!/usr/bin/env bash
# The parallel paths under ThreadSanitizer (make tsan): validation, conversion and bulk checks
# with -j 4 on one generated corpus. Any data race report fails the run (TSan exit code 66).
#   tests/tsan/run.sh <tsan build dir>
set -euo pipefail
B=$(cd "$1" && pwd)
P=$(cd "$(dirname "$0")/../.." && pwd)
T=$B/tools
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"

schema=$P/corpus/seres-validate/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd
"$T/corpus-gen" instances -s "$schema" --seed 7 --count 200 --invalid-ratio 0.2 -o "$work/docs" >/dev/null
"$T/corpus-gen" altut --seed 7 --files 8 --messages 40 -o "$work/altut" >/dev/null
"$T/corpus-gen" confirmations --seed 7 --files 8 --confirmations 60 -o "$work/conf" >/dev/null
"$T/corpus-gen" confirmations --seed 7 --files 4 --confirmations 60 --altinn3 -o "$work/conf3" >/dev/null

# Exit codes 0 and 1 (findings) are expected; 66 is a race, anything else a failure.
run() {
  local name=$1
  shift
  local rc=0
  "$@" >"$work/out.txt" 2>"$work/err.txt" || rc=$?
  if [[ $rc -ne 0 && $rc -ne 1 ]] || grep -q "ThreadSanitizer" "$work/err.txt"; then
    echo "FAIL: $name (exit $rc)"
    sed -n 1,60p "$work/err.txt"
    exit 1
  fi
  echo "ok: $name (exit $rc, no race)"
}

run "seres-validate -j4 --engine both" "$T/seres-validate" -q -j 4 --engine both --schema "$schema" "$work/docs"
run "seres-validate -j4 --catalog" "$T/seres-validate" -q -j 4 --engine libxml2 --catalog "$P/corpus/seres-validate/schemas" "$work/docs"
run "corpus-check -j4 --engine both --report" "$T/corpus-check" -q -j 4 --engine both --schema "$schema" --report "$work/r.jsonl" "$work/docs"
run "corpus-check -j4 --catalog --journal" "$T/corpus-check" -q -j 4 --catalog "$P/corpus/seres-validate/schemas" --journal "$work/j" "$work/docs"
run "altut-convert -j4" "$T/altut-convert" -q -j 4 --map "$work/altut/service-map.csv" -o "$work/conv" --report "$work/c.jsonl" "$work/altut"
run "altut-convert -j4 --to insert-v2" "$T/altut-convert" -q -j 4 --to insert-v2 --map "$work/altut/service-map.csv" -o "$work/conv2" "$work/altut"
run "confirmations-convert -j4" "$T/confirmations-convert" -q -j 4 --map "$work/conf/service-map.csv" \
  --resource-map "$work/conf3/resources.csv" --login-method 4 -o "$work/confout" --report "$work/cf.sarif" "$work/conf" "$work/conf3"
run "corpus-check -j4 --convert-check" "$T/corpus-check" -q -j 4 --convert-check --map "$work/altut/service-map.csv" "$work/altut"
# A list naming files and a folder (walked in its place by the emitting worker), the report
# streamed to stdout in 64 KiB chunks written by the main thread, to a reader that starts late.
for _ in $(seq 30); do ls "$work/docs"/*.xml; done >"$work/list"
echo "$work/docs" >>"$work/list"
run "corpus-check -j4 --report - @list (a listed folder, a late reader)" bash -c \
  'set -o pipefail; "$0" -q -j 4 --schema "$1" --report - @"$2" | { sleep 1; cat >/dev/null; }' \
  "$T/corpus-check" "$schema" "$work/list"
