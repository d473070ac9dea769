#!/usr/bin/env bash
# `make demo`: runs the tools on the corpus that ships in corpus/.
# Findings are the point of a demo, so exit code 1 (findings) is what we expect from the runs
# over mixed documents; anything else fails the demo.
set -u
build=${1:-build}
tool="$build/tools/seres-validate"
corpus=corpus/seres-validate
out="$build/demo"
mkdir -p "$out"
status=0

run() { # run <expected exit code> <title> <args...>
  local want=$1 title=$2
  shift 2
  printf '\n== %s\n$ seres-validate %s\n' "$title" "$*"
  "$tool" "$@"
  local rc=$?
  printf -- '-> exit code %s\n' "$rc"
  if [ "$rc" != "$want" ]; then
    echo "demo: expected exit code $want" >&2
    status=1
  fi
}

run 0 "One schema, documents in six encodings (UTF-8, BOM, UTF-16 LE/BE, ISO-8859-1, Windows-1252)" \
  --schema "$corpus/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd" "$corpus"/docs/valid{,-utf8-bom,-utf16le,-utf16be,-latin1,-cp1252}.xml
run 1 "A catalog picks each document's schema from its root element and dataFormatId/Version" \
  --catalog "$corpus/schemas" "$corpus/docs/valid-v10002.xml" "$corpus/docs/invalid.xml" \
  "$corpus/docs/altinn-row-id.xml" "$corpus/docs/type-name-root.xml" "$corpus/docs/unknown-version.xml"
run 1 "Both engines, findings compared" --engine both \
  --schema "$corpus/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd" "$corpus/docs/invalid.xml"
run 3 "Hostile and broken inputs: refused, each with a clear message" \
  --schema "$corpus/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd" "$corpus"/docs/bad/*
run 1 "Reports for CI: JSON Lines, JUnit and SARIF written atomically" --report "$out/report.sarif" \
  --catalog "$corpus/schemas" "$corpus"/docs/*.xml
"$tool" -q --report "$out/report.jsonl" --catalog "$corpus/schemas" "$corpus"/docs/*.xml
"$tool" -q --report "$out/report.junit.xml" --catalog "$corpus/schemas" "$corpus"/docs/*.xml
echo "   reports: $out/report.sarif, $out/report.jsonl, $out/report.junit.xml"

# altut-convert: the AltUt samples of corpus/altut/ into Altinn II Correspondences batches.
ac="$build/tools/altut-convert"
printf '\n== altut-convert: AltUt samples (edge cases, encodings, SOAP) into %s, report in %s\n' "$out/altut" "$out/altut.jsonl"
rm -rf "$out/altut"
SOURCE_DATE_EPOCH=1700000000 "$ac" --map corpus/altut/inputs/service-map.csv -o "$out/altut" --report "$out/altut.jsonl" \
  corpus/altut/inputs/{complete,shortnames,attachments,dates,latin1,cp1252,utf16,soap,namespaced,batch}.xml
rc=$?
printf -- '-> exit code %s (1: some messages were rejected, as the samples intend)\n' "$rc"
[ "$rc" = 1 ] || status=1
ls "$out/altut"

# confirmations-convert: Altinn II confirmations (both namespaces) and Altinn 3 details back to
# Altinn I AltUtConfirmationBatch files in build/demo/confirmations/.
cc="$build/tools/confirmations-convert"
ci=corpus/confirmations/inputs
printf '\n== confirmations-convert: Altinn II (2009/10, 2010/10) and Altinn 3 confirmations into %s\n' "$out/confirmations"
rm -rf "$out/confirmations"
SOURCE_DATE_EPOCH=1700000000 "$cc" --map "$ci/service-map.csv" --resource-map "$ci/resources.csv" --login-method 4 \
  --sequence-start 41 -o "$out/confirmations" --report "$out/confirmations.sarif" \
  "$ci"/{nve-2009-10,patentstyret-2010-10,rejects-2010-10}.xml "$ci"/altinn3-{details,list}.json "$ci"/altinn3-export.jsonl
rc=$?
printf -- '-> exit code %s (1: some confirmations were rejected, as the samples intend)\n' "$rc"
[ "$rc" = 1 ] || status=1
ls "$out/confirmations"
sed -n 1,12p "$out/confirmations/nve-2009-10.altut-confirmations.xml"

# altut-convert --to altinn3: one folder per Correspondence (request.json, manifest.json, attachments/).
printf '\n== altut-convert --to altinn3: Altinn 3 requests into %s\n' "$out/altinn3"
rm -rf "$out/altinn3"
"$ac" --to altinn3 --sender 974760673 --map corpus/altut/altinn3/service-map.csv -o "$out/altinn3" \
  corpus/altut/altinn3/sample.xml
rc=$?
printf -- '-> exit code %s (1: three messages rejected, one per Altinn 3 reason, as the sample intends)\n' "$rc"
[ "$rc" = 1 ] || status=1
find "$out/altinn3" -type f | sort
cat "$out/altinn3/sample.altinn3.000001/request.json"

# replyref-rewrite: the plan, then the rewrite itself into build/demo/replyref/.
rr="$build/tools/replyref-rewrite"
printf '\n== replyref-rewrite: the plan for an AltUt archive (nothing written)\n'
"$rr" --map corpus/replyref/data/service-map.csv --dry-run --short-names corpus/replyref/data/altut.xml
printf '\n== replyref-rewrite: UTF-8, ISO-8859-1 and UTF-16 files rewritten into %s, report in %s\n' "$out/replyref" "$out/replyref.jsonl"
"$rr" --map corpus/replyref/data/service-map.csv --short-names -o "$out/replyref" --report "$out/replyref.jsonl" \
  corpus/replyref/data/altut.xml corpus/replyref/data/altut-latin1.xml corpus/replyref/data/altut-utf16le.xml
rc=$?
printf -- '-> exit code %s\n' "$rc"
[ "$rc" = 0 ] || status=1
diff corpus/replyref/data/altut.xml "$out/replyref/altut.xml"

if [ -d ../shared/corpus/seres-real ]; then
  run 1 "The 14 real SERES-family folders of ../shared/corpus/seres-real as one catalog" -j "$(nproc)" \
    --catalog ../shared/corpus/seres-real ../shared/corpus/seres-real
fi
exit $status
