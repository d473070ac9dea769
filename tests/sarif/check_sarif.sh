#!/usr/bin/env bash
# Writes SARIF logs with seres-validate and checks them with check_sarif.js. The JSON schema
# comes from the npm registry (cached under the build folder); without node or npm (or the
# package), the script exits 77, which ctest reports as skipped.
#   check_sarif.sh <seres-validate> <project dir> <cache dir>
set -u
tool=$1
project=$2
cache=$3
mkdir -p "$cache"
if ! command -v node >/dev/null 2>&1; then
  echo "skipped: node is not installed"; exit 77
fi
if [ ! -f "$cache/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json" ] || [ ! -d "$cache/node_modules/ajv" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "skipped: npm is not installed"; exit 77
  fi
  (cd "$cache" && npm install --no-audit --no-fund --no-save --silent @microsoft/jest-sarif@1.0.0-beta.0 ajv@6) >"$cache/npm.log" 2>&1 || {
    echo "skipped: npm could not install the SARIF schema package:"; tail -5 "$cache/npm.log"; exit 77; }
fi
corpus="$project/corpus/seres-validate"
cd "$corpus" || exit 1
"$tool" --report "$cache/invalid.sarif" -s schemas/Testdomene_Ansattmelding_M_9001_10001.xsd \
  docs/invalid.xml docs/altinn-row-id.xml docs/type-name-root.xml docs/bad/not-well-formed.xml docs/bad/deep.xml docs/bad/empty.xml
"$tool" --report "$cache/catalog.sarif" -e both --catalog schemas docs/unknown-version.xml docs/invalid-v10002.xml
"$tool" --report "$cache/broken-schema.sarif" -s schemas-broken/undefined-type.xsd docs/valid.xml
# Identifier findings, and a prefill batch's forms (--deep: related locations).
"$tool" --report "$cache/deep.sarif" --catalog ids-data --deep --check-ids prefill-data/batch.xml ids-data/invalid.xml
node "$project/tests/sarif/check_sarif.js" "$cache/node_modules" "$cache/invalid.sarif" "$cache/catalog.sarif" "$cache/broken-schema.sarif" "$cache/deep.sarif"
rc=$?
# The check itself must be able to fail: a log without "version" and with an absolute URI.
python3 - "$cache/invalid.sarif" "$cache/broken.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
del log["version"]
log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "/abs/path.xml"
json.dump(log, open(sys.argv[2], "w"))
PY
if node "$project/tests/sarif/check_sarif.js" "$cache/node_modules" "$cache/broken.sarif" >/dev/null; then
  echo "FAIL: the checker accepted a broken SARIF log"; exit 1
fi
echo "ok: the checker rejects a broken log"
exit $rc
