#!/usr/bin/env bash
# replyref-rewrite on one large AltUt file: wall time, throughput and peak resident memory,
# next to `cat` (the floor: reading and writing the bytes) and xmllint --stream (a parse only).
#   benchmarks/replyref/run.sh [SIZE_MB=1024] [BUILD_DIR=build]
set -eu
size_mb=${1:-1024}
build=${2:-build}
cache=${ALTKIT_BENCH_CACHE:-$build/bench-cache}
mkdir -p "$cache"
in="$cache/altut-${size_mb}M.xml"
map="$cache/altut-${size_mb}M.map.csv"
[ -f "$in" ] || python3 "$(dirname "$0")/gen_altut.py" $((size_mb * 1024 * 1024)) "$in" "$map"
tool="$build/tools/replyref-rewrite"

measure() { # measure <label> <command...>: prints label, seconds, MB/s, peak RSS MB
  local label=$1
  shift
  /usr/bin/time -o "$cache/time.txt" -f "%e %M" "$@" > /dev/null 2> "$cache/stderr.txt"
  read -r secs rss_kb < "$cache/time.txt"
  awk -v l="$label" -v s="$secs" -v r="$rss_kb" -v mb="$size_mb" \
    'BEGIN { printf "%-28s %8.2f s %9.1f MB/s %9.1f MB peak RSS\n", l, s, (s > 0 ? mb / s : 0), r / 1024 }'
}
echo "input: $in ($(du -m "$in" | cut -f1) MB)"
measure "cat (floor)" cat "$in"
measure "xmllint --stream --noout" xmllint --stream --noout "$in"
measure "replyref-rewrite" "$tool" -q --map "$map" "$in" --report "$cache/report.jsonl"
