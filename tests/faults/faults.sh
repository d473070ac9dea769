#!/usr/bin/env bash
# Fault tests (SECURITY.md): what the tools do when the world misbehaves. One scenario per call:
#   faults.sh <scenario> <tools dir> <project dir>
# scenarios:
#   full-disk    outputs to a full file system (a 64 KiB tmpfs, or ulimit -f where mounting is not
#                allowed) and to /dev/full: exit 5, the path named, nothing half-written left
#   unreadable   an input without read permission, a dangling symlink, a folder that cannot be
#                listed: exit 3, each named, every other input still checked and counted
#   vanishing    a listed file deleted before it is read, and a stream cut mid-document (a FIFO):
#                exit 3 with file, line and column, the rest accounted for
#   signals      SIGINT/SIGTERM during corpus-check --report --journal and replyref-rewrite -o:
#                exit 130, no report or output file, the journal whole; a rerun completes
#   kill9        kill -9 during altut-convert: no output file half-written (none at all for the
#                batch in progress); the same command again finishes with the bytes of a clean run
set -u
scenario=$1
T=$(cd "$2" && pwd)
P=$(cd "$3" && pwd)
work=$(mktemp -d)
mounted=""
cleanup() {
  [ -n "$mounted" ] && umount "$mounted" 2>/dev/null
  chmod -R u+rwX "$work" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
schema=$P/corpus/seres-validate/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd
valid=$P/corpus/seres-validate/docs/valid.xml
# expect NAME WANTED_RC: checks the rc of the last run() and that stderr says what it must.
run() {
  rc=0
  "$@" >"$work/stdout" 2>"$work/stderr" || rc=$?
}
expect_rc() {
  if [ "$rc" = "$2" ]; then ok "$1: exit $rc"; else bad "$1: exit $rc, wanted $2"; sed -n 1,20p "$work/stderr"; fi
}
expect_err() {
  if grep -qF -- "$2" "$work/stderr"; then ok "$1: stderr names '$2'"; else bad "$1: stderr lacks '$2'"; sed -n 1,20p "$work/stderr"; fi
}
expect_no_files() {
  local left
  left=$(find "$2" -type f 2>/dev/null | head -5)
  if [ -z "$left" ]; then ok "$1: nothing left in $(basename "$2")"; else bad "$1: left behind: $left"; fi
}

case "$scenario" in
full-disk)
  disk=$work/disk
  mkdir -p "$disk"
  mode=ulimit
  if [ -z "${ALTKIT_FAULTS_NO_MOUNT:-}" ] && [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k altkit-full "$disk" 2>/dev/null; then
    mounted=$disk
    mode=tmpfs
  fi
  echo "full disk simulated with: $mode"
  # Under ulimit -f, a write past 64 KiB fails with EFBIG (SIGXFSZ is ignored, as a full disk
  # would fail with ENOSPC); inputs are read from outside $disk either way.
  limited() {
    if [ "$mode" = ulimit ]; then (trap '' XFSZ; ulimit -f 64; exec "$@"); else "$@"; fi
  }
  "$T/corpus-gen" instances -s "$schema" --seed 3 --count 400 --invalid-ratio 1 -o "$work/docs" >/dev/null 2>&1
  python3 "$P/benchmarks/replyref/gen_altut.py" $((512 * 1024)) "$work/big.xml" "$work/map.csv" >/dev/null

  run limited "$T/seres-validate" -q --schema "$schema" --report "$disk/report.jsonl" "$work/docs"
  expect_rc "seres-validate --report on a full disk" 5
  expect_err "seres-validate --report on a full disk" "$disk/report.jsonl"
  expect_no_files "seres-validate --report on a full disk" "$disk"

  run limited "$T/corpus-check" -q --schema "$schema" --report "$disk/report.jsonl" "$work/docs"
  expect_rc "corpus-check --report on a full disk" 5
  expect_err "corpus-check --report on a full disk" "$disk/report.jsonl"
  expect_no_files "corpus-check --report on a full disk" "$disk"

  run limited "$T/altut-convert" -q --map "$work/map.csv" -o "$disk/out" "$work/big.xml"
  expect_rc "altut-convert -o on a full disk" 5
  expect_err "altut-convert -o on a full disk" "$disk/out/big.correspondences.xml"
  expect_no_files "altut-convert -o on a full disk" "$disk"

  run limited "$T/replyref-rewrite" --map "$work/map.csv" -o "$disk/out" "$work/big.xml"
  expect_rc "replyref-rewrite -o on a full disk" 5
  expect_err "replyref-rewrite -o on a full disk" "$disk/out/big.xml"
  expect_no_files "replyref-rewrite -o on a full disk" "$disk"

  run sh -c '"$0" --schema "$1" --format jsonl "$2" > /dev/full' "$T/seres-validate" "$schema" "$valid"
  expect_rc "seres-validate report to /dev/full" 5
  expect_err "seres-validate report to /dev/full" "standard output: cannot write"
  run sh -c '"$0" --schema "$1" --report - "$2" > /dev/full' "$T/corpus-check" "$schema" "$valid"
  expect_rc "corpus-check report to /dev/full" 5
  run sh -c '"$0" --map "$1" "$2" > /dev/full' "$T/replyref-rewrite" "$work/map.csv" "$work/big.xml"
  expect_rc "replyref-rewrite output to /dev/full" 5
  ;;

unreadable)
  mkdir -p "$work/in"
  cp "$valid" "$work/in/a-good.xml"
  cp "$valid" "$work/in/b-noperm.xml"
  chmod 000 "$work/in/b-noperm.xml"
  ln -s "$work/in/gone.xml" "$work/in/c-dangling.xml"
  mkdir "$work/in/e-locked"
  cp "$valid" "$work/in/e-locked/x.xml"
  chmod 000 "$work/in/e-locked"
  cp "$P/corpus/altut/inputs/complete.xml" "$work/altut-noperm.xml"
  chmod 000 "$work/altut-noperm.xml"
  # root reads anything: drop the capabilities that let it, so permissions count.
  as_user() {
    if [ "$(id -u)" = 0 ]; then
      setpriv --inh-caps=-dac_override,-dac_read_search --bounding-set=-dac_override,-dac_read_search "$@"
    else
      "$@"
    fi
  }
  run as_user "$T/seres-validate" --schema "$schema" "$work/in"
  expect_rc "seres-validate on unreadable files" 3
  expect_err "seres-validate on unreadable files" "b-noperm.xml"
  expect_err "seres-validate on unreadable files" "c-dangling.xml"
  expect_err "seres-validate on unreadable files" "e-locked"
  expect_err "seres-validate on unreadable files" "4 documents: 1 valid, 0 invalid, 3 unreadable"

  run as_user "$T/corpus-check" --schema "$schema" --report "$work/r.jsonl" "$work/in"
  expect_rc "corpus-check over a folder with unreadable files" 3
  n=$(grep -c '"type":"document"' "$work/r.jsonl" 2>/dev/null)
  u=$(grep -c '"verdict":"unreadable"' "$work/r.jsonl" 2>/dev/null)
  v=$(grep -c '"verdict":"valid"' "$work/r.jsonl" 2>/dev/null)
  if [ "$v" = 1 ] && [ "$u" = 3 ] && [ "$n" = 4 ]; then
    ok "corpus-check: the readable file checked ($v valid), the unreadable reported ($u of $n)"
  else
    bad "corpus-check report: $n documents, $v valid, $u unreadable"; cat "$work/r.jsonl"
  fi

  run as_user "$T/altut-convert" --dry-run "$work/altut-noperm.xml" "$P/corpus/altut/inputs/complete.xml"
  expect_rc "altut-convert on an unreadable file" 3
  expect_err "altut-convert on an unreadable file" "altut-noperm.xml"
  expect_err "altut-convert on an unreadable file" "2 files"

  run as_user "$T/replyref-rewrite" --map "$P/corpus/replyref/data/service-map.csv" -o "$work/out" "$work/altut-noperm.xml"
  expect_rc "replyref-rewrite on an unreadable file" 3
  expect_err "replyref-rewrite on an unreadable file" "altut-noperm.xml"
  expect_no_files "replyref-rewrite on an unreadable file" "$work/out"
  ;;

