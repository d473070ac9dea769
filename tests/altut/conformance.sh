#!/usr/bin/env bash
# altut-convert outputs against Altinn's own published Correspondences schema (both engines),
# attachment bytes equal before and after, and -j 1 / -j 2 giving identical files. One part per
# call, so a part that needs ../shared says skipped (exit 77) on its own:
#   conformance.sh <part> <altut-convert> <seres-validate> <project dir> <shared dir>
# parts:
#   local           -j 1 = -j 2 (both output kinds), one payload per Correspondence, attachment bytes
#   altinn-schema   every output valid against Altinn's published Correspondences schema
#   insert-v2-wsdl  every InsertCorrespondenceV2 payload valid against the WSDL's data contract
set -u
part=$1 convert=$2 validate=$3 project=$4 shared=$5
corpus="$project/corpus/altut"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
skip() { echo "skipped: $1"; exit 77; }

inputs=("$corpus"/inputs/{complete,shortnames,attachments,dates,latin1,cp1252,utf16,soap,namespaced,batch}.xml)
export SOURCE_DATE_EPOCH=1700000000
ref="$shared/reference/altinn/schemas.altinn.no.services.intermediary.correspondence.2022.11.xsd"
wsdl="$shared/reference/altinn/CorrespondenceAgencyExternalBasic.svc.wsdl"
case "$part" in
local) ;;
altinn-schema) [ -f "$ref" ] || skip "$ref is absent (Altinn conformance)" ;;
insert-v2-wsdl)
  [ -f "$wsdl" ] || skip "$wsdl is absent (InsertCorrespondenceV2 conformance)"
  command -v xsltproc >/dev/null || skip "xsltproc is not installed (InsertCorrespondenceV2 conformance)"
  ;;
*) echo "unknown part: $part"; exit 2 ;;
esac

"$convert" -q --map "$corpus/inputs/service-map.csv" -o "$work/j1" -j 1 "${inputs[@]}" 2>/dev/null
outputs=("$work"/j1/*.correspondences*.xml)
if [ "$part" = local ]; then
  "$convert" -q --map "$corpus/inputs/service-map.csv" -o "$work/j2" -j 2 "${inputs[@]}" 2>/dev/null
  check "-j 1 and -j 2 write identical files" 'diff -r "$work/j1" "$work/j2" >/dev/null'
  check "the sample inputs produce ${#outputs[@]} output files" '[ ${#outputs[@]} -ge 10 ]'
fi

if [ "$part" = altinn-schema ]; then
  check "the sample inputs produce ${#outputs[@]} output files" '[ ${#outputs[@]} -ge 10 ]'
  check "every output is valid against Altinn's published schema (Xerces and libxml2)" \
    '"$validate" -q --engine both --schema "$ref" "${outputs[@]}"'
  exit $fail
fi

# InsertCorrespondenceV2 payloads: -j 1 = -j 2, and each Correspondence valid against the data
# contract of Altinn's CorrespondenceAgencyExternal WSDL (its inline schemas, extracted).
"$convert" -q --to insert-v2 --map "$corpus/inputs/service-map.csv" -o "$work/v1" -j 1 "${inputs[@]}" 2>/dev/null
payloads=("$work"/v1/*.insert-v2.*.xml)
check "insert-v2: one payload per Correspondence (${#payloads[@]})" '[ ${#payloads[@]} -ge 20 ]'
if [ "$part" = local ]; then
  "$convert" -q --to insert-v2 --map "$corpus/inputs/service-map.csv" -o "$work/v2" -j 2 "${inputs[@]}" 2>/dev/null
  check "insert-v2: -j 1 and -j 2 write identical files" 'diff -r "$work/v1" "$work/v2" >/dev/null'
fi
if [ "$part" = insert-v2-wsdl ]; then
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
  exit $fail
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
