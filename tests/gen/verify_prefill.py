#!/usr/bin/env python3
"""corpus-gen prefill checked against seres-validate and corpus-check --deep, with Altinn's own
serviceinitiation schema from ../shared (without it: exit 77, which ctest reports as skipped):
every batch is valid against Altinn's schema; every form labelled invalid has a finding placed in
its batch under its FormData's path (the form's own path below it), no valid form has one; the
same seed gives the same bytes; without --deep the batches are valid.
   verify_prefill.py <corpus-gen> <seres-validate> <corpus-check> <shared dir> <form.xsd>"""
import filecmp, json, os, shutil, subprocess, sys, tempfile

gen, validate, check, shared, form_xsd = sys.argv[1:6]
batch_xsd = os.path.join(shared, "reference", "altinn", "schemas.altinn.no.services.intermediary.serviceinitiation.2009.10.xsd")
if not os.path.exists(batch_xsd):
    print(f"skipped: {batch_xsd} is absent")
    sys.exit(77)
work = tempfile.mkdtemp()
try:
    catalog = os.path.join(work, "catalog")
    os.makedirs(catalog)
    shutil.copy(batch_xsd, catalog)
    shutil.copy(form_xsd, catalog)
    out, again = os.path.join(work, "out"), os.path.join(work, "again")
    for d in (out, again):
        subprocess.run([gen, "prefill", "-s", form_xsd, "--seed", "7", "--batches", "3", "--forms", "8",
                        "--invalid-ratio", "0.4", "-o", d], check=True, capture_output=True)
    problems = []
    if sorted(os.listdir(out)) != sorted(os.listdir(again)) or not all(
            filecmp.cmp(os.path.join(out, f), os.path.join(again, f), shallow=False) for f in os.listdir(out)):
        problems.append("the same seed gave different bytes")
    truth = {}  # (batch, form path) -> expected
    with open(os.path.join(out, "ground-truth.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            batch, number, expected, fault, path, detail = line.rstrip("\n").split("\t")
            truth[(batch, int(number))] = (expected, path)
    batches = sorted(os.path.join(out, b) for b in os.listdir(out) if b.endswith(".xml"))

    def form_paths(batch):
        forms = sorted(n for (b, n) in truth if b == batch)
        return {n: "/ServiceOwner/Prefill/Reportee" + (f"[{n}]" if n > 1 else "") + "/FormTask/Form/FormData" for n in forms}

    def judge(tool, lines):
        seen = 0
        for line in lines:
            r = json.loads(line)
            if r.get("type") != "document":
                continue
            seen += 1
            batch = os.path.basename(r["file"])
            bad_forms = [n for (b, n), (e, _) in truth.items() if b == batch and e == "invalid"]
            want = "invalid" if bad_forms else "valid"
            if r["verdict"] != want:
                problems.append(f"{tool} {batch}: expected {want}, got {r['verdict']}")
            for n, fd in form_paths(batch).items():
                expected, path = truth[(batch, n)]
                mine = [d for d in r["diagnostics"] if d["path"].startswith(fd + "/")]
                if expected == "valid" and mine:
                    problems.append(f"{tool} {batch} form {n}: valid, but {mine[0]['message']}")
                if expected == "invalid":
                    if not any(d["path"] == path or d["path"].startswith(path + "/") for d in mine):
                        problems.append(f"{tool} {batch} form {n}: fault at {path}, findings at {[d['path'] for d in mine]}")
                    if not all(d["message"].startswith(f"in form {n} ") for d in mine):
                        problems.append(f"{tool} {batch} form {n}: a message does not say where in the form")
        if seen != len(batches):
            problems.append(f"{tool}: {seen} documents reported, {len(batches)} batches written")

    for engine in ("xerces", "libxml2"):
        run = subprocess.run([validate, "-q", "-f", "jsonl", "-e", engine, "--catalog", catalog, "--deep"] + batches,
                             capture_output=True, text=True)
        if run.returncode != 1:
            problems.append(f"seres-validate -e {engine} --deep: exit {run.returncode}: {run.stderr.strip()}")
        judge(f"seres-validate -e {engine}", run.stdout.splitlines())
        shallow = subprocess.run([validate, "-q", "-e", engine, "--catalog", catalog] + batches, capture_output=True, text=True)
        if shallow.returncode != 0:
            problems.append(f"seres-validate -e {engine} without --deep: exit {shallow.returncode}: {shallow.stderr.strip()}")
    run = subprocess.run([check, "-q", "--catalog", catalog, "--deep", "--report", "-", out], capture_output=True, text=True)
    if run.returncode != 1:
        problems.append(f"corpus-check --deep: exit {run.returncode}: {run.stderr.strip()}")
    judge("corpus-check", run.stdout.splitlines())
    invalid = sum(1 for e, _ in truth.values() if e == "invalid")
    if problems:
        print("FAIL:")
        for p in problems[:12]:
            print("   ", p)
        sys.exit(1)
    print(f"ok: {len(batches)} batches, {len(truth)} forms ({invalid} invalid), both engines and corpus-check agree with the ground truth")
finally:
    shutil.rmtree(work)
