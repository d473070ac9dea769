#!/usr/bin/env bash
# corpus-gen instances --repeat streams: a document larger than 64 MB is written with a peak RSS
# under 64 MB (the long lists are made again as they are written, never held whole), and it is
# valid under both engines.
#   repeat_streams.sh <corpus-gen> <seres-validate> <schema.xsd>
set -u
gen=$1 validate=$2 schema=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
rss_kb=$(python3 - "$gen" "$schema" "$work/out" <<'PY'
import resource, subprocess, sys
gen, schema, out = sys.argv[1:4]
subprocess.run([gen, "instances", "-s", schema, "--seed", "3", "--count", "1", "--repeat", "1000000", "-o", out],
               check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
)
doc=$(ls "$work"/out/*.xml)
mb=$(($(stat -c %s "$doc") / 1048576))
if [ "$mb" -gt 64 ] && [ "$rss_kb" -lt 65536 ]; then
  echo "ok: a $mb MB document written with $((rss_kb / 1024)) MB peak RSS"
else
  echo "FAIL: a $mb MB document, peak RSS $((rss_kb / 1024)) MB"; fail=1
fi
for engine in libxml2 xerces; do
  if "$validate" -q -e "$engine" -s "$schema" "$doc"; then
    echo "ok: valid under $engine"
  else
    echo "FAIL: not valid under $engine"; fail=1
  fi
done
exit $fail
