#!/usr/bin/env bash
# verify_corpus.py over the 14 real schemas of ../shared/corpus/seres-real (without it: exit 77,
# which ctest reports as skipped).
#   verify_real.sh <corpus-gen> <seres-validate> <shared dir>
set -u
real="$3/corpus/seres-real"
if [ ! -d "$real" ]; then
  echo "skipped: $real is absent"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$(dirname "$0")/verify_corpus.py" "$1" "$2" "$work" "$real"/*/*.xsd
