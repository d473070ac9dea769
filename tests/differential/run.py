#!/usr/bin/env python3
"""The compiled engine against Xerces, document by document (issue 20, tests/differential/README.md).

For every schema in the project's corpus/, ../shared/corpus/seres-real/ and ../shared/reference/altinn/:
corpus-gen instances (fixed seed, half of them with one fault, so every fault kind it injects shows
up where the schema allows it) plus the real documents beside the schema are validated by
`seres-validate --engine compiled` and `--engine xerces` (JSON Lines, one process per engine per
schema), and the two verdicts are compared per document. A difference fails unless
known-differences.txt lists it; an `engines-disagree` finding fails too. A schema the compiled
engine does not cover (`schema-not-compiled`), or that one engine cannot load, is listed, not failed.

    run.py --corpus-gen BIN --seres-validate BIN --source DIR --shared DIR [--count N] [--seed S]
           [--jobs J] [--engine NAME] [--work DIR] [--keep]

Exit: 0 verdicts equal (or every difference known), 1 a difference, 77 ../shared absent (nothing
run: the schemas there are most of the test), 2 usage."""
import argparse, concurrent.futures, fnmatch, glob, json, os, re, shutil, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ap.add_argument("--corpus-gen", required=True)
ap.add_argument("--seres-validate", required=True)
ap.add_argument("--source", required=True, help="the project's source tree (its corpus/ is read)")
ap.add_argument("--shared", required=True, help="the shared/ folder beside the project")
ap.add_argument("--count", type=int, default=100, help="generated documents per schema (default 100)")
ap.add_argument("--seed", type=int, default=2020)
ap.add_argument("--jobs", type=int, default=2, help="schemas checked at once (default 2)")
ap.add_argument("--engine", default="compiled", help="the engine under test (default compiled)")
ap.add_argument("--reference", default="xerces", help="the engine it is held to (default xerces)")
ap.add_argument("--known", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "known-differences.txt"))
ap.add_argument("--work", default=None, help="where documents go (default: a temporary folder, removed)")
ap.add_argument("--keep", action="store_true", help="keep the work folder")
ap.add_argument("--only", default="*", help="glob over schema names (relative paths) to check")
args = ap.parse_args()

source, shared = os.path.abspath(args.source), os.path.abspath(args.shared)
real_dir, altinn_dir = os.path.join(shared, "corpus", "seres-real"), os.path.join(shared, "reference", "altinn")
for d in (real_dir, altinn_dir):
    if not os.path.isdir(d):
        print(f"skipped: {d} is absent")
        sys.exit(77)


def load_known(path):
    """known-differences.txt: one difference a line, four tab-separated fields: schema glob (over
    the schema's name as listed, e.g. seres-real/RR-0002_1266_51820/*.xsd), document glob (over the
    document's file name, or `fault:<kind>` for a generated document with that fault), the spec
    clause that shows Xerces wrong, and one line why. '#' starts a comment line."""
    known = []
    if not os.path.exists(path):
        return known
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 4 or not all(x.strip() for x in fields):
                sys.exit(f"{path}:{n}: want 4 tab-separated fields (schema glob, document glob, clause, why)")
            known.append(dict(schema=fields[0], doc=fields[1], clause=fields[2], why=fields[3], line=n, used=0))
    return known


def schemas():
    """(listed name, path, real documents) for every schema, in a fixed order."""
    out = []
    for x in sorted(glob.glob(os.path.join(source, "corpus", "**", "*.xsd"), recursive=True)):
        out.append(("corpus/" + os.path.relpath(x, os.path.join(source, "corpus")), x))
    for x in sorted(glob.glob(os.path.join(real_dir, "*", "*.xsd"))):
        out.append(("seres-real/" + os.path.relpath(x, real_dir), x))
    for x in sorted(glob.glob(os.path.join(altinn_dir, "*.xsd"))):
        out.append(("altinn/" + os.path.basename(x), x))
    listed = []
    for name, path in out:
        if not fnmatch.fnmatch(name, args.only):
            continue
        folder = os.path.dirname(path)
        # The real documents beside a schema: in seres-real a folder per form holds the form's
        # schema and its documents; elsewhere folders hold schemas of several forms, so a document
        # counts only when it names the schema's target namespace (or the schema has none).
        docs = sorted(glob.glob(os.path.join(folder, "*.xml")))
        if not name.startswith("seres-real/") and docs:
            m = re.search(rb'targetNamespace\s*=\s*"([^"]*)"', open(path, "rb").read())
            if m:
                docs = [d for d in docs if m.group(1) in open(d, "rb").read()]
        listed.append((name, path, docs))
    return listed


