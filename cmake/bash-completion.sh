#!/usr/bin/env bash
# Writes a tool's bash completion from its --help (and its subcommands' --help): the build runs
# it for every tool (cmake/Manual.cmake), so the completion always offers the options the tool has.
#   bash-completion.sh <tool executable> <name> <output file>
# Completes: options (of the subcommand given, if any); an option's value: its choices
# ({a,b,c} in --help), nothing for numbers, else file names; subcommands; else file names.
set -euo pipefail
exe=$1 name=$2 out=$3
fn=_altkit_${name//-/_}

# "names<TAB>value" per option in one --help text: value is "" (a flag), "files", "number" or
# "choices a b c".
options() {
  awk '
    /^[A-Za-z].*:$/ { section = $0; next }
    section == "Options:" && /^  -/ {
      line = substr($0, 3)
      names = line; sub(/ .*/, "", names)
      rest = substr(line, length(names) + 1)
      value = ""
      # The value type follows the names after one space; the description is two or more away.
      if (rest ~ /^ [A-Z]+([: ]|$)/) {
        type = substr(rest, 2); sub(/[ ].*/, "", type)
        if (type ~ /:\{/) {
          choices = type; sub(/^[^{]*\{/, "", choices); sub(/\}.*/, "", choices); gsub(/,/, " ", choices)
          value = "choices " choices
        } else if (type ~ /^(UINT|INT|FLOAT|NUMBER)/) {
          value = "number"
        } else {
          value = "files"
        }
      }
      gsub(/,/, " ", names)
      print names "\t" value
    }'
}
subcommands() { awk '/^[A-Za-z].*:$/ { section = $0; next } section == "Subcommands:" && /^  [a-z]/ { print $1 }'; }

mkdir -p "$(dirname "$out")"
help=$("$exe" --help)
subs=$(subcommands <<<"$help" | tr '\n' ' ')
subs=${subs% }
# "Usage: tool [OPTIONS] SUBCOMMAND": a subcommand is required (no file operands before it).
required_sub=0
grep -q '^Usage: .* SUBCOMMAND$' <<<"$help" && required_sub=1

{
  echo "# bash completion for $name, generated from its --help by altkit's build (cmake/bash-completion.sh)."
  echo "$fn() {"
  echo '  local cur=${COMP_WORDS[COMP_CWORD]} prev="" sub="" i'
  echo '  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}'
  if [ -n "$subs" ]; then
    echo '  for ((i = 1; i < COMP_CWORD; i++)); do'
    echo "    case \${COMP_WORDS[i]} in ${subs// /|}) sub=\${COMP_WORDS[i]}; break ;; esac"
    echo '  done'
  fi
  echo '  local opts'
  echo '  case $sub in'
  for s in "" $subs; do
    if [ -z "$s" ]; then text=$help; else text=$("$exe" "$s" --help); fi
    table=$(options <<<"$text")
    echo "  '$s') opts='$(cut -f1 <<<"$table" | tr '\n' ' ' | sed 's/ *$//')' ;;"
  done
  echo '  esac'
  echo '  case "$sub:$prev" in'
  for s in "" $subs; do
    if [ -z "$s" ]; then text=$help; else text=$("$exe" "$s" --help); fi
    while IFS=$'\t' read -r names value; do
      [ -z "$value" ] && continue
      pattern=$(for n in $names; do printf "'%s:%s'|" "$s" "$n"; done)
      pattern=${pattern%|}
      case $value in
      choices*) echo "  $pattern) COMPREPLY=(\$(compgen -W '${value#choices }' -- \"\$cur\")); return ;;" ;;
      number) echo "  $pattern) COMPREPLY=(); return ;;" ;;
      files) echo "  $pattern) COMPREPLY=(\$(compgen -f -- \"\$cur\")); compopt -o filenames 2>/dev/null; return ;;" ;;
      esac
    done < <(options <<<"$text")
  done
  echo '  esac'
  echo '  if [[ $cur == -* ]]; then'
  echo '    COMPREPLY=($(compgen -W "$opts" -- "$cur"))'
  echo '    return'
  echo '  fi'
  if [ -n "$subs" ]; then
    if [ $required_sub = 1 ]; then
      echo "  if [[ -z \$sub ]]; then COMPREPLY=(\$(compgen -W '$subs' -- \"\$cur\")); return; fi"
    else
      echo "  [[ -z \$sub ]] && COMPREPLY=(\$(compgen -W '$subs' -- \"\$cur\"))"
    fi
  fi
  echo '  COMPREPLY+=($(compgen -f -- "$cur"))'
  echo '  compopt -o filenames 2>/dev/null'
  echo '  return 0'
  echo '}'
  echo "complete -F $fn $name"
} > "$out.tmp"
bash -n "$out.tmp"
mv "$out.tmp" "$out"
