#!/usr/bin/env bash
# confirmations-convert against the published schemas (../shared/reference/altinn, test data only)
# and its own promises. One part per call, so a part that needs ../shared says skipped (exit 77):
#   conformance.sh <part> <confirmations-convert> <corpus-gen> <seres-validate> <project dir> <shared dir>
# parts:
#   local           -j 1 = -j 2 on a generated corpus (both namespaces, and Altinn 3 JSON Lines), every
#                   confirmation accounted for (in = written + rejected), and the corpus converts whole
#   altinn-schema   every batch written (samples and generated) valid against AltUtConfirmationBatch.xsd
#                   as MXA published it, under Xerces and libxml2; the sample inputs meant to be valid
#                   valid against the published confirmations schemas of their namespace
set -u
part=$1 convert=$2 gen=$3 validate=$4 project=$5 shared=$6
inputs="$project/corpus/confirmations/inputs"
ref="$shared/reference/altinn"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
skip() { echo "skipped: $1"; exit 77; }
case "$part" in
local) ;;
altinn-schema) [ -f "$ref/AltUtConfirmationBatch.xsd" ] || skip "$ref/AltUtConfirmationBatch.xsd is absent" ;;
*) echo "unknown part: $part"; exit 2 ;;
esac
export SOURCE_DATE_EPOCH=1700000000

"$gen" confirmations --seed 7 --files 6 --confirmations 300 -o "$work/a2" 2>/dev/null
"$gen" confirmations --seed 7 --files 3 --confirmations 300 --altinn3 -o "$work/a3" 2>/dev/null
run() { # run <out> <jobs> <report>: converts both generated corpora
  "$convert" -j "$2" --map "$work/a2/service-map.csv" --resource-map "$work/a3/resources.csv" --login-method 4 \
    --report "$3" -o "$1" "$work/a2" "$work/a3" 2>"$1.err"
}
run "$work/j1" 1 "$work/j1.jsonl"
rc=$?
check "the generated corpus converts whole (exit $rc)" '[ $rc = 0 ]'
check "9 batch files" '[ $(ls "$work"/j1/*.altut-confirmations.xml | wc -l) = 9 ]'

if [ "$part" = local ]; then
  run "$work/j2" 2 "$work/j2.jsonl"
  check "-j 1 and -j 2 write identical files" 'diff -r "$work/j1" "$work/j2" >/dev/null'
  check "-j 1 and -j 2 write identical reports" 'cmp -s "$work/j1.jsonl" "$work/j2.jsonl"'
  # Every Altinn II confirmation is in a batch: 6 files of 300.
  check "1800 Altinn II confirmations written" \
    '[ $(cat "$work"/j1/confirmations-*.xml | grep -c "<Confirmation ") = 1800 ]'
  check "the summary adds up (in = written + rejected)" \
    'grep -Eq "9 files: ([0-9]+) confirmations = \1 written \+ 0 rejected; 9 batch files" "$work/j1.err"'
  check "legacy shortNames come back from the map" 'grep -q "shortName=\"Årsoppgave næring\"" "$work"/j1/confirmations-*.xml'
  check "SequenceNo carried: file 3 is batch 3 after 2" \
    'grep -q "batchReference=\"3\" previousReference=\"2\"" "$work/j1/confirmations-00003.altut-confirmations.xml"'
  exit $fail
fi

# altinn-schema: the published AltUtConfirmationBatch schema, both engines.
SOURCE_DATE_EPOCH=1700000000 "$convert" -q --map "$inputs/service-map.csv" --resource-map "$inputs/resources.csv" \
  --login-method 4 -o "$work/samples" "$inputs"/{nve-2009-10,patentstyret-2010-10,rejects-2010-10,nve-gap-2009-10}.xml \
  "$inputs"/altinn3-{details,list}.json "$inputs"/altinn3-export.jsonl 2>/dev/null
outputs=("$work"/samples/*.altut-confirmations.xml "$work"/j1/*.altut-confirmations.xml)
check "${#outputs[@]} batch files to check" '[ ${#outputs[@]} -ge 16 ]'
check "every batch is valid against the published AltUtConfirmationBatch.xsd (Xerces and libxml2)" \
  '"$validate" -q --engine both --schema "$ref/AltUtConfirmationBatch.xsd" "${outputs[@]}"'
check "the 2009/10 samples are valid against the published confirmations schema" \
  '"$validate" -q --engine both --schema "$ref/correspondence.confirmations.2009.10.xsd" "$inputs"/nve-2009-10.xml "$inputs"/nve-gap-2009-10.xml "$work"/a2/confirmations-00001.xml'
check "the 2010/10 samples are valid against the published confirmations schema" \
  '"$validate" -q --engine both --schema "$ref/correspondence.confirmations.2010.10.xsd" "$inputs"/patentstyret-2010-10.xml "$work"/a2/confirmations-00002.xml'
check "the invalid samples are invalid there too" \
  '! "$validate" -q --engine libxml2 --schema "$ref/correspondence.confirmations.2010.10.xsd" "$inputs"/rejects-2010-10.xml'
exit $fail