def validate(engine, schema, docs, work):
    lst = os.path.join(work, f"list-{engine}.txt")
    with open(lst, "w", encoding="utf-8") as f:
        f.write("".join(d + "\n" for d in docs))
    run = subprocess.run([args.seres_validate, "-q", "-f", "jsonl", "-e", engine, "-j", "1", "-s", schema, "@" + lst],
                         capture_output=True, text=True, errors="replace")
    verdicts = {}
    for line in run.stdout.splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            continue
        if r.get("type") == "document":
            verdicts[r["file"]] = r
    return run.returncode, verdicts, run.stdout + run.stderr


def first_finding(r):
    for d in r.get("diagnostics", []):
        if d.get("severity") in ("error", "fatal"):
            return f"[{d.get('code')}] {d.get('line', '?')}:{d.get('column', '?')} {d.get('message', '')[:160]}"
    return "no finding"


def check(item):
    """One schema: returns (status, lines to print, documents compared, differences, fault kinds).
    Statuses: ok, differs, not-covered, not-loaded (by either engine), loaded-by-one, nothing."""
    name, schema, real_docs = item
    work = os.path.join(root_work, re.sub(r"[^A-Za-z0-9_.-]", "_", name))
    os.makedirs(work, exist_ok=True)
    gen_dir = os.path.join(work, "gen")
    truth, notes = {}, []
    g = subprocess.run([args.corpus_gen, "instances", "-s", schema, "--seed", str(args.seed), "--count", str(args.count),
                        "--invalid-ratio", "0.5", "-o", gen_dir], capture_output=True, text=True, errors="replace")
    if g.returncode == 0 and os.path.exists(os.path.join(gen_dir, "ground-truth.tsv")):
        with open(os.path.join(gen_dir, "ground-truth.tsv"), encoding="utf-8") as f:
            next(f)
            for line in f:
                cols = line.rstrip("\n").split("\t")
                truth[os.path.join(gen_dir, cols[0])] = cols[2] if len(cols) > 2 else ""
    else:
        why = (g.stderr.strip().splitlines() or ["no message"])[-1]
        notes.append(f"no generated documents (corpus-gen exit {g.returncode}: {why[:120]})")
    docs = sorted(truth) + real_docs
    if not docs:
        return "nothing", [f"-- {name}: nothing to validate ({'; '.join(notes)})"], 0, 0, set()
    rc_t, test, out_t = validate(args.engine, schema, docs, work)
    rc_r, ref, out_r = validate(args.reference, schema, docs, work)
    if "schema-not-compiled" in out_t:
        m = re.search(r"[^\n]*schema-not-compiled[^\n]*", out_t)
        return "not-covered", [f"-- {name}: not covered by the {args.engine} engine: {m.group(0)[:240]}"], 0, 0, set()
    if not test or not ref:
        # A schema that one engine cannot load (exit 4): listed, the verdicts of the other unused.
        who = [e for e, v, rc, o in ((args.engine, test, rc_t, out_t), (args.reference, ref, rc_r, out_r)) if not v]
        detail = "; ".join(f"{e} exit {rc}: {(o.strip().splitlines() or ['no output'])[-1][:160]}"
                           for e, v, rc, o in ((args.engine, test, rc_t, out_t), (args.reference, ref, rc_r, out_r))
                           if not v)
        # Listed, not failed: with one engine's verdicts alone there is nothing to compare (a schema
        # the engine under test cannot load is the schema reader's business, tested on its own).
        status = "not-loaded" if len(who) == 2 else "loaded-by-one"
        what = "no engine loads the schema" if len(who) == 2 else f"{who[0]} does not load the schema"
        return status, [f"-- {name}: {what} ({detail})"], 0, 0, set()
    lines, diffs, compared = [], 0, 0
    kinds = {k for k in truth.values() if k}
    for doc in docs:
        t, r = test.get(doc), ref.get(doc)
        if t is None or r is None:
            lines.append(f"FAIL {name}: {os.path.basename(doc)}: no verdict from "
                         f"{args.engine if t is None else args.reference}")
            diffs += 1
            continue
        compared += 1
        disagree = [d for d in t.get("diagnostics", []) if d.get("code") == "engines-disagree"]
        if disagree:
            lines.append(f"FAIL {name}: {os.path.basename(doc)}: engines-disagree: {disagree[0].get('message', '')[:240]}")
            diffs += 1
        if t["verdict"] == r["verdict"]:
            continue
        fault = truth.get(doc, "")
        keys = [os.path.basename(doc)] + ([f"fault:{fault}"] if fault else [])
        hit = next((k for k in known if fnmatch.fnmatch(name, k["schema"]) and any(fnmatch.fnmatch(x, k["doc"]) for x in keys)),
                   None)
        if hit:
            hit["used"] += 1
            continue
        diffs += 1
        lines.append(f"FAIL {name}: {os.path.basename(doc)}" + (f" (fault {fault})" if fault else " (real document)")
                     + f": {args.engine} {t['verdict']}, {args.reference} {r['verdict']}\n"
                     f"     {args.engine}: {first_finding(t)}\n     {args.reference}: {first_finding(r)}")
    invalid = sum(1 for r in ref.values() if r["verdict"] != "valid")
    # A valid verdict names the engine that gave it: the compiled engine, or libxml2 where the
    # compiled engine handed the document over (xsi:type and the like).
    valid_t = [r for r in test.values() if r["verdict"] == "valid"]
    handed = sum(1 for r in valid_t if r.get("engine") != args.engine)
    head = (f"{'ok' if not diffs else 'FAIL'} {name}: {compared} documents ({len(truth)} generated, "
            f"{len(real_docs)} real; {invalid} invalid for {args.reference}; faults: {', '.join(sorted(kinds)) or 'none'}"
            + (f"; {handed} of {len(valid_t)} valid verdicts by another engine" if handed else "") + ")"
            + (f"; {'; '.join(notes)}" if notes else ""))
    return ("differs" if diffs else "ok"), [head] + lines[:20] + \
        ([f"     ... {len(lines) - 20} more"] if len(lines) > 20 else []), compared, diffs, kinds


