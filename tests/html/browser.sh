#!/usr/bin/env bash
# The HTML report in a real browser (Debian's chromium, headless): seres-validate's page over
# documents with hostile names (markup, a newline, a byte that is not UTF-8, a bidi override),
# corpus-check merge's page, and altut-convert's migration page. Chromium renders each page;
# its DOM must hold the counts the same run writes in its jsonl summary, no script element, the
# names as text; a screenshot must show the charts' colours.
#   browser.sh SERES_VALIDATE CORPUS_CHECK ALTUT_CONVERT SOURCE_DIR WORK_DIR
# Exit 77 (skipped) when chromium is not installed. seres-validate runs libxml2 here: with Xerces
# it fails on a file name that is not UTF-8 (a bug of its own, not the report's).
set -euo pipefail
seres=$1 check=$2 convert=$3 src=$4 work=$5
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "skipped: chromium is not installed (apt-get install chromium)"
  exit 77
fi
rm -rf "$work"
mkdir -p "$work/docs" "$work/profile"
docs=$src/corpus/seres-validate/docs
cp "$docs/valid.xml" "$docs/invalid.xml" "$docs/valid-v10002.xml" "$docs/invalid-v10002.xml" "$work/docs/"
cp "$docs/invalid.xml" "$work/docs/\"><script>alert(1).xml"
cp "$docs/invalid.xml" "$work/docs/line"$'\n'"break.xml"
cp "$docs/valid.xml" "$work/docs/latin1-"$'\xe6'".xml"
cp "$docs/invalid.xml" "$work/docs/rtl-"$'\xe2\x80\xae'"lmx.xml"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Renders a page: its DOM after layout on stdout (no scripts run: the page has none).
render() {
  timeout 60 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile" --no-first-run \
    --window-size=1200,1600 --dump-dom "file://$1" 2>/dev/null
}

# $1 DOM file, $2 id, $3 the count it must show.
shows() {
  grep -q "<dd id=\"$2\">$3</dd>" "$1" || fail "$1: $2 is not $3: $(grep -o "<dd id=\"$2\">[^<]*</dd>" "$1")"
}

# Summary counts of a jsonl report: "documents valid invalid unreadable".
counts() {
  python3 -c 'import json,sys
for line in open(sys.argv[1]):
    j = json.loads(line)
    if j.get("type") == "summary":
        print(" ".join(str(j[k]) for k in sys.argv[2:]))' "$@"
}

# ---- seres-validate: the page, its DOM and a screenshot ----------------------------------
rc=0
"$seres" -q --engine libxml2 --catalog "$src/corpus/seres-validate/schemas" --report "$work/report.html" "$work/docs" || rc=$?
[ "$rc" -eq 1 ] || fail "seres-validate --report report.html: exit $rc, expected 1 (invalid documents)"
rc=0
"$seres" -q --engine libxml2 --catalog "$src/corpus/seres-validate/schemas" --report "$work/report.jsonl" "$work/docs" || rc=$?
read -r documents valid invalid unreadable < <(counts "$work/report.jsonl" documents valid invalid unreadable)
[ "$documents" -eq 8 ] || fail "expected 8 documents, the jsonl report says $documents"
grep -q '<script' "$work/report.html" && fail "report.html holds a script element"

render "$work/report.html" > "$work/dom.html"
[ -s "$work/dom.html" ] || fail "chromium rendered nothing"
shows "$work/dom.html" documents "$documents"
shows "$work/dom.html" valid "$valid"
shows "$work/dom.html" invalid "$invalid"
shows "$work/dom.html" unreadable "$unreadable"
grep -q '<script' "$work/dom.html" && fail "the rendered DOM holds a script element"
grep -q '"&gt;&lt;script&gt;alert(1).xml' "$work/dom.html" || fail "the <script> file name is not shown as text"
grep -q 'line<span class="esc">\\n</span>break.xml' "$work/dom.html" || fail "the newline in a name is not shown as \\n"
grep -q 'latin1-<span class="esc">\\xE6</span>.xml' "$work/dom.html" || fail "a name that is not UTF-8 is not shown as \\xE6"
grep -q 'rtl-<span class="esc">\\u202E</span>lmx.xml' "$work/dom.html" || fail "the bidi override is not shown as \\u202E"
grep -q '<svg class="chart"' "$work/dom.html" || fail "no chart in the DOM"

