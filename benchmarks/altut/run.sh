#!/usr/bin/env bash
# altut-convert on one large AltUt batch file, next to xsltproc running the same mapping through
# xsltproc-shim.xsl (the ak: functions in EXSLT, without the service map). Wall time, MB/s and
# peak RSS; each tool's output is checked before its time counts.
#   benchmarks/altut/run.sh [SIZE_MB=256] [BUILD_DIR=build]
set -eu
size_mb=${1:-256}
build=$(cd "${2:-build}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
cache=${ALTKIT_BENCH_CACHE:-$build/bench-cache}
mkdir -p "$cache"
dir="$cache/altut-gen-${size_mb}M"
[ -f "$dir/altut-00001.xml" ] || "$build/tools/corpus-gen" altut --seed 2026 --size "${size_mb}M" -o "$dir" 2>/dev/null
in="$dir/altut-00001.xml"
messages=$(grep -c '<Message ' "$in")
participants=$(grep -c '<Participant ' "$in")
out="$cache/altut-out"
measure() { # label, then the command
  local label=$1
  shift
  /usr/bin/time -o "$cache/time.txt" -f "%e %M" "$@" > "$cache/stdout.xml" 2> "$cache/stderr.txt" || true
  read -r secs rss_kb < <(tail -1 "$cache/time.txt")
  awk -v l="$label" -v s="$secs" -v r="$rss_kb" -v mb="$size_mb" \
    'BEGIN { printf "%-34s %8.2f s %8.1f MB/s %9.1f MB peak RSS\n", l, s, (s > 0 ? mb / s : 0), r / 1024 }'
}
echo "input: $in ($(du -m "$in" | cut -f1) MB, $messages messages, $participants participants)"
rm -rf "$out"
measure "altut-convert --report" "$build/tools/altut-convert" -q --map "$dir/service-map.csv" -o "$out" --report "$cache/altut-report.jsonl" "$in"
summary=$(tail -1 "$cache/altut-report.jsonl")
python3 - "$summary" "$messages" <<'PY'
import json, sys
s = json.loads(sys.argv[1]); m = int(sys.argv[2])
assert s["converted"] + s["rejected"] == m, (s, m)
print(f"  checked: {m} messages = {s['converted']} converted + {s['rejected']} rejected; {s['correspondences']} correspondences")
PY
if [ "$size_mb" -le 512 ]; then
  # xsltproc builds the whole tree: only where that fits comfortably.
  measure "xsltproc + shim (whole tree)" xsltproc "$here/xsltproc-shim.xsl" "$in"
  got=$(grep -o '<Correspondence>' "$cache/stdout.xml" | wc -l)
  [ "$got" = "$participants" ] && echo "  checked: $got correspondences, one per participant" ||
    echo "  WRONG: xsltproc wrote $got correspondences for $participants participants"
fi