# A build whose seres-validate does not know the engine (exit 2, usage) has nothing to compare.
probe = subprocess.run([args.seres_validate, "-q", "-e", args.engine, "-s", os.path.join(
    source, "corpus", "seres-validate", "schemas", "Testdomene_Ansattmelding_M_9001_10001.xsd"), os.devnull],
                       capture_output=True, text=True)
if probe.returncode == 2:
    print(f"skipped: seres-validate has no engine {args.engine!r} ({probe.stderr.strip()[:120]})")
    sys.exit(77)
known = load_known(args.known)
root_work = os.path.abspath(args.work) if args.work else tempfile.mkdtemp(prefix="altkit-differential-")
os.makedirs(root_work, exist_ok=True)
start = time.monotonic()
items = schemas()
tally = {}
total_docs = total_diffs = 0
all_kinds = set()
try:
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for status, lines, compared, diffs, kinds in pool.map(check, items):
            print("\n".join(lines), flush=True)
            tally[status] = tally.get(status, 0) + 1
            total_docs += compared
            total_diffs += diffs
            all_kinds |= kinds
finally:
    if not args.work and not args.keep:
        shutil.rmtree(root_work, ignore_errors=True)
used = sum(k["used"] for k in known)
print(f"\n{len(items)} schemas: " + ", ".join(f"{n} {s}" for s, n in sorted(tally.items()))
      + f"; {total_docs} documents compared ({args.engine} vs {args.reference}), {total_diffs} unexplained "
      f"difference(s), {used} known; fault kinds seen: {', '.join(sorted(all_kinds)) or 'none'}; "
      f"{time.monotonic() - start:.0f} s")
for k in known:
    if not k["used"]:
        print(f"note: known difference at line {k['line']} ({k['schema']} {k['doc']}) did not occur")
if not tally.get("ok") and not tally.get("differs"):
    print("FAIL: no schema was compared")
    sys.exit(1)
sys.exit(1 if total_diffs else 0)
