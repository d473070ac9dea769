#!/usr/bin/env bash
# The command-line vocabulary every tool shares (README: "One vocabulary").
#   vocabulary.sh <check> <tools dir> <source dir>
# checks: unknown-flag, contradiction, report-stdout, report-text-file, include-exclude
set -u
what=$1 T=$2 src=$3
schema=$src/corpus/seres-validate/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd
docs=$src/corpus/seres-validate/docs
altut=$src/corpus/altut/inputs
replyref=$src/corpus/replyref/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
# expect <label> <rc> <grep -E pattern for stderr> <command...>
expect() {
  local label=$1 want=$2 pattern=$3
  shift 3
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [ "$rc" != "$want" ]; then
    bad "$label: exit $rc, expected $want"; sed 's/^/  | /' "$work/err" | head -5
  elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$work/err"; then
    bad "$label: stderr lacks /$pattern/"; sed 's/^/  | /' "$work/err" | head -5
  else
    ok "$label"
  fi
}

case $what in
unknown-flag)
  # Named even though required options and inputs are missing too (CLI11 complained about those first).
  for tool in seres-validate altut-convert replyref-rewrite corpus-check corpus-gen confirmations-convert; do
    expect "$tool --bogus" 2 "not expected: --bogus" "$T/$tool" --bogus
    grep -q "required" "$work/err" && bad "$tool --bogus: a missing input named before the unknown flag"
  done
  expect "seres-validate --bogus with a schema, no inputs" 2 "not expected: --bogus" "$T/seres-validate" -s "$schema" --bogus
  expect "corpus-check merge --bogus" 2 "not expected: --bogus" "$T/corpus-check" merge --bogus
  expect "corpus-gen instances --bogus" 2 "not expected: --bogus" "$T/corpus-gen" instances --bogus
  ;;
contradiction)
  msg="--report x.sarif names a sarif report, but -f/--format says jsonl"
  expect "seres-validate --report x.sarif -f jsonl" 2 "$msg" "$T/seres-validate" -s "$schema" --report x.sarif -f jsonl "$docs/valid.xml"
  expect "corpus-check --report x.sarif -f jsonl" 2 "$msg" "$T/corpus-check" -s "$schema" --report x.sarif -f jsonl "$docs/valid.xml"
  expect "seres-validate --report x.xml --format text" 2 "names a junit report, but -f/--format says text" \
    "$T/seres-validate" -s "$schema" --report x.xml --format text "$docs/valid.xml"
  [ -e x.sarif ] || [ -e x.xml ] && bad "a refused command line wrote a report"
  expect "altut-convert -f junit (not a format it writes)" 2 "junit not in \{jsonl,html\}" \
    "$T/altut-convert" -n -f junit "$altut/complete.xml"
  # The extension decides when -f is not given.
  expect "seres-validate --report r.sarif is SARIF" 1 "" "$T/seres-validate" -s "$schema" --report r.sarif "$docs/invalid.xml"
  grep -q '"version": "2.1.0"' r.sarif && ok "r.sarif holds SARIF" || bad "r.sarif is not SARIF"
  expect "corpus-check --report r.xml is JUnit" 1 "" "$T/corpus-check" -q -s "$schema" --report r.xml "$docs/invalid.xml"
  grep -q '<testsuites' r.xml && ok "r.xml holds JUnit" || bad "r.xml is not JUnit"
  ;;
