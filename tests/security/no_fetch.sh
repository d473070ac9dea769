#!/usr/bin/env bash
# Proves that seres-validate reads nothing a document or schema points at: no DTD, no external
# entity (file or http), no xsi:schemaLocation, no XInclude, no http import in a schema, and that
# a 10 MB attribute value and a 10,000-deep nesting end in a clear error, not a hang or crash.
# A loopback listener counts connections; a FIFO blocks any reader that opens it.
#   no_fetch.sh <seres-validate> <schema.xsd>
set -u
tool=$1
schema=$2
work=$(mktemp -d)
trap 'kill "$listener" 2>/dev/null; rm -rf "$work"' EXIT
fail=0

python3 - "$work/port" "$work/connections" <<'PY' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.settimeout(300)
while True:
    try:
        c, _ = s.accept()
    except Exception:
        break
    with open(sys.argv[2], "a") as f:
        f.write("connection\n")
    c.close()
PY
listener=$!
for _ in $(seq 100); do [ -f "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
url="http://127.0.0.1:$port"
mkfifo "$work/fifo"

cat > "$work/xxe-file.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE melding [<!ENTITY xxe SYSTEM "file://$work/fifo">]>
<melding>&xxe;</melding>
XML
cat > "$work/xxe-http.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE melding [<!ENTITY xxe SYSTEM "$url/entity">]>
<melding>&xxe;</melding>
XML
cat > "$work/dtd-http.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE melding SYSTEM "$url/evil.dtd">
<melding/>
XML
cat > "$work/param-entity.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE melding [<!ENTITY % p SYSTEM "$url/p.dtd"> %p;]>
<melding/>
XML
cat > "$work/billion-laughs.xml" <<XML
<?xml version="1.0"?>
<!DOCTYPE melding [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<melding>&f;</melding>
XML
cat > "$work/schema-location.xml" <<XML
<?xml version="1.0"?>
<melding xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xi="http://www.w3.org/2001/XInclude"
  xsi:noNamespaceSchemaLocation="$url/hint.xsd" xsi:schemaLocation="urn:x $url/hint2.xsd">
  <xi:include href="$url/include.xml"/>
</melding>
XML
cat > "$work/import-http.xsd" <<XML
<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="urn:remote" schemaLocation="$url/remote.xsd"/>
  <xsd:element name="melding" type="xsd:string"/>
</xsd:schema>
XML
python3 -c "print('<melding>' + '<a>' * 10000 + '</a>' * 10000 + '</melding>')" > "$work/deep.xml"
python3 -c "print('<melding merknad=\"' + 'x' * (10 * 1024 * 1024 + 17) + '\"/>')" > "$work/long-attribute.xml"

expect() { # expect <rc> <regex> <args...>
  local want=$1 re=$2
  shift 2
  local out rc
  out=$(timeout 60 "$tool" "$@" 2>&1)
  rc=$?
  if [ "$rc" = 124 ]; then
    echo "FAIL (hung: something opened the FIFO or looped): $*"; fail=1; return
  fi
  if [ "$rc" != "$want" ]; then
    echo "FAIL (exit $rc, expected $want): $*"; echo "$out" | head -5; fail=1; return
  fi
  if ! grep -Eq "$re" <<<"$out"; then
    echo "FAIL (no /$re/ in output): $*"; echo "$out" | head -5; fail=1; return
  fi
  echo "ok: exit $rc: $*"
}

for engine in xerces libxml2 both; do
  for doc in xxe-file xxe-http dtd-http param-entity billion-laughs; do
    expect 3 "doctype-forbidden" -q -e "$engine" -s "$schema" "$work/$doc.xml"
  done
  expect 1 "schema-location.xml" -q -e "$engine" -s "$schema" "$work/schema-location.xml"
  expect 3 "too-deep" -q -e "$engine" -s "$schema" "$work/deep.xml"
  expect 3 "attribute-too-long|not-well-formed" -q -e "$engine" -s "$schema" "$work/long-attribute.xml"
  expect 1 "" -q -e "$engine" -s "$work/import-http.xsd" "$work/schema-location.xml"
done

if [ -s "$work/connections" ]; then
  echo "FAIL: $(wc -l < "$work/connections") connection(s) reached the loopback listener"
  fail=1
else
  echo "ok: no connection reached $url"
fi
exit $fail
