#!/usr/bin/env bash
# Bounded work per document and signals that always work (SECURITY.md, issue 16). One scenario
# per call:
#   bounded.sh <scenario> <tools dir> <project dir>
# scenarios:
#   zip-bomb      a 6 MB zip with two 3 GiB members (XML padding, NUL bytes) between small
#                 documents: corpus-check streams them (peak RSS bounded), too-large and
#                 not-well-formed findings, exit 3, every member counted, the summary written
#   attributes    a million attributes on one element, 200,000 namespace declarations: both
#                 engines end each document at once (too-many-attributes, exit 3) in bounded memory
#   large-text    one 100 MB text value: valid with libxml2 and Xerces in linear time (quadratic,
#                 libxml2 took 56 s: the ctest TIMEOUT is what catches that)
#   time-budget   a document over --time-budget ends in too-slow naming the element (libxml2,
#                 between elements); Xerces stuck in one pattern match is given up after the
#                 budget and the run goes on; the pattern gets a schema-lint warning; libxml2's
#                 "internal error" on it is said as what it is
#   signals       SIGTERM and SIGINT while a Xerces worker is stuck in one pattern match: exit 130
#                 within 2 seconds, no report or temporary left
set -u
scenario=$1
T=$(cd "$2" && pwd)
P=$(cd "$3" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
# run CMD...: rc, stdout, stderr, wall seconds and peak RSS (KiB) of the last run.
run() {
  rc=0
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" || rc=$?
  read -r secs rss < <(tail -1 "$work/time")
}
expect_rc() {
  if [ "$rc" = "$2" ]; then ok "$1: exit $rc"; else bad "$1: exit $rc, wanted $2"; sed -n 1,20p "$work/stderr"; fi
}
expect_in() { # NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then ok "$1: says '$3'"; else bad "$1: lacks '$3'"; sed -n 1,20p "$2"; fi
}
expect_rss_below() { # NAME MIB
  if [ "$rss" -lt $(($2 * 1024)) ]; then ok "$1: peak RSS $((rss / 1024)) MiB < $2 MiB"; else bad "$1: peak RSS $((rss / 1024)) MiB, wanted < $2 MiB"; fi
}
expect_secs_below() { # NAME SECONDS
  if awk -v s="$secs" -v m="$2" 'BEGIN { exit !(s < m) }'; then ok "$1: ${secs} s < $2 s"; else bad "$1: ${secs} s, wanted < $2 s"; fi
}
[ -x /usr/bin/time ] || { echo "skipped: /usr/bin/time (GNU time) is absent"; exit 77; }

string_schema() { # a schema whose root <a> is a string, or matches PATTERN
  if [ -z "${1:-}" ]; then
    echo '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="xs:string"/></xs:schema>'
  else
    cat <<XSD
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="r"><xs:complexType><xs:sequence>
    <xs:element name="v" maxOccurs="unbounded"><xs:simpleType><xs:restriction base="xs:string">
      <xs:pattern value="$1"/>
    </xs:restriction></xs:simpleType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>
XSD
  fi
}

case "$scenario" in
zip-bomb)
  python3 "$P/tests/security/make_bomb.py" "$work/bomb.zip" a.xml="text:<a/>" \
    pad.xml="fill:<a>:32:3072:</a>" zeros.xml="fill::0:3072:" z.xml="text:<z/>" || { bad "make_bomb.py"; exit 1; }
  echo "bomb.zip: $(stat -c %s "$work/bomb.zip") bytes, 6 GiB unpacked"
  run "$T/corpus-check" --well-formed -j 2 --max-document-size 256M --report "$work/r.jsonl" "$work/bomb.zip"
  expect_rc "padding member over --max-document-size" 3
  expect_in "padding member" "$work/r.jsonl" '"code":"too-large"'
  expect_in "padding member" "$work/r.jsonl" "document larger than 268435456 bytes (--max-document-size)"
  expect_in "NUL member" "$work/r.jsonl" '"code":"not-well-formed"'
  expect_in "every member counted" "$work/stdout" "4 documents"
  expect_rss_below "zip bomb" 300
  # The default bound (1 GiB) with Xerces: the NUL member ends at its first byte.
  python3 "$P/tests/security/make_bomb.py" "$work/zeros.zip" zeros.xml="fill::0:3072:" z.xml="text:<z/>"
  run "$T/corpus-check" --well-formed -e xerces "$work/zeros.zip"
  expect_rc "NUL member, Xerces" 3
  expect_in "NUL member, Xerces" "$work/stdout" "2 documents"
  expect_rss_below "NUL member, Xerces" 300
  ;;
attributes)
  string_schema >"$work/a.xsd"
  python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
with open(w + "/attrs.xml", "w") as f:
    f.write("<a " + " ".join('a%d="1"' % i for i in range(1000000)) + "/>\n")
with open(w + "/ns.xml", "w") as f:
    f.write("<a " + " ".join('xmlns:p%d="urn:x:%d"' % (i, i) for i in range(200000)) + "/>\n")