vanishing)
  mkdir -p "$work/in"
  for f in a b c; do cp "$valid" "$work/in/$f.xml"; done
  # b.xml exists when the run starts and is gone by the time it is read.
  { printf '%s\n' "$work/in/a.xml"; rm -f "$work/in/b.xml"; printf '%s\n' "$work/in/b.xml" "$work/in/c.xml"; } \
    | "$T/corpus-check" --schema "$schema" --stdin-list --report "$work/r.jsonl" >"$work/stdout" 2>"$work/stderr"
  rc=$?
  expect_rc "corpus-check, a listed file deleted mid-run" 3
  if [ "$(grep -c '"type":"document"' "$work/r.jsonl")" = 3 ] && grep '"verdict":"unreadable"' "$work/r.jsonl" | grep -q "b.xml"; then
    ok "corpus-check: 3 documents accounted for, b.xml unreadable"
  else
    bad "corpus-check report:"; cat "$work/r.jsonl"
  fi

  # A stream cut in the middle of a document: a FIFO whose writer stops after 300 bytes.
  mkfifo "$work/cut.xml"
  (head -c 300 "$valid" >"$work/cut.xml") &
  run "$T/seres-validate" --schema "$schema" "$work/cut.xml"
  wait
  expect_rc "seres-validate, input cut mid-document" 3
  if grep -qE "cut.xml:[0-9]+:[0-9]+: fatal error" "$work/stderr"; then ok "seres-validate names file, line and column"; else bad "no position:"; cat "$work/stderr"; fi

  (head -c 700 "$P/corpus/replyref/data/altut.xml" >"$work/cut.xml") &
  run "$T/replyref-rewrite" --map "$P/corpus/replyref/data/service-map.csv" -o "$work/out" "$work/cut.xml"
  wait
  expect_rc "replyref-rewrite, input cut mid-document" 3
  expect_no_files "replyref-rewrite, input cut mid-document" "$work/out"

  (head -c 900 "$P/corpus/altut/inputs/complete.xml" >"$work/cut.xml") &
  run "$T/altut-convert" -o "$work/out2" "$work/cut.xml"
  wait
  expect_rc "altut-convert, input cut mid-document" 3
  expect_no_files "altut-convert, input cut mid-document" "$work/out2"
  ;;

