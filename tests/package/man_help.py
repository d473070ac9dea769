#!/usr/bin/env python3
"""The manual against the tools (issue 19, item 3).

  man_help.py options  TOOL_DIR MAN_DIR TOOL...   every option in --help (and in each subcommand's
                                                  --help) is documented in the tool's man page, and
                                                  every option the page documents is in --help
  man_help.py examples TOOL_DIR MAN_DIR PROJECT TOOL...
                                                  --help ends with 2 or 3 examples, each also in the
                                                  page's EXAMPLES, and each runs: in a fixture folder
                                                  made from corpus/, exit 0 or 1 (findings)
  man_help.py codes    MAN_DIR CODES_HPP          altkit(7) lists exactly the finding codes of the
                                                  registry (read from the header's source here)

Options documented = the bold words starting with '-' on the term lines (a line followed by .RS)
of the OPTIONS and COMMANDS sections of the roff scdoc wrote.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run_help(exe, *sub):
    r = subprocess.run([exe, *sub, "--help"], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"{os.path.basename(exe)} {' '.join(sub)} --help: exit {r.returncode}")
    return r.stdout


def sections(text):
    """Help text -> {section title: [lines]}."""
    out, current = {}, None
    for line in text.splitlines():
        if re.match(r"^[A-Z][A-Za-z ]*:$", line):
            current = line[:-1]
            out[current] = []
        elif current:
            out[current].append(line)
    return out


def help_options(text):
    opts = set()
    for line in sections(text).get("Options", []):
        m = re.match(r"^  (-[^ ]+)", line)
        if m:
            opts.update(m.group(1).split(","))
    return opts


def subcommands(text):
    return [m.group(1) for line in sections(text).get("Subcommands", []) if (m := re.match(r"^  ([a-z][\w-]*)", line))]


def roff_sections(roff):
    out, current = {}, None
    for line in roff.splitlines():
        if line.startswith(".SH "):
            current = line[4:].strip().strip('"')
            out[current] = []
        elif current:
            out[current].append(line)
    return out


def plain(roff_line):
    s = re.sub(r"\\f[BIRP]", "", roff_line)
    return s.replace("\\&", "").replace("\\-", "-").replace("\\e", "\\")


def man_options(roff):
    opts = set()
    secs = roff_sections(roff)
    for name in ("OPTIONS", "COMMANDS"):
        lines = secs.get(name, [])
        for i, line in enumerate(lines[:-1]):
            if lines[i + 1].startswith(".RS") and not line.startswith("."):
                opts.update(re.findall(r"\\fB(-[^\\ ]*)\\fR", line))
    return opts


def read_page(man_dir, tool, section):
    path = os.path.join(man_dir, f"{tool}.{section}")
    if not os.path.exists(path):
        fail(f"{tool}: no man page {path} (docs/man/{tool}.{section}.scd)")
        return None
    with open(path, encoding="utf-8") as f:
        return f.read()


def check_options(tool_dir, man_dir, tools):
    for tool in tools:
        exe = os.path.join(tool_dir, tool)
        text = run_help(exe)
        in_help = help_options(text)
        for sub in subcommands(text):
            in_help |= help_options(run_help(exe, sub))
        roff = read_page(man_dir, tool, "1")
        if roff is None:
            continue
        in_man = man_options(roff)
        missing = sorted(in_help - in_man)
        stale = sorted(in_man - in_help)
        for o in missing:
            fail(f"{tool}: {o} is in --help but not in OPTIONS/COMMANDS of {tool}(1)")
        for o in stale:
            fail(f"{tool}: {tool}(1) documents {o}, which --help does not have")
        if not missing and not stale:
            print(f"ok: {tool}: the {len(in_help)} options of --help are those of {tool}(1)")


def help_examples(text):
    lines = text.splitlines()
    if "Examples:" not in lines:
        return []
    after = lines[lines.index("Examples:") + 1:]
    return [l[4:] for l in after if l.startswith("  $ ")]


def make_fixture(root, project, tool_dir):
    """The files the examples name, from corpus/."""
    sv = os.path.join(project, "corpus", "seres-validate")
    shutil.copy(os.path.join(sv, "schemas", "Testdomene_Ansattmelding_M_9001_10001.xsd"), os.path.join(root, "Skjema.xsd"))
    shutil.copy(os.path.join(sv, "docs", "valid.xml"), os.path.join(root, "form.xml"))
    shutil.copytree(os.path.join(sv, "schemas"), os.path.join(root, "schemas"))
    os.mkdir(os.path.join(root, "incoming"))
    for doc in ("valid.xml", "invalid.xml", "valid-v10002.xml"):
        shutil.copy(os.path.join(sv, "docs", doc), os.path.join(root, "incoming", doc))
    subprocess.run([os.path.join(tool_dir, "corpus-gen"), "altut", "--seed", "3", "--files", "2", "--messages", "4",
                    "-o", os.path.join(root, "altut")], check=True, capture_output=True)
    shutil.move(os.path.join(root, "altut", "service-map.csv"), os.path.join(root, "service-map.csv"))
    # confirmations-convert: Altinn II files in confirmations/, Altinn 3 details in details/, their resource map
    conf = os.path.join(project, "corpus", "confirmations", "inputs")
    for folder, names in (("confirmations", ("nve-2009-10.xml", "patentstyret-2010-10.xml")),
                          ("details", ("altinn3-details.json", "altinn3-export.jsonl"))):
        os.mkdir(os.path.join(root, folder))
        for name in names:
            shutil.copy(os.path.join(conf, name), os.path.join(root, folder, name))
    shutil.copy(os.path.join(conf, "resources.csv"), os.path.join(root, "resources.csv"))


def check_examples(tool_dir, man_dir, project, tools):
    work = tempfile.mkdtemp(prefix="altkit-examples-")
    try:
        fixture = os.path.join(work, "fixture")
        os.mkdir(fixture)
        make_fixture(fixture, project, tool_dir)
        env = dict(os.environ, PATH=tool_dir + os.pathsep + os.environ.get("PATH", ""))
        for tool in tools:
            examples = help_examples(run_help(os.path.join(tool_dir, tool)))
            if not 2 <= len(examples) <= 3:
                fail(f"{tool}: --help ends with {len(examples)} examples, not 2 or 3")
            roff = read_page(man_dir, tool, "1") or ""
            man_text = "\n".join(plain(l) for l in roff_sections(roff).get("EXAMPLES", []))
            for n, cmd in enumerate(examples, 1):
                if not re.search(r"(^|\| )" + re.escape(tool) + " ", cmd):
                    fail(f"{tool}: example '{cmd}' does not run {tool}")
                if cmd not in man_text:
                    fail(f"{tool}: example '{cmd}' is not in the EXAMPLES of {tool}(1)")
                where = os.path.join(work, f"{tool}-{n}")
                shutil.copytree(fixture, where)
                r = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=where, env=env, capture_output=True,
                                   text=True, timeout=120)
                if r.returncode in (0, 1):
                    print(f"ok: {tool}: '{cmd}' runs (exit {r.returncode})")
                else:
                    fail(f"{tool}: '{cmd}' exit {r.returncode} in the fixture (0 or 1 expected):\n{r.stderr[-2000:]}")
    finally:
        shutil.rmtree(work)


def check_codes(man_dir, header):
    with open(header, encoding="utf-8") as f:
        codes = re.findall(r'^\s*\{"([a-z0-9-]+)", ExitCode::', f.read(), re.M)
    if not codes:
        fail(f"no codes found in {header}")
    roff = read_page(man_dir, "altkit", "7")
    if roff is None:
        return
    listed = []
    lines = roff_sections(roff).get("FINDING CODES", [])
    for i, line in enumerate(lines[:-1]):
        if lines[i + 1].startswith(".RS") and (m := re.match(r"^\\fB([a-z0-9-]+)\\fR \(", line)):
            listed.append(m.group(1))
    if sorted(listed) != sorted(codes):
        fail(f"altkit(7) lists {sorted(set(listed) - set(codes))} not in the registry and misses "
             f"{sorted(set(codes) - set(listed))}")
    elif len(listed) != len(set(listed)):
        fail("altkit(7) lists a code twice")
    else:
        print(f"ok: altkit(7) lists the {len(codes)} finding codes of the registry")


def main(argv):
    mode = argv[1]
    if mode == "options":
        check_options(argv[2], argv[3], argv[4:])
    elif mode == "examples":
        check_examples(argv[2], argv[3], argv[4], argv[5:])
    elif mode == "codes":
        check_codes(argv[2], argv[3])
    else:
        print("unknown mode " + mode)
        return 2
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
