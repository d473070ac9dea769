#!/usr/bin/env bash
# Before/after: the same commands from two builds (e.g. a worktree of the last release and this
# tree), interleaved round by round on the same corpus (read right before each run, so both find
# it in memory), with the median of per-round ratios of wall and CPU time (user + sys). CPU time
# is the steadier figure on a shared machine.
#   benchmarks/ab/run.sh OLD_BUILD NEW_BUILD [ROUNDS=7] [COUNT=20000]
set -eu
old=$(cd "$1" && pwd) new=$(cd "$2" && pwd)
rounds=${3:-7} count=${4:-20000}
here=$(cd "$(dirname "$0")/../.." && pwd)
schema=$here/../shared/corpus/seres-real/RR-0002_1266_51820/RR-0002_1266-51820.xsd
[ -f "$schema" ] || schema=$here/corpus/seres-validate/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd
work=${ALTKIT_BENCH_CACHE:-$new/bench-cache}/ab-$count
if [ ! -d "$work/docs" ]; then
  mkdir -p "$work"
  "$new/tools/corpus-gen" instances -s "$schema" --seed 2026 --count "$count" --invalid-ratio 0.05 -o "$work/docs" 2>/dev/null
fi
warm() { find "$work/docs" -type f -print0 | xargs -0 cat > /dev/null; }
run() { # build, then the tool and its arguments; prints "wall cpu"
  local b=$1 tool=$2
  shift 2
  warm
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$b/tools/$tool" "$@" > /dev/null 2>&1 || true
  tail -1 "$work/time" | awk '{ printf "%s %.3f\n", $1, $2 + $3 }'
}
declare -A cases=(
  ["corpus-check -j1"]="corpus-check -q -j 1 -s $schema $work/docs"
  ["corpus-check -j2"]="corpus-check -q -j 2 -s $schema $work/docs"
  ["seres-validate -e libxml2 -j2"]="seres-validate -q -e libxml2 -f jsonl -j 2 -s $schema $work/docs"
)
echo "before: $old"
echo "after:  $new"
echo "corpus: $count documents of $(basename "$schema"), $rounds rounds, interleaved"
printf '%-32s %12s %12s %14s %14s\n' "command" "wall before" "wall after" "after/before" "CPU after/bef."
for name in "corpus-check -j1" "corpus-check -j2" "seres-validate -e libxml2 -j2"; do
  read -r -a cmd <<< "${cases[$name]}"
  : > "$work/rounds"
  for r in $(seq "$rounds"); do
    if [ $((r % 2)) = 1 ]; then a=$(run "$old" "${cmd[@]}"); b=$(run "$new" "${cmd[@]}")
    else b=$(run "$new" "${cmd[@]}"); a=$(run "$old" "${cmd[@]}"); fi
    echo "$a $b" >> "$work/rounds"
  done
  python3 - "$name" "$work/rounds" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
med = statistics.median
w_old, w_new = med(r[0] for r in rows), med(r[2] for r in rows)
ratio = med(r[2] / r[0] for r in rows)
cpu = med(r[3] / r[1] for r in rows)
print(f"{sys.argv[1]:<32} {w_old:10.3f} s {w_new:10.3f} s {ratio:13.3f}x {cpu:13.3f}x")
PY
done
