#!/usr/bin/env python3
"""Every byte outside the rewritten Form start tags (and, with --short-names, the shortName
values) stays identical: checked with cmp on each untouched range, in UTF-8, ISO-8859-1 and
UTF-16 inputs.   byte_preservation.py <replyref-rewrite> <corpus/replyref/data>"""
import re
import subprocess
import sys

tool, data = sys.argv[1], sys.argv[2]
cases = [("altut.xml", "utf-8"), ("altut-latin1.xml", "iso-8859-1"), ("altut-utf16le.xml", "utf-16")]
failed = False

for name, codec in cases:
    path = f"{data}/{name}"
    raw = open(path, "rb").read()
    run = subprocess.run([tool, "--map", f"{data}/service-map.csv", "--short-names", "-q", path],
                         capture_output=True)
    out = run.stdout
    if run.returncode != 0:
        print(f"FAIL {name}: exit {run.returncode}: {run.stderr.decode(errors='replace')}")
        failed = True
        continue
    # The text, and a map from character offsets to byte offsets in the original encoding.
    bom = b"\xff\xfe" if raw.startswith(b"\xff\xfe") else b""
    text = raw[len(bom):].decode("utf-16-le" if bom else codec)
    enc = "utf-16-le" if bom else codec
    def byte_off(i):
        return len(bom) + len(text[:i].encode(enc))
    # What may change: Form start tags, and the shortName attribute values.
    allowed = [(byte_off(m.start()), byte_off(m.end())) for m in re.finditer(r"<Form\b[^>]*>", text)]
    allowed += [(byte_off(m.start(1)), byte_off(m.end(1))) for m in re.finditer(r'shortName="([^"]*)"', text)]
    allowed.sort()
    # The untouched ranges are what lies between them; each must be found, in order, in the output.
    untouched, pos = [], 0
    for a, b in allowed:
        untouched.append((pos, a))
        pos = b
    untouched.append((pos, len(raw)))
    cursor = 0
    checked = 0
    for k, (a, b) in enumerate(untouched):
        seg = raw[a:b]
        at = out.find(seg, cursor) if seg else cursor
        if at < 0:
            print(f"FAIL {name}: input bytes {a}..{b} do not appear unchanged in the output")
            failed = True
            break
        if seg:
            cmp = subprocess.run(["cmp", "-i", f"{a}:{at}", "-n", str(len(seg)), path, "-"], input=out)
            if cmp.returncode != 0:
                failed = True
        between = out[cursor:at].decode(enc if not bom else "utf-16-le", errors="replace")
        original = raw[allowed[k - 1][0]:allowed[k - 1][1]] if k > 0 else b""
        if k > 0 and out[cursor:at] != original and "ServiceCode" not in between and not re.fullmatch(r"\w+_\d+", between):
            print(f"FAIL {name}: unexpected replacement {between!r}")
            failed = True
        cursor = at + len(seg)
        checked += 1
    if cursor != len(out):
        print(f"FAIL {name}: {len(out) - cursor} unexpected bytes at the end of the output")
        failed = True
    if not failed:
        print(f"ok {name}: {checked} untouched ranges identical (cmp), output {len(out)} bytes")
sys.exit(1 if failed else 0)
