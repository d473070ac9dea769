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

# InsertCorrespondenceV2 payloads: -j 1 = -j 2, and each Correspondence valid against the data
# contract of Altinn's CorrespondenceAgencyExternal WSDL (its inline schemas, extracted).
"$convert" -q --to insert-v2 --map "$corpus/inputs/service-map.csv" -o "$work/v1" -j 1 "${inputs[@]}" 2>/dev/null
"$convert" -q --to insert-v2 --map "$corpus/inputs/service-map.csv" -o "$work/v2" -j 2 "${inputs[@]}" 2>/dev/null
check "insert-v2: -j 1 and -j 2 write identical files" 'diff -r "$work/v1" "$work/v2" >/dev/null'
payloads=("$work"/v1/*.insert-v2.*.xml)
check "insert-v2: one payload per Correspondence (${#payloads[@]})" '[ ${#payloads[@]} -ge 20 ]'
wsdl="$shared/reference/altinn/CorrespondenceAgencyExternalBasic.svc.wsdl"
if [ -f "$wsdl" ] && command -v xsltproc >/dev/null; then
  mkdir -p "$work/wsdl" "$work/inst"
  xsltproc --stringparam dir "$work/wsdl" "$project/tests/altut/wsdl-schemas.xsl" "$wsdl"
  c10=$(grep -l 'targetNamespace="http://schemas.altinn.no/services/ServiceEngine/Correspondence/2010/10"' "$work"/wsdl/*.xsd | head -1)
  cat > "$work/wsdl/driver.xsd" <<XSD
<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:c10="http://schemas.altinn.no/services/ServiceEngine/Correspondence/2010/10"
           targetNamespace="urn:altkit:conformance" elementFormDefault="qualified">
  <xs:import namespace="http://schemas.altinn.no/services/ServiceEngine/Correspondence/2010/10" schemaLocation="$(basename "$c10")"/>
  <xs:element name="Correspondence" type="c10:InsertCorrespondenceV2"/>
</xs:schema>
XSD
  python3 - "$work/inst" "${payloads[@]}" <<'PY'
import os, sys, xml.etree.ElementTree as ET
W = "http://www.altinn.no/services/ServiceEngine/Correspondence/2009/10"
for p in sys.argv[2:]:
    c = ET.parse(p).getroot().find("{%s}Correspondence" % W)
    c.tag = "{urn:altkit:conformance}Correspondence"
    ET.ElementTree(c).write(os.path.join(sys.argv[1], os.path.basename(p)), xml_declaration=True, encoding="utf-8")
PY
  check "insert-v2: every Correspondence is valid against the WSDL's data contract (Xerces and libxml2)" \
    '"$validate" -q --engine both --schema "$work/wsdl/driver.xsd" "$work"/inst/*.xml'
else
  echo "skipped: $wsdl (or xsltproc) is absent (InsertCorrespondenceV2 conformance)"
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
