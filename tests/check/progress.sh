#!/usr/bin/env bash
# The progress line: on a terminal (util-linux `script` provides one) and only there.
#   progress.sh <corpus-check> <corpus-gen> <schema.xsd>
set -u
check=$1 gen=$2 schema=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
"$gen" instances -s "$schema" --seed 9 --count 40000 -o "$work/corpus" 2>/dev/null
# Not a terminal: no progress line, whatever the options.
"$check" -j 1 -e xerces -s "$schema" "$work/corpus" > /dev/null 2> "$work/err.txt"
if grep -q "files/s" "$work/err.txt"; then echo "FAIL: a progress line without a terminal"; fail=1; else echo "ok: no progress line when stderr is not a terminal"; fi
if command -v script > /dev/null; then
  script -qec "$check -j 1 -e xerces -s $schema $work/corpus > /dev/null" "$work/tty.txt" > /dev/null
  if grep -q "corpus-check: [0-9]* files, [0-9.]* MB, [0-9]* files/s" "$work/tty.txt"; then echo "ok: a progress line on a terminal"; else echo "FAIL: no progress line on a terminal"; cat -v "$work/tty.txt" | head -3; fail=1; fi
  script -qec "$check -q -j 1 -e xerces -s $schema $work/corpus > /dev/null" "$work/tty-q.txt" > /dev/null
  if grep -q "files/s" "$work/tty-q.txt"; then echo "FAIL: --quiet still shows progress"; fail=1; else echo "ok: --quiet: no progress line on a terminal"; fi
else
  echo "skipped: no 'script' command for a terminal"
fi
exit $fail
