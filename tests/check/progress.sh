#!/usr/bin/env bash
# The progress line: on a terminal (util-linux `script` provides one) and only there, never with
# --quiet. corpus-check draws it every 250 ms while a run lasts; a run lasts a second here because
# its list of two documents arrives on stdin with a pause between them (--stdin-list takes paths
# as they come), so no large corpus is needed to keep it busy.
#   progress.sh <corpus-check> <corpus-gen> <schema.xsd>
set -u
check=$1 gen=$2 schema=$3
if ! command -v script > /dev/null; then
  echo "skipped: no 'script' command for a terminal"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
"$gen" instances -s "$schema" --seed 9 --count 2 -o "$work/corpus" 2>/dev/null
docs=("$work"/corpus/*.xml)
[ ${#docs[@]} = 2 ] || { echo "FAIL: corpus-gen wrote ${#docs[@]} documents, not 2"; exit 1; }
# run [-q]: corpus-check over the slow list; stdout to $work/out.txt, stderr where the caller says.
cat > "$work/run.sh" <<EOF
{ echo '${docs[0]}'; sleep 1; echo '${docs[1]}'; } | '$check' "\$@" -j 1 -s '$schema' --stdin-list > '$work/out.txt'
EOF
ran_both() { grep -q "^corpus-check: 2 documents" "$work/out.txt"; }

# Not a terminal: no progress line.
bash "$work/run.sh" 2> "$work/err.txt"
ran_both || bad "the run without a terminal did not check both documents: $(head -1 "$work/out.txt")"
if grep -q "files/s" "$work/err.txt"; then bad "a progress line without a terminal"; else ok "no progress line when stderr is not a terminal"; fi

# A terminal: the line, with its counts and rate.
script -qec "bash $work/run.sh" "$work/tty.txt" > /dev/null
ran_both || bad "the run on a terminal did not check both documents: $(head -1 "$work/out.txt")"
if grep -q "corpus-check: [0-9]* files, [0-9.]* MB, [0-9]* files/s" "$work/tty.txt"; then
  ok "a progress line on a terminal"
else
  bad "no progress line on a terminal"
  cat -v "$work/tty.txt" | head -3
fi

# A terminal and --quiet: none.
script -qec "bash $work/run.sh -q" "$work/tty-q.txt" > /dev/null
if grep -q "files/s" "$work/tty-q.txt"; then bad "--quiet still shows progress"; else ok "--quiet: no progress line on a terminal"; fi
exit $fail
