#!/usr/bin/env bash
# libFuzzer refuses a dictionary with a byte over 0x7F in a literal ("ParseDictionaryFile: error
# in line N") and the campaign does not start: every entry must spell such bytes as \xNN.
#   fuzz_dicts.sh <fuzz/dict folder>
set -u
bad=$(LC_ALL=C grep -nP '[\x80-\xff]' "$1"/*.dict)
if [ -n "$bad" ]; then
  echo "FAIL: bytes over 0x7F in a libFuzzer dictionary (write them as \\xNN):"
  echo "$bad"
  exit 1
fi
echo "ok: $(ls "$1"/*.dict | wc -l) dictionaries, ASCII only"
