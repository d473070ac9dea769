#!/usr/bin/env bash
# altut-convert on one large AltUt batch file: wall time, throughput and peak resident memory.
# (xsltproc cannot run our mapping: its ak: functions are altkit's; the side-by-side peer
# comparisons belong to the corpus-gen/benchmarks work.)
#   benchmarks/altut/run.sh [SIZE_MB=1024] [BUILD_DIR=build]
set -eu
size_mb=${1:-1024}
build=${2:-build}
here=$(cd "$(dirname "$0")" && pwd)
cache=${ALTKIT_BENCH_CACHE:-$build/bench-cache}
mkdir -p "$cache"
in="$cache/altut-${size_mb}M.xml"
map="$cache/altut-${size_mb}M.map.csv"
# The replyref benchmark's generator writes valid AltUt batches with reply options and a map.
[ -f "$in" ] || python3 "$here/../replyref/gen_altut.py" $((size_mb * 1024 * 1024)) "$in" "$map"
out="$cache/altut-out"
measure() {
  local label=$1
  shift
  rm -rf "$out"
  /usr/bin/time -o "$cache/time.txt" -f "%e %M" "$@" > /dev/null 2> "$cache/stderr.txt" || true
  read -r secs rss_kb < "$cache/time.txt"
  awk -v l="$label" -v s="$secs" -v r="$rss_kb" -v mb="$size_mb" \
    'BEGIN { printf "%-34s %8.2f s %8.1f MB/s %9.1f MB peak RSS\n", l, s, (s > 0 ? mb / s : 0), r / 1024 }'
}
echo "input: $in ($(du -m "$in" | cut -f1) MB, $(grep -c '<Message ' "$in") messages)"
measure "altut-convert (correspondences)" "$build/tools/altut-convert" -q --map "$map" -o "$out" --report "$cache/altut-report.jsonl" "$in"
echo "  output: $(du -m "$out" | cut -f1) MB; $(tail -1 "$cache/altut-report.jsonl")"
