#!/usr/bin/env bash
# Inputs are never overwritten and outputs never read back (issue 16, item 8): an output folder
# that is, or is inside, an input folder is refused (exit 2) by altut-convert and replyref-rewrite,
# with nothing written; replyref-rewrite -i on a symbolic link rewrites the link's target, keeps
# the link, and says so.
#   outputs_inputs.sh <build/tools> <project>
set -u
T=$1 P=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
map=$P/corpus/replyref/data/service-map.csv
mkdir -p "$work/in/sub"
cp "$P/corpus/altut/inputs/complete.xml" "$work/in/sub/a.xml"
before=$(cd "$work/in" && find . -type f | sort | xargs md5sum)
for out in "$work/in" "$work/in/converted" "$work/in/sub/../x"; do
  "$T/altut-convert" -q -o "$out" "$work/in" 2> "$work/err.txt"
  rc=$?
  [ $rc = 2 ] && grep -q "inside the input folder" "$work/err.txt" && ok "altut-convert -o $out refused (exit 2)" ||
    bad "altut-convert -o $out: exit $rc, $(head -1 "$work/err.txt")"
  "$T/replyref-rewrite" -q --map "$map" -o "$out" "$work/in" 2> "$work/err.txt"
  rc=$?
  [ $rc = 2 ] && grep -q "inside the input folder" "$work/err.txt" && ok "replyref-rewrite -o $out refused (exit 2)" ||
    bad "replyref-rewrite -o $out: exit $rc, $(head -1 "$work/err.txt")"
done
after=$(cd "$work/in" && find . -type f | sort | xargs md5sum)
[ "$before" = "$after" ] && ok "nothing written inside the inputs" || bad "the input folder changed"
"$T/altut-convert" -q -o "$work/outside" "$work/in" 2> /dev/null
[ -f "$work/outside/sub/a.correspondences.xml" ] && ok "an output folder beside the inputs is taken" ||
  bad "no output beside the inputs"

cp "$P/corpus/replyref/data/altut.xml" "$work/real.xml"
ln -s real.xml "$work/link.xml"
"$T/replyref-rewrite" -q --map "$map" -i "$work/link.xml" 2> "$work/err.txt"
[ -L "$work/link.xml" ] && ok "-i keeps a symbolic link a link" || bad "-i replaced the link"
cmp -s "$work/real.xml" "$P/corpus/replyref/data/altut.xml" && bad "-i left the link's target unrewritten" ||
  ok "-i rewrote the link's target"
grep -q "is a symbolic link: its target .* was rewritten" "$work/err.txt" && ok "-i says it followed the link" ||
  bad "-i said nothing of the link"
exit $fail
