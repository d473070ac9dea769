#!/usr/bin/env bash
# File names are bytes (issue 16, items 1 and 9): a name that is not UTF-8 (`lat\xF8.xml`) and
# one with a line feed are opened, counted and reported by both engines in seres-validate and
# corpus-check, without an abort; every report format gives each name back exactly (text:
# escaped on one line; JUnit: well-formed, `&#10;`; jsonl: `file_bytes`; SARIF: percent-encoded
# URI); a journal resume and a merge of two shards read the names back exactly, so two names
# that differ only in an invalid byte never collide.
#   names.sh <build/tools> <project>
set -u
T=$1 P=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
schema=$P/corpus/seres-validate/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd
doc=$P/corpus/seres-validate/docs/valid.xml
bad_doc=$P/corpus/seres-validate/docs/invalid.xml
mkdir "$work/in"
# Two names that differ only in a byte that is not UTF-8, and one with a line feed that would
# forge a finding line if written raw.
cp "$doc" "$work/in/lat"$'\xf8'".xml"
cp "$bad_doc" "$work/in/lat"$'\xe6'".xml"
cp "$bad_doc" "$work/in/x"$'\n'"forged.xml"

# The names as the reports must give them back, in the order of the walk (sorted by bytes).
python3 - "$work/in" > "$work/names.txt" <<'PY'
import os, sys
d = os.fsencode(sys.argv[1])
for n in sorted(os.listdir(d)):
    print((d + b"/" + n).hex())
PY

# Reads a report and prints the hex of every document name it holds, in order.
readback() {
  python3 - "$1" "$2" <<'PY'
import base64, json, re, sys, urllib.parse
import xml.etree.ElementTree as ET
fmt, path = sys.argv[1], sys.argv[2]
def unescape(s):
    out = bytearray(); i = 0; b = s.encode()
    while i < len(b):
        c = b[i:i+1]
        if c == b"\\" and b[i+1:i+2] in (b"\\", b"n", b"r", b"t"):
            out += {b"\\": b"\\", b"n": b"\n", b"r": b"\r", b"t": b"\t"}[b[i+1:i+2]]; i += 2
        elif c == b"\\" and b[i+1:i+2] == b"x":
            out.append(int(b[i+2:i+4], 16)); i += 4
        else:
            out += c; i += 1
    return bytes(out)
names = []
if fmt == "jsonl":
    for line in open(path, encoding="utf-8"):
        j = json.loads(line)
        if j.get("type") == "document":
            names.append(base64.b64decode(j["file_bytes"]) if "file_bytes" in j else j["file"].encode())
elif fmt == "junit":
    for tc in ET.parse(path).getroot().iter("testcase"):
        names.append(unescape(tc.get("name")))
elif fmt == "sarif":
    seen = []
    for r in json.load(open(path, encoding="utf-8"))["runs"][0]["results"]:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        n = urllib.parse.unquote_to_bytes(uri)
        if n not in seen:
            seen.append(n)
    names = seen
elif fmt == "text":
    for line in open(path, "rb"):
        m = re.match(rb"^[a-z-]+: (.*?):\d+:\d+: ", line)
        if m and unescape(m.group(1).decode()) not in names:
            names.append(unescape(m.group(1).decode()))
for n in names:
    print(n.hex())
PY
}

