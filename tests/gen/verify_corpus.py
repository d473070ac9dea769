#!/usr/bin/env python3
"""corpus-gen instances checked against both engines: every "valid" document validates, every
"invalid" one fails with a finding at (or below) the element path its ground truth records; and the
same seed gives the same bytes twice.
   verify_corpus.py <corpus-gen> <seres-validate> <work dir> <schema.xsd>..."""
import filecmp, json, os, subprocess, sys

gen, validate, work = sys.argv[1:4]
schemas = sys.argv[4:]
failed = 0
for schema in schemas:
    name = os.path.basename(schema)
    out = os.path.join(work, name + ".d")
    again = os.path.join(work, name + ".again")
    for d in (out, again):
        subprocess.run([gen, "instances", "-s", schema, "--seed", "11", "--count", "24", "--invalid-ratio", "0.5", "-o", d],
                       check=True, capture_output=True)
    same = all(filecmp.cmp(os.path.join(out, f), os.path.join(again, f), shallow=False) for f in os.listdir(out))
    if not same or sorted(os.listdir(out)) != sorted(os.listdir(again)):
        print(f"FAIL {name}: the same seed gave different bytes")
        failed += 1
    truth = {}
    with open(os.path.join(out, "ground-truth.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            doc, expected, fault, path, detail = line.rstrip("\n").split("\t")
            truth[doc] = (expected, fault, path)
    docs = sorted(os.path.join(out, d) for d in truth)
    problems = []
    for engine in ("xerces", "libxml2"):
        run = subprocess.run([validate, "-q", "-f", "jsonl", "-e", engine, "-s", schema] + docs, capture_output=True, text=True)
        for line in run.stdout.splitlines():
            r = json.loads(line)
            if r.get("type") != "document":
                continue
            expected, fault, path = truth[os.path.basename(r["file"])]
            if r["verdict"] != expected:
                problems.append(f"{engine} {os.path.basename(r['file'])}: expected {expected} ({fault} {path}), got {r['verdict']}: "
                                + "; ".join(d["message"] for d in r["diagnostics"][:2]))
            elif expected == "invalid":
                paths = [d["path"] for d in r["diagnostics"]]
                if not any(p == path or p.startswith(path + "/") for p in paths):
                    problems.append(f"{engine} {os.path.basename(r['file'])}: {fault} recorded at {path}, findings at {paths}")
    invalid = sum(1 for t in truth.values() if t[0] == "invalid")
    kinds = sorted({t[1] for t in truth.values() if t[1]})
    if problems:
        failed += 1
        print(f"FAIL {name}:")
        for p in problems[:8]:
            print("   ", p)
    else:
        print(f"ok {name}: {len(truth)} documents, {invalid} invalid ({', '.join(kinds)}), both engines agree with the ground truth")
sys.exit(1 if failed else 0)
