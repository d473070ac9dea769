#!/usr/bin/env bash
# replyref-rewrite on files: -i (atomic, mode kept, an unchanged file not touched, --backup),
# -o OUTDIR, --strict writing nothing, a broken file left alone, and the --report JSON Lines.
#   files.sh <replyref-rewrite> <corpus/replyref/data>
set -u
tool=$1 data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

mkdir -p "$work/in/sub"
cp "$data/altut.xml" "$work/in/a.xml"
cp "$data/nothing-to-do.xml" "$work/in/sub/b.xml"
cp "$data/only-mapped.xml" "$work/in/sub/c.xml"
cp "$data/not-well-formed.xml" "$work/in/bad.xml"
chmod 640 "$work/in/sub/c.xml"
touch -d '2001-02-03 04:05:06' "$work/in/sub/b.xml" "$work/in/sub/c.xml"

# -o: every well-formed input lands under OUTDIR at its relative path, the originals untouched.
"$tool" -q --map "$data/service-map.csv" -o "$work/out" "$work/in/a.xml" "$work/in/sub"
rc=$?
check "-o exits 0 (one unmapped reference is a warning)" '[ $rc = 0 ]'
check "-o keeps relative paths" '[ -f "$work/out/a.xml" ] && [ -f "$work/out/b.xml" ] && [ -f "$work/out/c.xml" ]'
check "-o leaves the inputs alone" 'cmp -s "$data/altut.xml" "$work/in/a.xml"'
check "-o copies an unchanged file byte for byte" 'cmp -s "$data/nothing-to-do.xml" "$work/out/b.xml"'
check "-o rewrites" 'grep -q "<Form><ServiceCode>4711_1</ServiceCode></Form>" "$work/out/c.xml"'

# -i with --backup: changed files replaced atomically with their mode; unchanged ones not touched.
"$tool" -q --map "$data/service-map.csv" -i --backup .orig --report "$work/report.jsonl" "$work/in/sub" "$work/in/bad.xml"
rc=$?
check "-i over a broken file exits 3" '[ $rc = 3 ]'
check "-i rewrote c.xml" 'grep -q "<ServiceCode>4711_1</ServiceCode>" "$work/in/sub/c.xml"'
check "-i kept c.xml's mode 640" '[ "$(stat -c %a "$work/in/sub/c.xml")" = 640 ]'
check "--backup kept the original" 'cmp -s "$data/only-mapped.xml" "$work/in/sub/c.xml.orig"'
check "-i did not touch the unchanged b.xml (mtime kept)" '[ "$(stat -c %Y "$work/in/sub/b.xml")" = "$(date -d "2001-02-03 04:05:06" +%s)" ]'
check "no backup for an unchanged file" '[ ! -e "$work/in/sub/b.xml.orig" ]'
check "the broken file is left as it was" 'cmp -s "$data/not-well-formed.xml" "$work/in/bad.xml"'
check "no temporary files are left" '[ -z "$(find "$work/in" -name "*.tmp.*")" ]'
check "the report has one file line per input" '[ "$(grep -c "\"type\":\"file\"" "$work/report.jsonl")" = 3 ]'
check "the report says what changed per message" 'python3 -c "
import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
files=[r for r in rows if r[\"type\"]==\"file\"]
c=[r for r in files if r[\"file\"].endswith(\"c.xml\")][0]
assert c[\"status\"]==\"rewritten\" and c[\"rewritten\"]==1, c
m=[r for r in rows if r[\"type\"]==\"message\" and r[\"file\"].endswith(\"c.xml\")][0]
assert m[\"message_reference\"]==\"MSG-3\" and m[\"changes\"][0][\"to\"]==\"4711_1\", m
b=[r for r in files if r[\"file\"].endswith(\"b.xml\")][0]
assert b[\"status\"]==\"unchanged\" and b[\"has_service_code\"]==0, b
bad=[r for r in files if r[\"file\"].endswith(\"bad.xml\")][0]
assert bad[\"status\"]==\"failed\" and bad[\"diagnostics\"][0][\"code\"]==\"not-well-formed\", bad
" "$work/report.jsonl"'

# --strict: an unmapped reference writes nothing for that file.
cp "$data/altut.xml" "$work/strict.xml"
"$tool" -q --map "$data/service-map.csv" --strict -i "$work/strict.xml"
rc=$?
check "--strict with an unmapped reference exits 1" '[ $rc = 1 ]'
check "--strict left the file unchanged" 'cmp -s "$data/altut.xml" "$work/strict.xml"'

# --dry-run writes nothing.
cp "$data/only-mapped.xml" "$work/dry.xml"
"$tool" -q --map "$data/service-map.csv" --dry-run -i "$work/dry.xml" > "$work/plan.txt"
check "--dry-run prints the plan" 'grep -q "Form formNumber=RF-1047 version=2 -> ServiceCode 4711_1" "$work/plan.txt"'
check "--dry-run writes nothing" 'cmp -s "$data/only-mapped.xml" "$work/dry.xml"'

# An unwritable output directory is exit 5.
mkdir -p "$work/ro" && chmod 500 "$work/ro"
if [ "$(id -u)" != 0 ]; then
  "$tool" -q --map "$data/service-map.csv" -o "$work/ro" "$data/only-mapped.xml" 2>/dev/null
  rc=$?
  check "an unwritable output directory exits 5" '[ $rc = 5 ]'
fi
"$tool" -q --map "$data/service-map.csv" -o /dev/full/x "$data/only-mapped.xml" 2>/dev/null
rc=$?
check "an impossible output directory exits 5" '[ $rc = 5 ]'
exit $fail
