#!/usr/bin/env bash
# The installed library and package config, as a user outside the tree finds them: cmake
# --install into a fresh prefix; a program built with find_package(altkit 0.2) and one built with
# pkg-config, both run on a valid and an invalid document; the installed tools run with their
# installed data (xsd/, xslt/ under share/altkit).
#   install.sh <build dir> <project>
set -u
B=$(cd "$1" && pwd) P=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
prefix=$work/prefix
cmake --install "$B" --prefix "$prefix" > "$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
lib=$(ls "$prefix"/lib*/libaltkit.so.0.2 2>/dev/null | head -1)
[ -n "$lib" ] && ok "libaltkit.so.0.2 installed" || bad "no libaltkit.so.0.2 in $prefix"
soname=$(objdump -p "$lib" 2>/dev/null | awk '/SONAME/ {print $2}')
[ "$soname" = libaltkit.so.0.2 ] && ok "SONAME $soname" || bad "SONAME '$soname'"
[ -f "$prefix/include/altkit/seres/validate_command.hpp" ] && ok "public headers installed" || bad "no public headers"
[ ! -e "$prefix/include/altkit/check/worker.hpp" ] && ok "internal headers not installed" || bad "internal headers installed"
schema=$P/corpus/seres-validate/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd
docs=$P/corpus/seres-validate/docs
libdir=$(dirname "$lib")

# find_package + target_link_libraries(altkit::altkit)
if cmake -S "$P/tests/install/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" > "$work/cmake.log" 2>&1 &&
   cmake --build "$work/consumer" > "$work/build.log" 2>&1; then
  ok "find_package(altkit 0.2) and altkit::altkit build a program"
  LD_LIBRARY_PATH=$libdir "$work/consumer/consumer" "$schema" "$docs/valid.xml" > "$work/v.jsonl" 2> /dev/null
  rc_valid=$?
  LD_LIBRARY_PATH=$libdir "$work/consumer/consumer" "$schema" "$docs/invalid.xml" > "$work/i.jsonl" 2> /dev/null
  rc_invalid=$?
  [ $rc_valid = 0 ] && [ $rc_invalid = 1 ] && grep -q '"verdict":"invalid"' "$work/i.jsonl" &&
    ok "the program validates: exit 0 valid, 1 invalid" || bad "the program: exit $rc_valid / $rc_invalid"
  # The Xerces engine: the library finds its module in <libdir>/altkit, whatever the program.
  env -u ALTKIT_XERCES_MODULE ALTKIT_TEST_ENGINE=xerces LD_LIBRARY_PATH=$libdir "$work/consumer/consumer" "$schema" \
    "$docs/invalid.xml" > "$work/x.jsonl" 2> "$work/x.err"
  rc_x=$?
  [ $rc_x = 1 ] && grep -q '"engine":"xerces"' "$work/x.jsonl" && ok "the program validates with Xerces (module beside the library)" ||
    { bad "the program with Xerces: exit $rc_x"; cat "$work/x.err"; }
else
  bad "find_package build failed"; tail -20 "$work/cmake.log" "$work/build.log"
fi
# pkg-config
if PKG_CONFIG_PATH=$libdir/pkgconfig g++ -std=c++17 "$P/tests/install/consumer/main.cpp" -o "$work/pc-consumer" \
     $(PKG_CONFIG_PATH=$libdir/pkgconfig pkg-config --cflags --libs altkit) > "$work/pc.log" 2>&1; then
  LD_LIBRARY_PATH=$libdir "$work/pc-consumer" "$schema" "$docs/valid.xml" > /dev/null 2>&1 && ok "pkg-config altkit builds a program" ||
    bad "the pkg-config program failed"
else
  bad "pkg-config build failed"; tail -5 "$work/pc.log"
fi
# the installed tools, with their installed data, away from the source tree
for t in seres-validate altut-convert replyref-rewrite corpus-check corpus-gen confirmations-convert; do
  "$prefix/bin/$t" --version > /dev/null 2>&1 || bad "$t --version"
done
(cd "$work" && env -u ALTKIT_DATA_DIR "$prefix/bin/altut-convert" -q --dry-run --map "$P/corpus/altut/inputs/service-map.csv" \
  "$P/corpus/altut/inputs/complete.xml") && ok "installed altut-convert finds share/altkit" || bad "installed altut-convert"
(cd "$work" && env -u ALTKIT_DATA_DIR "$prefix/bin/confirmations-convert" -q --dry-run \
  "$P/corpus/confirmations/inputs/nve-2009-10.xml") && ok "installed confirmations-convert finds share/altkit" ||
  bad "installed confirmations-convert"
[ -f "$prefix/share/altkit/xslt/altut-to-correspondences.xsl" ] && ok "data installed" || bad "no data"
exit $fail
