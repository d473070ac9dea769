#!/usr/bin/env bash
# verify_corpus.py over the real schemas of ../shared/corpus/seres-real and the Altinn schemas of
# ../shared/reference/altinn (without them: exit 77, which ctest reports as skipped): every
# document labelled valid validates under both engines.
#   verify_real.sh <corpus-gen> <seres-validate> <shared dir>
set -u
real="$3/corpus/seres-real"
if [ ! -d "$real" ]; then
  echo "skipped: $real is absent"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
altinn="$3/reference/altinn"
[ -d "$altinn" ] || { echo "skipped: $altinn is absent"; exit 77; }
python3 "$(dirname "$0")/verify_corpus.py" "$1" "$2" "$work" "$real"/*/*.xsd "$altinn"/*.xsd
