#!/usr/bin/env bash
# corpus-check under a real Slurm: a single-node cluster on localhost (Debian's slurm-wlm and
# munge), started here and stopped at the end, runs deploy/slurm/check.sbatch as an array of 3
# shards; merge then gives the report and summary of one run over everything.
# Runs as root (as CI does): munged, slurmctld and slurmd run in the foreground of this script,
# with a private munge socket and key and ports of their own, so nothing of the machine's is used.
#   slurm.sh <corpus-check> <corpus-gen> <schema.xsd> <repo>
set -u
check=$1 gen=$2 schema=$3 repo=$4
for tool in munged slurmctld slurmd sbatch scontrol; do
  command -v "$tool" > /dev/null || { echo "skipped: $tool is absent (scripts/setup-deps.sh installs slurm-wlm and munge)"; exit 77; }
done
[ "$(id -u)" = 0 ] || { echo "skipped: a single-node Slurm needs root here"; exit 77; }

work=$(mktemp -d /tmp/altkit-slurm.XXXXXX)
chmod 755 "$work"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap stop EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
die() { echo "FAIL: $1"; for f in "$work"/*.log; do echo "--- $f"; tail -20 "$f"; done; exit 1; }

# munge: a key of its own and a socket in $work (no /run/munge, no system service).
mkdir -p "$work/munge" && chmod 711 "$work/munge"
mungekey --create --keyfile="$work/munge/munge.key" 2>/dev/null ||
  dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$work/munge/munge.key"
munged --foreground --force --socket="$work/munge/sock" --key-file="$work/munge/munge.key" \
  --pid-file="$work/munge/pid" --seed-file="$work/munge/seed" --log-file="$work/munged.log" 2>> "$work/munged.log" &
pids+=($!)

host=$(hostname -s)
port=$((20000 + RANDOM % 20000))
mkdir -p "$work/state" "$work/spool" "$work/out"
cat > "$work/slurm.conf" <<CONF
ClusterName=altkit-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/sock
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=10 State=UP
CONF
export SLURM_CONF=$work/slurm.conf

# The corpus and one run over everything, to compare with.
"$gen" instances -s "$schema" --seed 11 --count 900 --invalid-ratio 0.1 -o "$work/corpus" 2>/dev/null
"$check" -q -j 2 -s "$schema" --report "$work/all.jsonl" "$work/corpus"
all_rc=$?

for _ in $(seq 50); do [ -S "$work/munge/sock" ] && break; sleep 0.1; done
[ -S "$work/munge/sock" ] || die "munged did not start"
slurmctld -D -i -f "$SLURM_CONF" > "$work/slurmctld.out.log" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$host" > "$work/slurmd.out.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)' && break
  sleep 0.2
done
sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)' || die "the node did not come up: $(sinfo 2>&1)"
ok "a single-node Slurm is up ($host, port $port)"

export SCHEMA=$schema CORPUS=$work/corpus OUT=$work/out SHARDS=3 CORPUS_CHECK=$check
job=$(timeout 150 sbatch --parsable --wait --array=1-3 --cpus-per-task=1 --export=ALL \
  --output="$work/task-%a.log" "$repo/deploy/slurm/check.sbatch")
rc=$?
[ "$rc" = 0 ] && ok "sbatch --array=1-3 job $job ran its 3 shards" || die "sbatch --wait exited $rc"

"$check" merge --report "$work/merged.jsonl" "$work/out"/shard-{1,2,3}.jsonl > "$work/merged.txt"
merge_rc=$?
[ "$merge_rc" = "$all_rc" ] && ok "merge exits $merge_rc, as the single run" ||
  bad "merge exits $merge_rc, the single run $all_rc"
cmp -s "$work/all.jsonl" "$work/merged.jsonl" && ok "the merged report equals the single run's byte for byte" ||
  bad "the merged report differs: $(diff "$work/all.jsonl" "$work/merged.jsonl" | head -5)"
n=$(grep -c '"type":"document"' "$work/merged.jsonl")
[ "$n" = 900 ] && ok "900 documents in the merged report" || bad "$n documents in the merged report"
exit $fail