PY
  for doc in attrs ns; do
    for tool in "corpus-check -s" "seres-validate -e libxml2 -s" "seres-validate -e xerces -s"; do
      run timeout 60 $T/$tool "$work/a.xsd" "$work/$doc.xml"
      expect_rc "$doc.xml, $tool" 3
      cat "$work/stdout" "$work/stderr" >"$work/output" # corpus-check's summary is on stdout
      expect_in "$doc.xml, $tool" "$work/output" "too-many-attributes"
      expect_secs_below "$doc.xml, $tool" 5
      expect_rss_below "$doc.xml, $tool" 200
    done
  done
  expect_in "namespaces named" "$work/stderr" "more than 1000 namespace declarations (--max-namespaces)"
  run "$T/seres-validate" -s "$work/a.xsd" --max-attributes 2000000 --max-namespaces 0 "$work/ns.xml"
  expect_rc "--max-namespaces 0 (none)" 0
  run "$T/seres-validate" -s "$work/a.xsd" --max-attributes x "$work/ns.xml"
  expect_rc "--max-attributes x" 2
  ;;
large-text)
  string_schema >"$work/a.xsd"
  python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('<a>')
    for _ in range(100): f.write('x' * (1 << 20))
    f.write('</a>\n')" "$work/text.xml"
  for tool in "corpus-check -s" "seres-validate -e libxml2 -s" "seres-validate -e xerces -s"; do
    run $T/$tool "$work/a.xsd" "$work/text.xml"
    expect_rc "100 MB value, $tool (${secs} s)" 0
  done
  ;;
time-budget)
  # libxml2 stops itself between elements: 300,000 elements against a budget of 1 ms.
  python3 -c "
import sys
open(sys.argv[1], 'w').write('<r>' + '<v>ab</v>' * 300000 + '</r>')" "$work/many.xml"
  string_schema '[a-z]+' >"$work/plain.xsd"
  run "$T/seres-validate" -e libxml2 -s "$work/plain.xsd" --time-budget 1ms "$work/many.xml"
  expect_rc "libxml2 over its budget" 3
  expect_in "libxml2 over its budget" "$work/stderr" "[too-slow]"
  expect_in "libxml2 over its budget" "$work/stderr" "document not finished within the time budget of 1 ms (--time-budget): stopped at this element (at /r"
  run "$T/corpus-check" -s "$work/plain.xsd" --time-budget 1ms "$work/many.xml"
  expect_rc "corpus-check over its budget" 3
  expect_in "corpus-check over its budget" "$work/stdout" "too-slow"
  # (a|aa)*b: exponential backtracking in Xerces, an engine error in libxml2.
  string_schema '(a|aa)*b' >"$work/slow.xsd"
  python3 -c "
import sys
open(sys.argv[1], 'w').write('<r><v>b</v><v>' + 'a' * 5000 + 'c</v></r>')" "$work/slow.xml"
  cp "$work/slow.xml" "$work/slow2.xml"
  printf '<r><v>aab</v></r>' >"$work/fine.xml"
  run "$T/seres-validate" -e xerces -j 1 --time-budget 2 -s "$work/slow.xsd" "$work/slow.xml" "$work/fine.xml" "$work/slow2.xml"
  expect_rc "Xerces stuck in one pattern match" 3
  expect_in "schema-lint on the pattern" "$work/stderr" "pattern '(a|aa)*b' can take time exponential in a value's length"
  expect_in "Xerces given up" "$work/stderr" "slow.xml: fatal error: document not finished within the time budget of 2 s (--time-budget): given up"
  expect_in "Xerces given up, element named" "$work/stderr" "/r/v[2]"
  expect_in "the run went on" "$work/stderr" "3 documents: 1 valid"
  expect_secs_below "two stuck documents given up, one checked" 25
  run "$T/seres-validate" -e libxml2 -s "$work/slow.xsd" "$work/slow.xml"
  expect_rc "libxml2 on the same pattern" 3
  expect_in "libxml2 says what happened" "$work/stderr" "libxml2's regular expression engine gave up"
  ;;
signals)
  string_schema '(a|aa)*b' >"$work/slow.xsd"
  python3 -c "
import sys
open(sys.argv[1], 'w').write('<r><v>' + 'a' * 5000 + 'c</v></r>')" "$work/slow.xml"
  mkdir "$work/out"
  for sig in TERM INT; do
    for tool in "seres-validate --report $work/out/r.sarif" "corpus-check -e xerces --report $work/out/r.jsonl"; do
      # No time budget: only the signal can end it.
      $T/$tool --time-budget 0 -s "$work/slow.xsd" "$work/slow.xml" "$work/slow.xml" >/dev/null 2>"$work/stderr" &
      pid=$!
      sleep 1.5
      start=$(date +%s.%N)
      kill -s "$sig" "$pid"
      rc=0
      wait "$pid" || rc=$?
      secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
      expect_rc "SIG$sig, ${tool%% *} stuck in Xerces" 130
      expect_secs_below "SIG$sig, ${tool%% *}" 2
      left=$(find "$work/out" -mindepth 1 | head -3)
      if [ -z "$left" ]; then ok "SIG$sig, ${tool%% *}: nothing left in out/"; else bad "SIG$sig: left $left"; fi
    done
  done
  ;;
*)
  echo "unknown scenario $scenario"
  exit 2
  ;;
esac
exit $fail