signals)
  "$T/corpus-gen" instances -s "$schema" --seed 4 --count 300 --invalid-ratio 0.1 -o "$work/docs" >/dev/null 2>&1
  ls "$work"/docs/*.xml | sort >"$work/list"
  "$T/corpus-check" -q -j 2 --schema "$schema" --report "$work/clean.jsonl" --stdin-list <"$work/list"
  clean_rc=$?
  for sig in INT TERM; do
    rm -f "$work/r.jsonl" "$work/journal"
    # The list arrives slowly, so the run is certainly in the middle when the signal comes.
    (while read -r f; do echo "$f"; sleep 0.01; done <"$work/list") |
      "$T/corpus-check" -q -j 2 --schema "$schema" --report "$work/r.jsonl" --journal "$work/journal" --stdin-list \
        >"$work/stdout" 2>"$work/stderr" &
    pid=$!
    sleep 1.5
    kill -s "$sig" "$pid"
    wait "$pid"
    rc=$?
    expect_rc "corpus-check SIG$sig" 130
    pid_rc=$(grep -c . "$work/journal" 2>/dev/null)
    if [ -e "$work/r.jsonl" ]; then bad "corpus-check SIG$sig: a report was left"; else ok "corpus-check SIG$sig: no report file"; fi
    if python3 - "$work/journal" <<'EOF'; then ok "corpus-check SIG$sig: journal whole ($pid_rc lines)"; else bad "corpus-check SIG$sig: journal damaged"; fi
import json, sys
# Journal lines are "<FNV-1a 64 of the JSON, 16 hex digits> <JSON>"; the first is the header.
def fnv1a(b):
    h = 0xcbf29ce484222325
    for c in b:
        h = ((h ^ c) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h
lines = open(sys.argv[1], "rb").read().split(b"\n")
assert lines[-1] == b"", "last line unterminated"
assert len(lines) > 1, "empty journal"
for l in lines[:-1]:
    check, text = l.split(b" ", 1)
    assert check.decode() == fnv1a(text), "check sum"
    json.loads(text)
assert json.loads(lines[0].split(b" ", 1)[1])["type"] == "journal", "no header"
EOF
    run "$T/corpus-check" -q -j 2 --schema "$schema" --report "$work/r.jsonl" --journal "$work/journal" --stdin-list <"$work/list"
    if [ "$rc" = "$clean_rc" ] && diff <(grep '"type":"summary"' "$work/clean.jsonl" | sed 's/"seconds":[^,}]*//; s/"files_per_second":[^,}]*//; s/"mb_per_second":[^,}]*//') \
                                        <(grep '"type":"summary"' "$work/r.jsonl" | sed 's/"seconds":[^,}]*//; s/"files_per_second":[^,}]*//; s/"mb_per_second":[^,}]*//') >/dev/null; then
      ok "corpus-check SIG$sig: the rerun with the journal ends with the clean run's summary (exit $rc)"
    else
      bad "corpus-check SIG$sig: rerun exit $rc (clean $clean_rc) or summary differs"
      grep '"type":"summary"' "$work/clean.jsonl" "$work/r.jsonl"
    fi
  done

  # replyref-rewrite reading a slow stream: SIGINT/SIGTERM mid-file leaves no output.
  python3 "$P/benchmarks/replyref/gen_altut.py" $((2 * 1024 * 1024)) "$work/big.xml" "$work/map.csv" >/dev/null
  for sig in INT TERM; do
    rm -rf "$work/out" "$work/slow.xml"
    mkfifo "$work/slow.xml"
    python3 -c 'import sys,time
