#!/usr/bin/env bash
# altut-convert outputs against Altinn's own published Correspondences schema (both engines),
# attachment bytes equal before and after, and -j 1 / -j 2 giving identical files.
#   conformance.sh <altut-convert> <seres-validate> <project dir> <shared dir>
set -u
convert=$1 validate=$2 project=$3 shared=$4
corpus="$project/corpus/altut"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

inputs=("$corpus"/inputs/{complete,shortnames,attachments,dates,latin1,cp1252,utf16,soap,namespaced,batch}.xml)
export SOURCE_DATE_EPOCH=1700000000
"$convert" -q --map "$corpus/inputs/service-map.csv" -o "$work/j1" -j 1 "${inputs[@]}" 2>/dev/null
"$convert" -q --map "$corpus/inputs/service-map.csv" -o "$work/j2" -j 2 "${inputs[@]}" 2>/dev/null
check "-j 1 and -j 2 write identical files" 'diff -r "$work/j1" "$work/j2" >/dev/null'
outputs=("$work"/j1/*.correspondences*.xml)
check "the sample inputs produce ${#outputs[@]} output files" '[ ${#outputs[@]} -ge 10 ]'

ref="$shared/reference/altinn/schemas.altinn.no.services.intermediary.correspondence.2022.11.xsd"
if [ -f "$ref" ]; then
  check "every output is valid against Altinn's published schema (Xerces and libxml2)" \
    '"$validate" -q --engine both --schema "$ref" "${outputs[@]}"'
else
  echo "skipped: $ref is absent (Altinn conformance)"
fi

# Attachment bytes: what AltUt carried (repaired base64) equals what the output carries.
check "attachment bytes are equal before and after" 'python3 - "$corpus/inputs/complete.xml" "$work/j1/complete.correspondences.xml" "$corpus/inputs/attachments.xml" "$work/j1/attachments.correspondences.xml" <<PY
import base64, re, sys, xml.etree.ElementTree as ET
def dec(t):
    t = re.sub(r"\s", "", t)
    return base64.b64decode(t + "=" * (-len(t) % 4))
ns = {"c": "http://schemas.altinn.no/services/intermediary/correspondence/2009/10"}
args = sys.argv[1:]
for src, out in zip(args[0::2], args[1::2]):
    before = [dec(a.text or "") for a in ET.parse(src).iter("Attachment") if re.fullmatch(r"[A-Za-z0-9+/=\s]*", a.text or "")]
    after = [base64.b64decode(d.text) for d in ET.parse(out).iter("{%s}Data" % ns["c"])]
    assert before == after, (src, before, after)
    assert after, src
PY'
exit $fail