timeout 60 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile" --no-first-run \
  --hide-scrollbars --window-size=1000,700 --screenshot="$work/report.png" "file://$work/report.html" >/dev/null 2>&1
[ -s "$work/report.png" ] || fail "no screenshot"
# The screenshot is not blank: text, and the verdict chart's green (valid) and red (invalid) bars.
python3 - "$work/report.png" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and colour in (2, 6), f"PNG depth {depth} colour type {colour}"
        bpp = 3 if colour == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = width * bpp
prev = bytearray(stride)
colours, dark = {}, 0
for y in range(height):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        px = tuple(line[x:x + 3])
        colours[px] = colours.get(px, 0) + 1
    prev = line
def near(rgb, tolerance=12):
    return sum(n for px, n in colours.items() if all(abs(p - q) <= tolerance for p, q in zip(px, rgb)))
total = width * height
white = near((255, 255, 255), 2)
green, red = near((0x2d, 0xa4, 0x4e)), near((0xcf, 0x22, 0x2e))
print(f"screenshot {width}x{height}: {len(colours)} colours, {100 * (total - white) / total:.1f} % not white, "
      f"{green} green and {red} red pixels")
assert total - white > total // 100, "the screenshot is blank"
assert green > 200 and red > 200, "the charts' bars are not drawn"
EOF

# ---- corpus-check merge: the page of two shard reports ----------------------------------
# Without the Latin-1 name: a jsonl report replaces its byte with U+FFFD, and merge then finds the
# name outside its shard (a limit of jsonl reports, not of the page).
mkdir "$work/utf8"
cp "$work"/docs/*.xml "$work/utf8/"
rm "$work"/utf8/latin1-*
for k in 1 2; do
  rc=0
  "$check" -q --catalog "$src/corpus/seres-validate/schemas" --shard "$k/2" --report "$work/shard-$k.jsonl" \
    "$work/utf8" || rc=$?
  [ "$rc" -le 1 ] || fail "corpus-check --shard $k/2: exit $rc"
done
rc=0
"$check" merge -q --report "$work/merged.html" "$work/shard-1.jsonl" "$work/shard-2.jsonl" || rc=$?
[ "$rc" -eq 1 ] || fail "corpus-check merge --report merged.html: exit $rc, expected 1"
render "$work/merged.html" > "$work/merged-dom.html"
shows "$work/merged-dom.html" documents "$((documents - 1))" # the Latin-1 one was valid
shows "$work/merged-dom.html" invalid "$invalid"
grep -q '<script' "$work/merged-dom.html" && fail "the merged page's DOM holds a script element"

# ---- altut-convert: a migration's page --------------------------------------------------
inputs=$src/corpus/altut/inputs
rc=0
"$convert" -q --dry-run --map "$inputs/service-map.csv" --report "$work/migration.html" "$inputs/complete.xml" \
  "$inputs/shortnames.xml" "$inputs/not-well-formed.xml" 2>/dev/null || rc=$?
[ "$rc" -eq 3 ] || fail "altut-convert --report migration.html: exit $rc, expected 3 (a file not well-formed)"
rc=0
"$convert" -q --dry-run --map "$inputs/service-map.csv" --report "$work/migration.jsonl" "$inputs/complete.xml" \
  "$inputs/shortnames.xml" "$inputs/not-well-formed.xml" 2>/dev/null || rc=$?
read -r messages converted rejected lost < <(counts "$work/migration.jsonl" inputs converted rejected lost)
render "$work/migration.html" > "$work/migration-dom.html"
shows "$work/migration-dom.html" messages "$messages"
shows "$work/migration-dom.html" converted "$converted"
shows "$work/migration-dom.html" rejected "$rejected"
shows "$work/migration-dom.html" lost "$lost"
shows "$work/migration-dom.html" unreadable-files 1
grep -q '<section id="services">' "$work/migration-dom.html" || fail "no messages per service"
echo "ok: $documents documents ($valid valid, $invalid invalid), $messages messages ($rejected rejected), rendered"
