#!/usr/bin/env bash
# altut-convert's parallel speed-up inside one large AltUt file, its memory, and its speed next
# to xsltproc running the same mapping (issue 14 item 2). Interleaved rounds (j1, j2, xsltproc,
# then again), so a neighbour's load falls on every command alike; medians of wall, user + sys
# CPU and peak RSS. Each altut-convert run is checked (messages = converted + rejected, the same
# correspondences at -j1 and -j2) before its time counts, and each xsltproc run for its output.
#   benchmarks/altut/scale.sh [SIZE_MB=1024] [XSLT_MB=256] [ROUNDS=5] [BUILD_DIR=build]
# XSLT_MB=0 leaves xsltproc out (it builds the whole tree: about 16 times the input in RSS).
set -eu
size_mb=${1:-1024}
xslt_mb=${2:-256}
rounds=${3:-5}
build=$(cd "${4:-build}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
cache=${ALTKIT_BENCH_CACHE:-$build/bench-cache}
mkdir -p "$cache"
gen() { # size in MB -> the input file
  local d="$cache/altut-gen-${1}M"
  [ -f "$d/altut-00001.xml" ] || "$build/tools/corpus-gen" altut --seed 2026 --size "${1}M" -o "$d" 2>/dev/null
  echo "$d/altut-00001.xml"
}
in=$(gen "$size_mb")
map=$(dirname "$in")/service-map.csv
[ "$xslt_mb" -gt 0 ] && xin=$(gen "$xslt_mb")
times="$cache/scale-times.txt"
: > "$times"
run() { # label, size in MB, then the command; appends "label mb wall cpu rss_kb" to $times
  local label=$1 mb=$2
  shift 2
  /usr/bin/time -o "$cache/time.txt" -f "%e %U %S %M" "$@" > "$cache/stdout.xml" 2> "$cache/stderr.txt" || true
  read -r wall user sys rss < <(tail -1 "$cache/time.txt")
  echo "$label $mb $wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss" >> "$times"
}
convert() { # jobs, input, size
  local out="$cache/scale-out-j$1"
  rm -rf "$out"
  run "altut-convert-j$1" "$3" "$build/tools/altut-convert" -q -j "$1" --map "$map" -o "$out" \
    --report "$cache/scale-report-j$1.jsonl" "$2"
  tail -1 "$cache/scale-report-j$1.jsonl" > "$cache/scale-summary-j$1.json"
  rm -rf "$out"
}
messages=$(grep -c '<Message ' "$in")
echo "input: $in ($(du -m "$in" | cut -f1) MB, $messages messages); $rounds rounds on $(nproc) cores"
for r in $(seq "$rounds"); do
  convert 1 "$in" "$size_mb"
  convert 2 "$in" "$size_mb"
  cmp -s "$cache/scale-summary-j1.json" "$cache/scale-summary-j2.json" || {
    echo "WRONG: -j1 and -j2 summaries differ" >&2
    exit 1
  }
  if [ "$xslt_mb" -gt 0 ]; then
    run xsltproc "$xslt_mb" xsltproc "$here/xsltproc-shim.xsl" "$xin"
    grep -q '<Correspondence>' "$cache/stdout.xml" || { # a stopped transformation times nothing
      echo "WRONG: xsltproc made no Correspondences:" >&2
      head -5 "$cache/stderr.txt" >&2
      exit 1
    }
  fi
  echo "  round $r done"
done
python3 - "$times" "$cache/scale-summary-j1.json" "$messages" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, mb, wall, cpu, rss = line.split()
    rows.setdefault(label, []).append((float(mb), float(wall), float(cpu), int(rss)))
s = json.load(open(sys.argv[2])); m = int(sys.argv[3])
assert s["converted"] + s["rejected"] == m, (s, m)
print(f"checked: {m} messages = {s['converted']} converted + {s['rejected']} rejected; {s['correspondences']} correspondences")
med = {}
print(f"{'command':<18} {'MB':>6} {'wall s':>8} {'cpu s':>8} {'MB/s':>7} {'peak RSS MB':>12}  (medians of {len(next(iter(rows.values())))})")
for label, v in rows.items():
    mb = v[0][0]
    wall = statistics.median(x[1] for x in v); cpu = statistics.median(x[2] for x in v)
    rss = max(x[3] for x in v) / 1024
    med[label] = (mb, wall, cpu, rss)
    print(f"{label:<18} {mb:>6.0f} {wall:>8.2f} {cpu:>8.2f} {mb / wall:>7.1f} {rss:>12.1f}")
j1, j2 = med["altut-convert-j1"], med["altut-convert-j2"]
per_round = [a[1] / b[1] for a, b in zip(rows["altut-convert-j1"], rows["altut-convert-j2"])]
print(f"-j2 / -j1 speed-up (wall): {j1[1] / j2[1]:.2f}x of the medians, {statistics.median(per_round):.2f}x median of the rounds' (target >= 1.8x)")
print(f"CPU -j2 / -j1: {j2[2] / j1[2]:.2f}x")
print(f"altut-convert peak RSS: {max(j1[3], j2[3]):.1f} MB (target < 100 MB)")
if "xsltproc" in med:
    x = med["xsltproc"]
    print(f"-j2 MB/s / xsltproc MB/s: {(j2[0] / j2[1]) / (x[0] / x[1]):.2f}x (target >= 2x); -j1: {(j1[0] / j1[1]) / (x[0] / x[1]):.2f}x")
PY
