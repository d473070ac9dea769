#!/bin/bash
# Runs seres-validate on every case of the field folder (../shared/field/<case>/: the schema its
# cmd.sh names with --schema (else schema.xsd),
# inst*.xml, expected.txt) with --engine xerces, libxml2, both, compiled and auto, and compares the exit code and
# the document's verdict with what expected.txt says. expected.txt is read generally:
#   <file.xml>  VALID|INVALID|NOT WELL-FORMED  (exit N)  [why]     one line per document, or
#   a case without such lines and one "exit N" in its text: every inst*.xml ends with N
#   (a schema that cannot be compiled: exit 4).
# An invalid or not well-formed verdict must come with a finding that has a position (line > 0).
# Usage: run_field.sh TOOLS_DIR FIELD_DIR [CASE_GLOB]   (exit 0 all pass, 1 a failure, 77 no FIELD_DIR)
set -u
tools=$(cd "$1" && pwd) || exit 2
field=$2
only=${3:-*}
if [ ! -d "$field" ]; then
  echo "skipped: $field is absent"
  exit 77
fi
sv="$tools/seres-validate"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
cases_failed=()

verdict_of() { # VALID -> valid, INVALID -> invalid, NOT WELL-FORMED -> unreadable
  case "$1" in
    VALID) echo valid ;;
    INVALID) echo invalid ;;
    "NOT WELL-FORMED" | NOT-WELL-FORMED | NOTWF) echo unreadable ;;
    *) echo "" ;;
  esac
}

for dir in "$field"/$only/; do
  [ -f "$dir/expected.txt" ] || continue
  name=$(basename "$dir")
  # the schema cmd.sh names (--schema X), else schema.xsd
  schema=$(grep -oE -- '--schema[ =][^ ]+' "$dir/cmd.sh" 2>/dev/null | head -1 | sed -E 's/--schema[ =]//')
  schema=${schema:-schema.xsd}
  [ -f "$dir/$schema" ] || { echo "FAIL $name: no $schema"; fail=$((fail + 1)); continue; }
  # file, verdict, exit code per document
  expectations=$(sed -nE 's/^[[:space:]]*([^[:space:]]+\.xml)[[:space:]]+([A-Z][A-Z -]*[A-Z])[[:space:]]*\(exit ([0-9]+)\).*/\1|\2|\3/p' \
                   "$dir/expected.txt")
  if [ -z "$expectations" ]; then
    rc=$(grep -oE 'exit [0-9]+' "$dir/expected.txt" | head -1 | awk '{print $2}')
    if [ -z "$rc" ]; then
      echo "FAIL $name: expected.txt names no verdict"
      fail=$((fail + 1))
      continue
    fi
    expectations=$(cd "$dir" && for f in inst*.xml; do echo "$f||$rc"; done)
  fi
  case_ok=1
  while IFS='|' read -r file verdict want_rc; do
    [ -n "$file" ] || continue
    want_verdict=$(verdict_of "$verdict")
    for engine in xerces libxml2 both compiled auto; do
      report="$tmp/report.jsonl"
      rm -f "$report"
      (cd "$dir" && "$sv" -q --engine "$engine" --schema "$schema" --report "$report" "$file" >"$tmp/out" 2>"$tmp/err")
      got_rc=$?
      problem=""
      if [ "$got_rc" != "$want_rc" ]; then
        problem="exit $got_rc, expected $want_rc"
      elif [ -n "$want_verdict" ]; then
        got=$(python3 - "$report" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    j = json.loads(line)
    if j.get("type") == "document":
        placed = any(d.get("line", 0) > 0 and d.get("severity") not in ("warning", "note") for d in j["diagnostics"])
        print(j["verdict"], "placed" if placed else "unplaced")
        break
PY
)
        got_verdict=${got%% *}
        if [ "$got_verdict" != "$want_verdict" ]; then
          problem="verdict '$got_verdict', expected '$want_verdict'"
        elif [ "$want_verdict" != valid ] && [ "${got##* }" != placed ]; then
          problem="no finding with a position"
        fi
      fi
      if [ -z "$problem" ] && [ -f "$report" ] && grep -q '"engines-disagree"' "$report"; then
        problem="engines-disagree" # compiled/auto: the compiled engine and libxml2 differ on it
      fi
      if [ -z "$problem" ]; then
        pass=$((pass + 1))
        echo "pass $name/$file --engine $engine"
      else
        fail=$((fail + 1))
        case_ok=0
        echo "FAIL $name/$file --engine $engine: $problem"
        sed 's/^/    /' "$tmp/err" | head -20
      fi
    done
  done <<<"$expectations"
  [ "$case_ok" = 1 ] || cases_failed+=("$name")
done
echo "field: $pass passed, $fail failed${cases_failed[*]:+ (cases: ${cases_failed[*]})}"
[ "$fail" = 0 ]
