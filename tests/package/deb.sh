#!/usr/bin/env bash
# The Debian packages (issue 19, item 2), from the tree already built: cpack -G DEB into a
# temporary folder; Depends holds the package of every library the packaged binaries load
# directly; then, as root with no altkit installed and none of its files present, a real
# `dpkg -i` of altkit and libaltkit-dev: each tool's --version and one real command, away from
# the source tree (the data in /usr/share/altkit, the Xerces module in /usr/lib/altkit), the man
# pages and bash completion, a program built with pkg-config against /usr; then `dpkg -P`, and
# no file of the packages left. Otherwise (not root, altkit installed, a file in the way, dpkg
# locked) the packages are extracted (dpkg -x) and the tools run from there with LD_LIBRARY_PATH,
# and the test reports itself skipped (exit 77) saying why it did not install. The machine is
# left as it was: the trap removes what it installed.
#   deb.sh <build dir> <project> <tool>...
set -u
B=$(cd "$1" && pwd) P=$(cd "$2" && pwd)
shift 2
tools=("$@")
work=$(mktemp -d /tmp/altkit-deb.XXXXXX)
installed=()
cleanup() {
  if [ ${#installed[@]} -gt 0 ]; then
    echo "cleanup: dpkg -P ${installed[*]}"
    dpkg -P "${installed[@]}" > /dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }

# ---- build ------------------------------------------------------------------
start=$(date +%s)
if ! cpack --config "$B/CPackConfig.cmake" -G DEB -B "$work/pkg" > "$work/cpack.log" 2>&1; then
  cat "$work/cpack.log"
  echo "FAIL: cpack -G DEB"
  exit 1
fi
deb=$(ls "$work"/pkg/altkit_*.deb 2>/dev/null | head -1)
dev=$(ls "$work"/pkg/libaltkit-dev_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] && [ -n "$dev" ] || { ls -l "$work/pkg"; echo "FAIL: no altkit_*.deb and libaltkit-dev_*.deb"; exit 1; }
ok "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB) and $(basename "$dev") in $(($(date +%s) - start)) s"
depends=$(dpkg-deb -f "$deb" Depends)
echo "altkit Depends: $depends"
echo "libaltkit-dev Depends: $(dpkg-deb -f "$dev" Depends)"
dpkg-deb -f "$dev" Depends | grep -q "altkit (= $(dpkg-deb -f "$deb" Version))" &&
  ok "libaltkit-dev depends on altkit of its version" || bad "libaltkit-dev does not depend on altkit (= version)"

# ---- contents ---------------------------------------------------------------
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's#^\./#/#; s#/$##' > "$work/files-altkit"
dpkg-deb -c "$dev" | awk '{print $6}' | sed 's#^\./#/#; s#/$##' > "$work/files-dev"
has() { grep -qxF "$2" "$work/files-$1"; }
for t in "${tools[@]}"; do
  has altkit "/usr/bin/$t" || bad "no /usr/bin/$t in the package"
  has altkit "/usr/share/man/man1/$t.1.gz" || bad "no man page $t(1) in the package"
  has altkit "/usr/share/bash-completion/completions/$t" || bad "no bash completion for $t in the package"
done
for f in /usr/share/man/man7/altkit.7.gz /usr/lib/altkit/libaltkit-xerces.so /usr/lib/libaltkit.so.0.2 \
         /usr/share/altkit/xslt/altut-to-correspondences.xsl; do
  has altkit "$f" || bad "no $f in altkit"
done
for f in /usr/lib/libaltkit.so /usr/include/altkit/seres/validate_command.hpp /usr/lib/pkgconfig/altkit.pc \
         /usr/lib/cmake/altkit/altkitConfig.cmake; do
  has dev "$f" || bad "no $f in libaltkit-dev"
done
grep -q '^/usr/include' "$work/files-altkit" && bad "headers in altkit (they belong in libaltkit-dev)"
[ $fail = 0 ] && ok "contents: ${#tools[@]} tools, their man pages and completion, altkit(7), library, module, data; headers in -dev"

# ---- Depends: the package of each library a packaged binary loads directly ---
mkdir -p "$work/x"
dpkg-deb -x "$deb" "$work/x"
pkg_of() { # the package that holds a library path (merged /usr: dpkg may know either spelling)
  local p
  for p in "$1" "${1#/usr}" "/usr$1"; do
    dpkg -S "$p" 2>/dev/null | head -1 | cut -d: -f1 && return
  done
}
needed_ok=1
while read -r elf; do
  for so in $(readelf -d "$elf" 2>/dev/null | awk '/NEEDED/ {gsub(/[][]/, "", $5); print $5}'); do
    path=$(ldconfig -p | awk -v so="$so" '$1 == so && /x86-64|x32|aarch64|64bit/ {print $NF; exit}')
    [ -z "$path" ] && path=$(ldconfig -p | awk -v so="$so" '$1 == so {print $NF; exit}')
    pkg=$(pkg_of "$(readlink -f "$path" 2>/dev/null || echo "$path")")
    [ -z "$pkg" ] && pkg=$(pkg_of "$path")
    if [ -z "$pkg" ]; then
      bad "${elf#$work/x}: needs $so, which no installed package holds"; needed_ok=0
    elif ! tr ',|' '\n\n' <<<"$depends" | awk '{print $1}' | grep -qxF "$pkg"; then
      bad "${elf#$work/x}: needs $so from $pkg, which Depends lacks"; needed_ok=0
    fi
  done
done < <(find "$work/x" -type f \( -perm -u+x -o -name '*.so*' \) -exec sh -c 'head -c4 "$1" | grep -q ELF' _ {} \; -print)
[ $needed_ok = 1 ] && ok "Depends names the package of every library the binaries load"

# ---- install, or say why not --------------------------------------------------
why=${ALTKIT_DEB_NO_INSTALL:-} # set (to a reason) to check the extracted package only
if [ -n "$why" ]; then
  :
elif [ "$(id -u)" -ne 0 ]; then
  why="not root"
elif ! command -v dpkg > /dev/null; then
  why="no dpkg"
fi
# One package test at a time on a machine: a lock on dpkg's folder (no file made for it; dpkg
# itself locks files in it, not the folder).
exec 9< /var/lib/dpkg
if [ -z "$why" ] && ! flock -w 300 9; then
  why="another package test kept /var/lib/dpkg locked for 5 minutes"
fi
if [ -z "$why" ]; then
  for p in altkit libaltkit-dev; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -qv "not-installed"; then
      why="$p is installed already ($(dpkg-query -W -f='${Version} ${Status}' "$p"))"
    fi
  done
fi
if [ -z "$why" ]; then
  while read -r f; do
    if [ -e "$f" ] && [ ! -d "$f" ]; then
      why="$f exists already (installed some other way)"
      break
    fi
  done < <(cat "$work/files-altkit" "$work/files-dev")
fi
# The directories the packages would add, so their removal can be checked.
cat "$work/files-altkit" "$work/files-dev" | while read -r f; do [ -d "$f" ] && echo "$f"; done > "$work/dirs-before"

if [ -z "$why" ]; then
  for try in 1 2 3 4 5 6 7 8 9 10 11 12; do
    out=$(dpkg -i "$deb" "$dev" 2>&1)
    rc=$?
    grep -q "dpkg frontend lock\|dpkg status database is locked" <<<"$out" || break
    sleep 10
  done
  if grep -q "dpkg frontend lock\|dpkg status database is locked" <<<"$out"; then
    why="the dpkg database stayed locked (apt or dpkg running elsewhere)"
  else
    installed=(libaltkit-dev altkit)
    echo "$out" | sed 's/^/dpkg: /'
    if [ $rc -ne 0 ]; then
      bad "dpkg -i failed (exit $rc)"
      exit 1
    fi
  fi
fi

if [ -z "$why" ]; then
  echo "mode: installed with dpkg -i (root, no altkit installed): the tools run as a user runs them"
  bin=/usr/bin
  run_env=(env -u ALTKIT_DATA_DIR -u ALTKIT_XERCES_MODULE -u LD_LIBRARY_PATH)
else
  echo "mode: extracted with dpkg -x, not installed ($why); tools run with LD_LIBRARY_PATH"
  bin=$work/x/usr/bin
  run_env=(env -u ALTKIT_DATA_DIR -u ALTKIT_XERCES_MODULE LD_LIBRARY_PATH="$work/x/usr/lib")
fi

# ---- each tool: --version and one real command ----------------------------------
version=$(dpkg-deb -f "$deb" Version)
schema=$P/corpus/seres-validate/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd
docs=$P/corpus/seres-validate/docs
mkdir -p "$work/run"
cd "$work/run" || exit 1
real() { # tool, expected exit, what it shows, command...
  local tool=$1 want=$2 what=$3
  shift 3
  "${run_env[@]}" "$bin/$tool" "$@" > "$work/run/$tool.out" 2>&1
  local rc=$?
  if [ $rc = "$want" ]; then ok "$tool: $what (exit $rc)"; else
    bad "$tool $*: exit $rc, want $want"; tail -5 "$work/run/$tool.out"; fi
}
for t in "${tools[@]}"; do
  v=$("${run_env[@]}" "$bin/$t" --version 2>&1)
  [ "$v" = "$t ${version%%-*}" ] && ok "$t --version: $v" || bad "$t --version: '$v'"
  case $t in
  seres-validate)
    real "$t" 1 "Xerces (the module in lib/altkit) finds the invalid document" -s "$schema" "$docs/valid.xml" "$docs/invalid.xml"
    grep -q "\[value-pattern\]" "$work/run/$t.out" || bad "seres-validate: no value-pattern finding" ;;
  corpus-check)
    real "$t" 0 "--convert-check reads xslt/ and xsd/ from share/altkit" -q --convert-check \
      --map "$P/corpus/altut/inputs/service-map.csv" "$P/corpus/altut/inputs/complete.xml" ;;
  altut-convert)
    real "$t" 0 "converts, checked against share/altkit/xsd" --map "$P/corpus/altut/inputs/service-map.csv" \
      -o "$work/run/converted" "$P/corpus/altut/inputs/complete.xml"
    ls "$work/run/converted"/*.xml > /dev/null 2>&1 || bad "altut-convert wrote nothing" ;;
  replyref-rewrite)
    real "$t" 0 "rewrites a reference (dry run)" --dry-run --map "$P/corpus/replyref/data/service-map.csv" \
      "$P/corpus/replyref/data/altut.xml"
    grep -q "> ServiceCode 4711_1" "$work/run/$t.out" || bad "replyref-rewrite: no rewritten reference" ;;
  corpus-gen)
    real "$t" 0 "writes documents and their ground truth" instances -s "$schema" --count 3 -o "$work/run/gen"
    [ "$(ls "$work/run/gen"/*.xml 2>/dev/null | wc -l)" = 3 ] && [ -f "$work/run/gen/ground-truth.tsv" ] ||
      bad "corpus-gen: not 3 documents and ground-truth.tsv" ;;
  confirmations-convert)
    # A sample copied out of the tree: the installed tool reads altkit's schemas from share/altkit.
    mkdir -p "$work/run/conf"
    cp "$P/corpus/confirmations/inputs/patentstyret-2010-10.xml" "$P/corpus/confirmations/inputs/service-map.csv" \
      "$work/run/conf/"
    real "$t" 0 "converts, checked against share/altkit/xsd/confirmations" --map "$work/run/conf/service-map.csv" \
      -o "$work/run/conf/batches" "$work/run/conf/patentstyret-2010-10.xml"
    grep -q 'shortName="Årsoppgave næring"' "$work/run/conf/batches/patentstyret-2010-10.altut-confirmations.xml" ||
      bad "confirmations-convert: no batch with the map's legacy shortName" ;;
  *)
    bad "$t: tests/package/deb.sh has no real command for it (add one to the case above)" ;;
  esac
done

if [ -n "$why" ]; then
  if [ $fail = 0 ]; then
    echo "skipped: dpkg -i not possible ($why); the extracted package was checked instead"
    exit 77
  fi
  exit 1
fi

# ---- installed only: man, bash completion, a program built against /usr ------
for t in "${tools[@]}" altkit; do
  page=$(man -w "$t" 2>/dev/null)
  [[ $page == /usr/share/man/man[17]/$t.[17].gz ]] || bad "man -w $t: '$page'"
done
MANWIDTH=80 man -E ascii altkit 2>/dev/null | grep -q "not-well-formed" && ok "man finds every page; man altkit lists the codes" ||
  bad "man altkit does not list not-well-formed"
spec=$(bash --norc --noprofile -c 'source /usr/share/bash-completion/completions/seres-validate && complete -p seres-validate')
[[ $spec == "complete -F "* ]] && ok "installed completion: $spec" || bad "installed completion: '$spec'"
if g++ -std=c++17 "$P/tests/install/consumer/main.cpp" -o "$work/consumer" $(pkg-config --cflags --libs altkit) \
     > "$work/consumer.log" 2>&1; then
  env -u LD_LIBRARY_PATH "$work/consumer" "$schema" "$docs/valid.xml" > /dev/null 2>&1 &&
    ok "a program built with pkg-config altkit against /usr runs (libaltkit.so.0.2 from the package)" ||
    bad "the pkg-config program failed"
else
  bad "pkg-config build against the installed libaltkit-dev failed"; tail -5 "$work/consumer.log"
fi

# ---- remove: nothing left -------------------------------------------------------
cd /
out=$(dpkg -P libaltkit-dev altkit 2>&1)
rc=$?
echo "$out" | sed 's/^/dpkg: /'
if [ $rc = 0 ]; then
  installed=()
  ok "dpkg -P libaltkit-dev altkit"
else
  bad "dpkg -P failed (exit $rc)"
fi
left=0
while read -r f; do
  if [ -e "$f" ] || [ -L "$f" ]; then
    if [ -d "$f" ] && grep -qxF "$f" "$work/dirs-before"; then
      continue
    fi
    echo "left behind: $f"
    left=1
  fi
done < <(cat "$work/files-altkit" "$work/files-dev")
for p in altkit libaltkit-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "installed" && ! dpkg-query -W -f='${Status}' "$p" | grep -q "not-installed" &&
    { echo "left behind: $p ($(dpkg-query -W -f='${Status}' "$p"))"; left=1; }
done
ldconfig -p | grep -q libaltkit && { echo "left behind: libaltkit in the ld.so cache"; left=1; }
[ $left = 0 ] && ok "removed cleanly: no file, directory, package status or ld.so cache entry left" || bad "the removal left something"
exit $fail
