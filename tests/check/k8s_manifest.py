#!/usr/bin/env python3
"""The Kubernetes Indexed Job of deploy/kubernetes: valid YAML of a batch/v1 Job whose pods map
JOB_COMPLETION_INDEX 0..N-1 to --shard 1/N..N/N, with reports on the mounted results volume.
The pod's shell command is run (with a stand-in corpus-check that records its arguments) for
every index.
   k8s_manifest.py <manifest.yaml>"""
import os
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:  # python3-yaml (scripts/setup-deps.sh installs it)
    print("skipped: python3-yaml is absent")
    sys.exit(77)

failed = 0


def check(cond, what):
    global failed
    print(("ok: " if cond else "FAIL: ") + what)
    failed |= not cond


with open(sys.argv[1]) as f:
    docs = list(yaml.safe_load_all(f))
check(len(docs) == 1, "one YAML document")
job = docs[0]
check(job.get("apiVersion") == "batch/v1" and job.get("kind") == "Job", "a batch/v1 Job")
spec = job["spec"]
check(spec.get("completionMode") == "Indexed", "completionMode: Indexed")
n = spec.get("completions")
check(isinstance(n, int) and n > 0 and spec.get("parallelism") == n, f"completions = parallelism = {n}")
pod = spec["template"]["spec"]
check(pod.get("restartPolicy") == "Never", "restartPolicy: Never (retries are the Job's)")
(container,) = pod["containers"]
env = {e["name"]: e["value"] for e in container.get("env", [])}
check(env.get("SHARDS") == str(n), f"SHARDS = completions ({env.get('SHARDS')})")
mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
volumes = {v["name"] for v in pod["volumes"]}
check("/out" in mounts and mounts["/out"] in volumes, "reports go to a mounted volume at /out")
check(all(name in volumes for name in mounts.values()), "every mount names a volume")

command = container["command"]
check(command[:2] == ["sh", "-c"] and len(command) == 3, "command is sh -c SCRIPT")
with tempfile.TemporaryDirectory() as tmp:
    stub = os.path.join(tmp, "corpus-check")
    with open(stub, "w") as f:
        f.write('#!/bin/sh\nprintf "%s\\n" "$@" > "$ARGS_FILE"\nexit "${STUB_RC:-0}"\n')
    os.chmod(stub, 0o755)
    shards = set()
    for index in range(n):
        args_file = os.path.join(tmp, f"args-{index}")
        run_env = dict(os.environ, PATH=tmp + ":" + os.environ["PATH"], JOB_COMPLETION_INDEX=str(index),
                       ARGS_FILE=args_file, **env)
        rc = subprocess.run(["sh", "-c", command[2]], env=run_env).returncode
        args = open(args_file).read().split("\n")
        shard = args[args.index("--shard") + 1]
        shards.add(shard)
        k = shard.split("/")[0]
        check(rc == 0 and args[args.index("--report") + 1] == f"/out/shard-{k}.jsonl" and
              args[args.index("--journal") + 1] == f"/out/journal-{k}.jsonl",
              f"index {index}: --shard {shard}, report and journal in /out")
    check(shards == {f"{k}/{n}" for k in range(1, n + 1)}, f"the {n} pods take the {n} shards once each")
    for rc, want in ((1, 0), (3, 3)):
        run_env = dict(os.environ, PATH=tmp + ":" + os.environ["PATH"], JOB_COMPLETION_INDEX="0",
                       ARGS_FILE=os.path.join(tmp, "x"), STUB_RC=str(rc), **env)
        got = subprocess.run(["sh", "-c", command[2]], env=run_env).returncode
        check(got == want, f"corpus-check exit {rc}: the pod exits {want}")
sys.exit(1 if failed else 0)
