#!/usr/bin/env bash
# corpus-check merge at scale (docs/scaling.md): SHARDS reports of a run of DOCUMENTS documents,
# merged into a summary and into one jsonl, JUnit and SARIF report; time and peak RSS of each. Then the shard skew
# of --shard K/100 over 1,000,000 generated names.
#   benchmarks/merge/run.sh [BUILD_DIR] [SHARDS] [DOCUMENTS] [WORK_DIR]   (default: build 100 20000000)
# 100 x 200,000 lines take 4.6 GB in WORK_DIR (default a temp folder, removed at the end).
set -euo pipefail
build=${1:-build} shards=${2:-100} docs=${3:-20000000}
here=$(cd "$(dirname "$0")" && pwd)
work=${4:-$(mktemp -d)}
trap 'rm -rf "$work"/shard-*.jsonl "$work"/merged.* "$work/make_reports"' EXIT
g++ -O2 -o "$work/make_reports" "$here/make_reports.cpp"
"$work/make_reports" reports "$work" "$shards" "$docs"
echo "$shards reports, $docs document lines, $(du -sh "$work" | cut -f1)"
rc=0
/usr/bin/time -f "merge (summary): %e s, peak RSS %M KB" "$build/tools/corpus-check" merge -q "$work"/shard-*.jsonl || rc=$?
/usr/bin/time -f "merge --report jsonl: %e s, peak RSS %M KB" \
  "$build/tools/corpus-check" merge -q --report "$work/merged.jsonl" "$work"/shard-*.jsonl || rc=$?
# JUnit and SARIF stream too (the JUnit cases wait in a temporary file for the counts before them):
# peak RSS must stay flat whatever the number of documents (under 64 MB for 20 million).
for f in xml sarif; do
  /usr/bin/time -f "merge --report merged.$f: %e s, peak RSS %M KB" \
    "$build/tools/corpus-check" merge -q --report "$work/merged.$f" "$work"/shard-*.jsonl || rc=$?
  echo "merged.$f: $(du -h "$work/merged.$f" | cut -f1)"
  rm -f "$work/merged.$f"
done
[ "$rc" -le 1 ] || exit "$rc" # 1: the generated reports hold invalid documents
"$work/make_reports" skew 100 1000000