for engine in xerces libxml2; do
  "$T/seres-validate" -e $engine -s "$schema" "$work/in" 2> "$work/text.txt"
  rc=$?
  [ $rc = 1 ] && ok "seres-validate -e $engine: exit 1 (two invalid, one valid), no abort" ||
    bad "seres-validate -e $engine: exit $rc: $(tail -3 "$work/text.txt")"
  grep -q "^seres-validate: 3 documents: 1 valid, 2 invalid, 0 unreadable" "$work/text.txt" &&
    ok "seres-validate -e $engine: 3 documents counted" || bad "seres-validate -e $engine: $(tail -1 "$work/text.txt")"
  grep -q '/lat\\xE6.xml:[0-9]*:[0-9]*: error' "$work/text.txt" && ok "text: the Latin-1 byte shown as \\xE6" ||
    bad "text: no lat\\xE6.xml finding: $(head -2 "$work/text.txt")"
  grep -q '^forged' "$work/text.txt" && bad "text: a line feed in a name started a line" ||
    ok "text: the line feed in a name shown as \\n, no forged line"
  # The text lines name the two invalid documents (the valid one has no finding line).
  readback text "$work/text.txt" > "$work/got.txt"
  sed -n '1p;3p' "$work/names.txt" | sort > "$work/want-invalid.txt"
  sort "$work/got.txt" | cmp -s - "$work/want-invalid.txt" && ok "text ($engine): the names read back exactly" ||
    bad "text ($engine): names read back as $(cat "$work/got.txt")"
  for fmt in jsonl junit sarif; do
    "$T/seres-validate" -e $engine -s "$schema" -f $fmt --report "$work/r.$fmt" "$work/in" 2> /dev/null
    readback $fmt "$work/r.$fmt" > "$work/got.txt" 2> "$work/err.txt"
    want="$work/names.txt"
    [ $fmt = sarif ] && want="$work/want-invalid.txt" && sort -o "$work/got.txt" "$work/got.txt"
    cmp -s "$work/got.txt" "$want" && ok "$fmt ($engine): every name reads back exactly" ||
      bad "$fmt ($engine): $(cat "$work/err.txt" "$work/got.txt" | head -5)"
  done
done

for engine in xerces libxml2; do
  "$T/corpus-check" -j 2 -e $engine -s "$schema" --report "$work/c.jsonl" "$work/in" > "$work/text.txt" 2>&1
  rc=$?
  [ $rc = 1 ] && grep -q "^corpus-check: 3 documents" "$work/text.txt" &&
    ok "corpus-check -e $engine: 3 documents, exit 1" || bad "corpus-check -e $engine: exit $rc: $(head -3 "$work/text.txt")"
  readback jsonl "$work/c.jsonl" > "$work/got.txt"
  cmp -s "$work/got.txt" "$work/names.txt" && ok "corpus-check -e $engine: jsonl names exact" ||
    bad "corpus-check -e $engine: jsonl names $(cat "$work/got.txt")"
done

# Journal: a run, then its journal cut after its first document line (as a kill leaves it), then
# the same command: 3 documents, not 4 or 5.
run() { "$T/corpus-check" -j 2 -s "$schema" "$@" "$work/in"; }
run --journal "$work/j.jsonl" > /dev/null 2>&1
run --journal "$work/j.jsonl" > "$work/again.txt" 2>&1
grep -q "^corpus-check: 3 documents" "$work/again.txt" && ok "a complete journal: resume counts 3 documents" ||
  bad "a complete journal: $(head -2 "$work/again.txt")"
head -2 "$work/j.jsonl" > "$work/j-cut.jsonl"
run --journal "$work/j-cut.jsonl" --report "$work/resumed.jsonl" > "$work/again.txt" 2>&1
grep -q "^corpus-check: 3 documents" "$work/again.txt" && ok "a journal cut after one document: resume counts 3" ||
  bad "a cut journal: $(head -2 "$work/again.txt")"
readback jsonl "$work/resumed.jsonl" > "$work/got.txt"
cmp -s "$work/got.txt" "$work/names.txt" && ok "the resumed report names each document once, exactly" ||
  bad "the resumed report: $(cat "$work/got.txt")"

# Shards: disjoint, merged without complaint, names exact.
for k in 1 2 3; do
  run --shard $k/3 --report "$work/s$k.jsonl" > /dev/null 2>&1
done
"$T/corpus-check" merge --report "$work/merged.jsonl" "$work/s1.jsonl" "$work/s2.jsonl" "$work/s3.jsonl" > "$work/merge.txt" 2>&1
rc=$?
[ $rc = 1 ] && grep -q "^corpus-check: 3 documents" "$work/merge.txt" && ok "merge of 3 shards: 3 documents, exit 1" ||
  bad "merge: exit $rc: $(head -3 "$work/merge.txt")"
readback jsonl "$work/merged.jsonl" > "$work/got.txt"
cmp -s "$work/got.txt" "$work/names.txt" && ok "the merged report names each document exactly" ||
  bad "merged: $(cat "$work/got.txt")"
exit $fail
