#!/usr/bin/env bash
# The bash completion of every tool (issue 19, item 3), sourced into a clean bash as
# bash-completion loads it: `complete -p TOOL` names its function; every option of --help (and of
# each subcommand's --help) completes from its first three characters; an option's choices
# ({a,b} in --help) complete after it; subcommands complete; a file name completes after -s.
#   completion.sh <completions dir> <tool dir> <tool>...
set -u
C=$1 T=$2
shift 2
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
touch "$work/form.xml" "$work/other.txt"

# Prints COMPREPLY, one per line, for the words given (the last is the word being completed).
complete_words() {
  local tool=$1
  shift
  (cd "$work" && bash --norc --noprofile -c '
    source "$1" || exit 3
    tool=$2; shift 2
    spec=$(complete -p "$tool") || exit 4
    fn=${spec#*-F }; fn=${fn%% *}
    COMP_WORDS=("$tool" "$@"); COMP_CWORD=$#
    COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
    "$fn" "$tool" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf "%s\n" "${COMPREPLY[@]}"' _ "$C/$tool" "$tool" "$@")
}

# "names<TAB>choices" of each option in a --help text (choices empty unless {a,b}).
options() {
  awk '/^[A-Za-z].*:$/ { s = $0; next }
       s == "Options:" && /^  -/ { n = $1; c = ""; if (match($0, /:\{[^}]*\}/)) c = substr($0, RSTART + 2, RLENGTH - 3);
                                  gsub(/,/, " ", c); gsub(/,/, " ", n); print n "\t" c }'
}

for tool in "$@"; do
  f="$C/$tool"
  [ -f "$f" ] || { echo "FAIL: $tool: no completion file $f"; fail=1; continue; }
  spec=$(bash --norc --noprofile -c 'source "$1" && complete -p "$2"' _ "$f" "$tool" 2>&1)
  if [[ $spec == "complete -F _altkit_"*" $tool" ]]; then echo "ok: $tool: $spec"; else
    echo "FAIL: $tool: complete -p says '$spec'"; fail=1; continue; fi
  help=$("$T/$tool" --help)
  subs=$(awk '/^[A-Za-z].*:$/ { s = $0; next } s == "Subcommands:" && /^  [a-z]/ { print $1 }' <<<"$help")
  checked=0
  for sub in "" $subs; do
    if [ -z "$sub" ]; then text=$help; words=(); else text=$("$T/$tool" "$sub" --help); words=("$sub"); fi
    while IFS=$'\t' read -r names choices; do
      for o in $names; do
        got=$(complete_words "$tool" "${words[@]}" "${o:0:3}")
        if grep -qxF -- "$o" <<<"$got"; then checked=$((checked + 1)); else
          echo "FAIL: $tool ${words[*]} ${o:0:3}<TAB> does not offer $o (got: $(tr '\n' ' ' <<<"$got"))"; fail=1; fi
      done
      if [ -n "$choices" ]; then
        o=${names##* }
        got=$(complete_words "$tool" "${words[@]}" "$o" "" | sort | tr '\n' ' ')
        want=$(tr ' ' '\n' <<<"$choices" | sort | tr '\n' ' ')
        [ "$got" = "$want" ] && echo "ok: $tool ${words[*]} $o <TAB>: $got" ||
          { echo "FAIL: $tool ${words[*]} $o <TAB>: '$got', want '$want'"; fail=1; }
      fi
    done < <(options <<<"$text")
    if [ -n "$sub" ]; then
      got=$(complete_words "$tool" "${sub:0:2}")
      grep -qxF -- "$sub" <<<"$got" && echo "ok: $tool ${sub:0:2}<TAB> offers $sub" ||
        { echo "FAIL: $tool ${sub:0:2}<TAB> does not offer the subcommand $sub"; fail=1; }
    fi
  done
  echo "ok: $tool: $checked options complete"
  # A file name where a value or an input goes.
  if [ -z "$subs" ]; then
    got=$(complete_words "$tool" "fo")
    grep -qxF form.xml <<<"$got" && echo "ok: $tool fo<TAB> offers form.xml" ||
      { echo "FAIL: $tool fo<TAB>: '$got'"; fail=1; }
  fi
done
exit $fail