report-stdout)
  # --report - writes the report on stdout, in every tool that writes one.
  summary='"type":"summary"'
  expect "seres-validate --report - -f jsonl" 0 "" "$T/seres-validate" -s "$schema" --report - -f jsonl "$docs/valid.xml"
  grep -q "$summary" out && grep -q '"verdict":"valid"' out && ok "seres-validate: jsonl on stdout" || bad "seres-validate: no jsonl on stdout"
  expect "seres-validate --report - (text)" 1 "" "$T/seres-validate" -s "$schema" --report - "$docs/invalid.xml"
  grep -q "invalid.xml:5:68: error:" out && grep -q "1 document: 0 valid, 1 invalid" out && [ ! -s err ] \
    && ok "seres-validate: text report on stdout, nothing on stderr" || bad "seres-validate: text report not on stdout"
  expect "altut-convert --report -" 0 "" "$T/altut-convert" -q -n -m "$altut/service-map.csv" --report - "$altut/complete.xml"
  grep -q "$summary" out && grep -q '"message_reference":"REF-1"' out && ok "altut-convert: report on stdout" || bad "altut-convert: no report on stdout"
  expect "replyref-rewrite -o DIR --report -" 0 "" "$T/replyref-rewrite" -q -m "$replyref/service-map.csv" -o rewritten --report - "$replyref/altut.xml"
  grep -q '"type":"file"' out && grep -q '"message_reference"' out && [ -s rewritten/altut.xml ] \
    && ok "replyref-rewrite: report on stdout, document under -o" || bad "replyref-rewrite: no report on stdout"
  expect "replyref-rewrite --report - with the document on stdout" 2 "standard output already carries the rewritten document" \
    "$T/replyref-rewrite" -m "$replyref/service-map.csv" --report - "$replyref/altut.xml"
  expect "corpus-check --report -" 0 "" "$T/corpus-check" -q -s "$schema" --report - "$docs/valid.xml"
  grep -q "$summary" out && ok "corpus-check: report on stdout" || bad "corpus-check: no report on stdout"
  ;;
report-text-file)
  # The text report goes where --report says (it used to go to stderr, leaving a 0-byte file).
  expect "seres-validate --report out.txt" 1 "" "$T/seres-validate" -s "$schema" --report out.txt "$docs/invalid.xml" "$docs/valid.xml"
  grep -q "invalid.xml:5:68: error: value '91000000'" out.txt && grep -q "2 documents: 1 valid, 1 invalid, 0 unreadable" out.txt \
    && ok "out.txt holds the findings and the summary" || bad "out.txt lacks the text report ($(wc -c <out.txt) bytes)"
  [ ! -s err ] && [ ! -s out ] && ok "nothing else on stdout or stderr" || bad "the text report also went to stdout or stderr"
  expect "seres-validate -q --report out.log" 1 "" "$T/seres-validate" -q -s "$schema" --report out.log "$docs/invalid.xml"
  grep -q "error:" out.log && ! grep -q "1 document" out.log && ok "-q: findings without the summary" || bad "-q --report out.log"
  ;;
include-exclude)
  # Globs on the file names a directory walk finds, as corpus-check has them.
  expect "seres-validate --include --exclude" 0 "" "$T/seres-validate" -q -f jsonl -s "$schema" \
    --include 'valid*.xml' --exclude '*utf16*' --exclude '*-v10002.xml' "$docs"
  files=$(grep -o '"type":"document"' out | wc -l)
  [ "$files" = 4 ] && ! grep -Eq '"file":"[^"]*(utf16|invalid)' out && ok "seres-validate: 4 documents taken" || bad "seres-validate: $files documents taken"
  mkdir -p in/sub && cp "$altut/complete.xml" in/a.xml && cp "$altut/complete.xml" in/sub/b.xml && cp "$altut/complete.xml" in/c.altut
  expect "altut-convert --include '*.altut' --exclude" 0 "" "$T/altut-convert" -n --include '*.altut' --include 'b.*' --exclude 'a.*' \
    -m "$altut/service-map.csv" --report - in
  [ "$(grep -c '"type":"file"' out)" = 2 ] && grep -q 'in/c.altut' out && grep -q 'in/sub/b.xml' out \
    && ok "altut-convert: c.altut and sub/b.xml taken" || bad "altut-convert: $(grep -o '"file":"[^"]*","inputs' out | tr '\n' ' ')"
  expect "replyref-rewrite --exclude" 0 "" "$T/replyref-rewrite" -n --exclude 'sub' --exclude 'b.xml' -m "$replyref/service-map.csv" in
  grep -q "in/a.xml" out && ! grep -q "b.xml" out && ok "replyref-rewrite: b.xml left out" || bad "replyref-rewrite --exclude"
  ;;
*)
  echo "unknown check $what"; exit 2 ;;
esac
exit $fail
