#!/usr/bin/env bash
# Fails when an include in src/altkit/ points from a lower layer to a higher one, or between two
# folders of the same layer (ARCHITECTURE.md, "Layers"). Lowest first:
#   0 diag  1 pipeline (the ordered pipeline every tool runs on)  2 io, ident (Norwegian identifiers)  3 xml  4 schema  5 validate
#   6 xerces (the Xerces module)  7 report  8 servicemap (shared by the AltUt tools' modules)
#   9 seres convert replyref gen confirm (confirmations-convert)  10 check
# A folder may include its own headers and those of any lower layer. A folder not in the table
# is an error too: a new folder gets its place here first.
#   scripts/check-layers.sh [SRC_DIR]    (default: src/ beside this script)
set -euo pipefail
src="${1:-$(dirname "$0")/../src}"

declare -A rank=(
  [diag]=0 [pipeline]=1 [io]=2 [ident]=2 [xml]=3 [schema]=4 [validate]=5 [xerces]=6 [report]=7
  [servicemap]=8 [seres]=9 [convert]=9 [replyref]=9 [gen]=9 [confirm]=9 [check]=10
)

bad=0
while IFS= read -r file; do
  rel="${file#"$src"/altkit/}"
  from="${rel%%/*}"
  if [[ "$rel" != */* ]]; then
    continue # a file straight under altkit/ belongs to no layer
  fi
  if [[ -z "${rank[$from]+x}" ]]; then
    echo "$file: folder '$from' has no place in the layer order (scripts/check-layers.sh)"
    bad=1
    continue
  fi
  while IFS=: read -r line to; do
    if [[ -z "${rank[$to]+x}" ]]; then
      echo "$file:$line: includes altkit/$to/, which has no place in the layer order"
      bad=1
    elif [[ "$to" != "$from" && ${rank[$to]} -ge ${rank[$from]} ]]; then
      echo "$file:$line: $from (layer ${rank[$from]}) includes altkit/$to/ (layer ${rank[$to]}): layers only point down"
      bad=1
    fi
  done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<]altkit/[A-Za-z0-9_]+/' "$file" |
           sed -E 's/^([0-9]+):.*altkit\/([A-Za-z0-9_]+)\/.*/\1:\2/')
done < <(find "$src/altkit" -type f \( -name '*.hpp' -o -name '*.cpp' -o -name '*.h' \) | sort)

if ((bad)); then
  echo "check-layers: includes against the layer order (see ARCHITECTURE.md)"
  exit 1
fi
echo "check-layers: every include in $src/altkit points down"
