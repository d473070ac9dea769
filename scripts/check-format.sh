#!/usr/bin/env bash
# Lists the C++ files of src/ tools/ tests/ fuzz/ benchmarks/ that clang-format (the project's
# .clang-format) would change, and exits 1 when there is one; 0 when all are formatted.
# With --fix, formats them in place instead. CLANG_FORMAT names the binary (default: clang-format).
#   scripts/check-format.sh [--fix]
set -u
cd "$(dirname "$0")/.." || exit 2
clang_format=${CLANG_FORMAT:-clang-format}
if ! command -v "$clang_format" > /dev/null; then
  echo "check-format: $clang_format is not installed (apt-get install clang-format)" >&2
  exit 2
fi
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- 'src/*.cpp' 'src/*.hpp' 'tools/*.cpp' 'tools/*.hpp' 'tests/*.cpp' 'tests/*.hpp' \
  'fuzz/*.cpp' 'fuzz/*.hpp' 'benchmarks/*.cpp' 'benchmarks/*.hpp')
if [ "${1:-}" = --fix ]; then
  "$clang_format" -i --style=file "${files[@]}"
  exit $?
fi
unformatted=0
for f in "${files[@]}"; do
  if ! "$clang_format" --style=file --dry-run -Werror "$f" > /dev/null 2>&1; then
    echo "$f"
    unformatted=$((unformatted + 1))
  fi
done
if [ "$unformatted" -gt 0 ]; then
  echo "check-format: $unformatted of ${#files[@]} files are not formatted (make format fixes them)" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted" >&2
