#!/usr/bin/env bash
# The compiled engine's cost in CPU time (user + sys), next to libxml2 (corpus-check -e libxml2),
# xmllint validating with the schema, and xmllint parsing without one (the floor), each as ONE
# process (-j1; xmllint through xargs), in interleaved rounds; medians of per-round ratios.
# CPU time, not wall time: on a shared machine it is the figure a neighbour's load moves least,
# and it is what -j2 divides between two cores (issue 20; benchmarks/run has the wall-clock
# figures at -j2 when the machine is quiet).
#   benchmarks/engine/cpu.sh [ROUNDS=5] [BUILD_DIR=build]
set -eu
rounds=${1:-5}
build=$(cd "${2:-build}" && pwd)
here=$(cd "$(dirname "$0")/../.." && pwd)
seres=$here/../shared/corpus/seres-real
cache=${ALTKIT_BENCH_CACHE:-$build/bench-cache}
mkdir -p "$cache"
declare -A schema=(
  [small]=$seres/RR-0002_1266_51820/RR-0002_1266-51820.xsd
  [large]=$seres/NAV_Inntektsmelding_M_20180924/Inntektsmelding20180924.xsd
)
[ -f "${schema[small]}" ] || { echo "cpu.sh: needs ../shared/corpus/seres-real" >&2; exit 77; }
gen() { # corpus, count, repeat
  local d=$cache/engine-$1
  [ -f "$d/ground-truth.tsv" ] || "$build/tools/corpus-gen" instances -s "${schema[$1]}" --seed 2026 --count "$2" \
    --invalid-ratio 0 ${3:+--repeat $3} -o "$d" > /dev/null 2>&1
  find "$d" -name '*.xml' | sort > "$d.list"
}
gen small 20000
gen large 20 60000
cpu() { # label corpus command... -> seconds of user + sys CPU
  local t=$cache/engine-time.txt
  cat $(cat "$cache/engine-$2.list") > /dev/null # warm: the machine pages idle files out
  /usr/bin/time -o "$t" -f "%U %S" "${@:3}" > /dev/null 2>&1 || true
  awk '{printf "%.3f", $1 + $2}' "$t"
}
printf "%-6s %-5s %9s %9s %9s %9s\n" round corpus compiled libxml2 xmllint-s xmllint-0
declare -A col
for r in $(seq 1 "$rounds"); do
  for c in small large; do
    s=${schema[$c]} l=$cache/engine-$c.list
    a=$(cpu compiled $c "$build/tools/corpus-check" -q -j 1 -e compiled -s "$s" "@$l")
    b=$(cpu libxml2 $c "$build/tools/corpus-check" -q -j 1 -e libxml2 -s "$s" "@$l")
    x=$(cpu xmllint $c xargs -a "$l" xmllint --sax --noout --schema "$s")
    y=$(cpu floor $c xargs -a "$l" xmllint --sax --noout)
    printf "%-6s %-5s %9s %9s %9s %9s\n" "$r" "$c" "$a" "$b" "$x" "$y"
    col[$c]+="$a $b $x $y"$'\n'
  done
done
for c in small large; do
  printf '%s' "${col[$c]}" | python3 -c '
import sys, statistics as st
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
med = lambda f: st.median(f(r) for r in rows)
print(f"{sys.argv[1]}: medians of per-round ratios over {len(rows)} rounds (CPU seconds: compiled {st.median(r[0] for r in rows):.2f}, libxml2 {st.median(r[1] for r in rows):.2f}, xmllint --schema {st.median(r[2] for r in rows):.2f}, xmllint without schema {st.median(r[3] for r in rows):.2f})")
print(f"  xmllint --schema / compiled = {med(lambda r: r[2] / r[0]):.2f}x   (issue 20 aims at 2.0x small, 2.5x large)")
print(f"  libxml2 engine / compiled   = {med(lambda r: r[1] / r[0]):.2f}x")
print(f"  floor / compiled            = {med(lambda r: r[3] / r[0]):.2f}   (aim >= 0.8)")
' "$c"
done