data=open(sys.argv[1],"rb").read()
try:
    with open(sys.argv[2],"wb") as f:
        for i in range(0,len(data),16384):
            f.write(data[i:i+16384]); f.flush(); time.sleep(0.02)
except BrokenPipeError:
    pass' "$work/big.xml" "$work/slow.xml" &
    feeder=$!
    "$T/replyref-rewrite" --map "$work/map.csv" -o "$work/out" "$work/slow.xml" >/dev/null 2>"$work/stderr" &
    pid=$!
    sleep 1
    kill -s "$sig" "$pid"
    wait "$pid"
    rc=$?
    kill "$feeder" 2>/dev/null
    wait "$feeder" 2>/dev/null
    expect_rc "replyref-rewrite SIG$sig mid-file" 130
    expect_no_files "replyref-rewrite SIG$sig mid-file" "$work/out"
  done
  ;;

kill9)
  export SOURCE_DATE_EPOCH=1700000000
  python3 "$P/benchmarks/replyref/gen_altut.py" $((24 * 1024 * 1024)) "$work/big.xml" "$work/map.csv" >/dev/null
  "$T/altut-convert" -q --map "$work/map.csv" --batch-size 2000 -o "$work/ref" "$work/big.xml"
  ref_rc=$?
  nref=$(ls "$work/ref" | wc -l)
  "$T/altut-convert" -q --map "$work/map.csv" --batch-size 2000 -o "$work/out" "$work/big.xml" &
  pid=$!
  sleep 0.8
  kill -9 "$pid"
  wait "$pid" 2>/dev/null
  nout=$(find "$work/out" -type f 2>/dev/null | wc -l)
  if [ "$nout" -lt "$nref" ]; then ok "kill -9 stopped the run part-way ($nout of $nref files)"; else bad "the run finished before kill -9 ($nout files): make the input larger"; fi
  # Every file there is whole: named like a final output, and byte-identical to the clean run's.
  partial=0
  for f in $(find "$work/out" -type f 2>/dev/null); do
    cmp -s "$f" "$work/ref/$(basename "$f")" || { partial=1; echo "  not whole: $f"; }
  done
  [ "$partial" = 0 ] && ok "kill -9: no half-written or temporary file" || bad "kill -9 left a partial file"
  run "$T/altut-convert" -q --map "$work/map.csv" --batch-size 2000 -o "$work/out" "$work/big.xml"
  if [ "$rc" = "$ref_rc" ] && diff -r "$work/ref" "$work/out" >/dev/null; then
    ok "the same command again finishes the job: $nref files identical to a clean run"
  else
    bad "rerun exit $rc (clean $ref_rc) or outputs differ"
  fi
  ;;

*)
  echo "unknown scenario: $scenario" >&2
  exit 2
  ;;
esac
exit $fail
