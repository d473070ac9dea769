#!/usr/bin/env bash
# Archives as real deliveries come (issue 16, items 10 and 11), built here with Python's zipfile
# and tarfile: member names decoded as the archive says (zip's UTF-8 flag, pax, CP437 otherwise)
# whatever the process locale (run under LANG=C and LANG=C.UTF-8), never an archive stopped at a
# name, a member name given twice reported as such, a tar hard link read as its target, a
# symbolic link member reported as skipped; single compressed documents (.xml.gz, .xml.bz2,
# .xml.xz, .xml.zst) read uncompressed, and .tbz2 taken as an archive.
#   archives.sh <corpus-check> <project>
set -u
check=$1 P=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
schema=$P/corpus/seres-validate/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd
doc=$P/corpus/seres-validate/docs/valid.xml
mkdir "$work/in"

python3 - "$work/in" "$doc" <<'PY'
import io, os, sys, tarfile, zipfile
out, doc = sys.argv[1], open(sys.argv[2], "rb").read()

# zip with the UTF-8 flag (Python sets it for non-ASCII names)
with zipfile.ZipFile(os.path.join(out, "flagged.zip"), "w") as z:
    z.writestr("blåbær.xml", doc)
    z.writestr("ærlig.xml", doc)

# zip without the flag: names in CP437, as Windows' own zipper writes them ('æ' 0x91, 'å' 0x86).
# Written with ASCII stand-ins of the same length, then the name bytes put in place (local and
# central headers): zipfile itself would write UTF-8 with the flag.
path = os.path.join(out, "cp437.zip")
with zipfile.ZipFile(path, "w") as z:
    z.writestr("bXr.xml", doc)
    z.writestr("bYr.xml", doc)
data = open(path, "rb").read()
data = data.replace(b"bXr.xml", "bær.xml".encode("cp437")).replace(b"bYr.xml", "bår.xml".encode("cp437"))
open(path, "wb").write(data)

# pax tar with Norwegian letters in 5 names, a hard link and a symbolic link
def add(t, name, data=doc):
    ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
with tarfile.open(os.path.join(out, "pax.tar"), "w", format=tarfile.PAX_FORMAT) as t:
    for n in ("ok.xml", "æ.xml", "ø.xml", "å.xml", "Ærø.xml"):
        add(t, n)
    hl = tarfile.TarInfo("hard.xml"); hl.type = tarfile.LNKTYPE; hl.linkname = "ok.xml"; t.addfile(hl)
    sl = tarfile.TarInfo("soft.xml"); sl.type = tarfile.SYMTYPE; sl.linkname = "ok.xml"; t.addfile(sl)
    hl = tarfile.TarInfo("lost.xml"); hl.type = tarfile.LNKTYPE; hl.linkname = "none.xml"; t.addfile(hl)

# a zip giving one name twice
import warnings
warnings.simplefilter("ignore")
with zipfile.ZipFile(os.path.join(out, "twice.zip"), "w") as z:
    z.writestr("same.xml", doc)
    z.writestr("same.xml", doc)

# .tbz2
with tarfile.open(os.path.join(out, "b.tbz2"), "w:bz2") as t:
    add(t, "in-tbz2.xml")
PY
gzip -c "$doc" > "$work/in/single.xml.gz"
bzip2 -c "$doc" > "$work/in/single.xml.bz2"
xz -c "$doc" > "$work/in/single.xml.xz"
have_zstd=0
if command -v zstd > /dev/null; then
  zstd -q -c "$doc" > "$work/in/single.xml.zst"
  have_zstd=1
fi

# 2 (flagged) + 2 (cp437) + 5 + hard + soft + lost (pax) + 2 (twice) + 1 (tbz2) + 3 or 4 single
want=$((18 + have_zstd))
for locale in C C.UTF-8; do
  LANG=$locale LC_ALL=$locale "$check" -j 2 -s "$schema" --report "$work/r.jsonl" "$work/in" > "$work/out.txt" 2>&1
  rc=$?
  [ $rc = 3 ] && ok "LANG=$locale: exit 3 (the skipped and unreadable members)" || bad "LANG=$locale: exit $rc: $(head -3 "$work/out.txt")"
  python3 - "$work/r.jsonl" "$want" "$have_zstd" > "$work/check.txt" <<'PY'
import base64, json, sys
docs = {}
for line in open(sys.argv[1], encoding="utf-8"):
    j = json.loads(line)
    if j.get("type") == "document":
        name = base64.b64decode(j["file_bytes"]).decode("utf-8", "replace") if "file_bytes" in j else j["file"]
        name = name.split("/in/", 1)[1]
        msg = " ".join(d["message"] for d in j["diagnostics"])
        docs.setdefault(name, []).append((j["verdict"], msg))
def expect(name, verdict, words=""):
    got = docs.get(name)
    if not got:
        print("FAIL: %s: not reported (reported: %s)" % (name, ", ".join(sorted(docs))))
    elif got[0][0] != verdict or words not in got[0][1]:
        print("FAIL: %s: %s %s" % (name, got[0][0], got[0][1]))
    else:
        print("ok: %s: %s%s" % (name, verdict, " (" + got[0][1] + ")" if got[0][1] else ""))
for n in ("blåbær.xml", "ærlig.xml"):
    expect("flagged.zip!" + n, "valid")
for n in ("bær.xml", "bår.xml"):
    expect("cp437.zip!" + n, "valid")
for n in ("ok.xml", "æ.xml", "ø.xml", "å.xml", "Ærø.xml", "hard.xml"):
    expect("pax.tar!" + n, "valid")
expect("pax.tar!soft.xml", "unreadable", "a symbolic link")
expect("pax.tar!lost.xml", "unreadable", "hard link to 'none.xml'")
expect("twice.zip!same.xml", "valid")
twice = docs.get("twice.zip!same.xml", [])
if len(twice) == 2 and twice[1][0] == "unreadable" and "member of this name already" in twice[1][1]:
    print("ok: twice.zip!same.xml: the second one reported as a name given twice")
else:
    print("FAIL: twice.zip!same.xml: %s" % twice)
expect("b.tbz2!in-tbz2.xml", "valid")
for ext in ("gz", "bz2", "xz") + (("zst",) if sys.argv[3] == "1" else ()):
    expect("single.xml." + ext, "valid")
total = sum(len(v) for v in docs.values())
print(("ok: %d documents" if total == int(sys.argv[2]) else "FAIL: %d documents, not " + sys.argv[2]) % total)
PY
  sed "s/^/LANG=$locale: /" "$work/check.txt"
  grep -q "^FAIL" "$work/check.txt" && fail=1
  grep -q "archive is damaged" "$work/r.jsonl" && bad "LANG=$locale: an archive was given up" || true
done
exit $fail
