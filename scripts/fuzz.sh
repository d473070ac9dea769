#!/usr/bin/env bash
# Builds altkit's fuzz targets with clang + libFuzzer + ASan/UBSan (in build-fuzz/) and runs them.
#   scripts/fuzz.sh [--seconds N] [--jobs J] [--keep-going] [target ...]
# Without targets it runs all of them, J at a time (default 2), N seconds each (default 60).
# --keep-going: libFuzzer's fork mode, which records a crash and carries on to the end.
# Each target's working corpus is build-fuzz/work/<target> (seeded from corpus/, kept between
# runs); crash, timeout and out-of-memory inputs land in build-fuzz/artifacts/<target>/ and the
# log in build-fuzz/logs/<target>.log. Keep a crash input as a regression test by copying it to
# fuzz/regressions/<target>/ (make test replays that folder).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
jobs=2
extra=""
targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --keep-going) extra="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
all=(fuzz_validate_libxml2 fuzz_validate_xerces fuzz_differential fuzz_catalog fuzz_altut_convert fuzz_replyref fuzz_service_map fuzz_confirmations
     fuzz_archive fuzz_journal fuzz_merge fuzz_size_options)
((${#targets[@]})) || targets=("${all[@]}")

scripts/setup-deps.sh --fuzz
B=build-fuzz
if [[ ! -f $B/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S . -B $B -DCMAKE_BUILD_TYPE=RelWithDebInfo -DALTKIT_BUILD_TESTS=OFF \
    -DALTKIT_FUZZ=ON -DALTKIT_ENABLE_ASAN=ON -DALTKIT_ENABLE_UBSAN=ON >/dev/null
fi
cmake --build $B -j "$(nproc)" --target "${targets[@]}"

run_one() {
  local t="$1" work="$B/work/$1" art="$B/artifacts/$1/"
  mkdir -p "$work" "$art" "$B/logs" "$B/seeds/$t"
  # Seeds by content hash, so reruns do not duplicate them.
  while IFS= read -r f; do
    [[ -n $f ]] && cp "$f" "$B/seeds/$t/$(sha1sum "$f" | cut -c1-40)"
  done <"$B/fuzz/$t.seeds"
  [[ -d fuzz/regressions/$t ]] && cp fuzz/regressions/"$t"/* "$B/seeds/$t/" 2>/dev/null || true
  ALTKIT_DATA_DIR="$PWD" "$B/fuzz/$t" -dict="$(cat "$B/fuzz/$t.dict")" -max_total_time="$seconds" \
    -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$art" $extra \
    "$work" "$B/seeds/$t" >"$B/logs/$t.log" 2>&1
  local rc=$?
  local runs
  runs=$(grep -E '^stat::number_of_executed_units' "$B/logs/$t.log" | awk '{print $2}')
  [[ -n $runs ]] || runs=$(grep -oE '^#[0-9]+' "$B/logs/$t.log" | tail -1 | tr -d '#')
  echo "$t: exit $rc, $(find "$art" -type f | wc -l) artifact(s), ${runs:-?} runs in ${seconds}s"
  return $rc
}
export -f run_one
export B seconds extra
status=0
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}' || status=$?
exit $status
