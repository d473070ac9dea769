#!/usr/bin/env python3
"""Counts, per XML Schema construct, how many schema documents use it (issue 20's survey).

Usage: scripts/xsd-survey.py DIR_OR_FILE... > table.md

Every *.xsd under the arguments (recursively) is read with the standard library; each construct
is counted once per document that uses it. The last column says whether schema::read_schema_model
represents the construct exactly ("yes") or lists it in SchemaModel::unsupported ("no": such a
schema is left to libxml2 by the compiled engine).
"""
import os
import sys
import xml.etree.ElementTree as ET

XS = "{http://www.w3.org/2001/XMLSchema}"
XSD_NS = "http://www.w3.org/2001/XMLSchema"

# construct -> represented exactly by the model?
EXACT_NO = {
    "xs:unique", "xs:key", "xs:keyref", "substitutionGroup", "xs:redefine", "xs:notation",
    "type xs:NOTATION", "remote schemaLocation", "XSD 1.1 construct",
}


def qname_ns(node, value, nsmap):
    prefix = value.split(":", 1)[0] if ":" in value else ""
    return nsmap.get(prefix, "")


def read_nsmaps(path):
    """Prefix maps in scope per element (ElementTree drops them; collect from start-ns events)."""
    maps = {}
    stack = [{}]
    pending = {}
    for event, item in ET.iterparse(path, events=("start-ns", "start", "end")):
        if event == "start-ns":
            pending[item[0]] = item[1]
        elif event == "start":
            scope = dict(stack[-1])
            scope.update(pending)
            pending = {}
            stack.append(scope)
            maps[item] = scope
        else:
            stack.pop()
    return maps, item


def survey(path):
    used = set()
    nsmaps, root = read_nsmaps(path)
    if root.tag != XS + "schema":
        return None

    def add(name):
        used.add(name)

    if root.get("elementFormDefault") == "qualified":
        add("elementFormDefault=qualified")
    if root.get("targetNamespace") is None:
        add("no targetNamespace")
    for n in root.iter():
        if not isinstance(n.tag, str) or not n.tag.startswith(XS):
            continue
        local = n.tag[len(XS):]
        parent_is_schema = n in list(root)
        nsmap = nsmaps.get(n, {})
        if local in ("unique", "key", "keyref", "redefine", "notation"):
            add("xs:" + local)
        elif local in ("assert", "assertion", "openContent", "defaultOpenContent", "override",
                       "alternative", "explicitTimezone"):
            add("XSD 1.1 construct")
        elif local in ("sequence", "choice", "all"):
            add("xs:" + local)
            if n.get("minOccurs", "1") != "1" or n.get("maxOccurs", "1") != "1":
                add("compositor with occurrence bounds")
        elif local == "group":
            add("xs:group (named model group)" if parent_is_schema else "xs:group ref")
        elif local == "any":
            add("xs:any (%s, %s)" % (n.get("namespace", "##any"), n.get("processContents", "strict")))
        elif local == "anyAttribute":
            add("xs:anyAttribute (%s, %s)" % (n.get("namespace", "##any"), n.get("processContents", "strict")))
        elif local == "element":
            add("global element" if parent_is_schema else ("element ref" if n.get("ref") else "local element"))
            if n.get("minOccurs") == "0":
                add("minOccurs=0")
            if n.get("maxOccurs") not in (None, "1"):
                add("maxOccurs>1 or unbounded")
            for a in ("nillable", "fixed", "default", "abstract", "substitutionGroup", "block", "final", "form"):
                if n.get(a) is not None:
                    add(a if a == "substitutionGroup" else "element @" + a)
            if (n.get("ref") is None and n.get("type") is None and n.find(XS + "complexType") is None
                    and n.find(XS + "simpleType") is None):
                add("element without a type (xs:anyType)")
        elif local == "attribute":
            add("attribute ref" if n.get("ref") else ("global attribute" if parent_is_schema else "local attribute"))
            for a in ("fixed", "default", "form"):
                if n.get(a) is not None:
                    add("attribute @" + a)
            if n.get("use") in ("required", "prohibited"):
                add("attribute use=" + n.get("use"))
            if (n.get("ref") or "").startswith("xml:"):
                add("xml: attribute")
        elif local == "attributeGroup":
            add("xs:attributeGroup" if parent_is_schema else "xs:attributeGroup ref")
        elif local == "complexType":
            add("named complexType" if parent_is_schema else "anonymous complexType")
            if n.get("mixed") in ("true", "1"):
                add("mixed content")
            if n.get("abstract") in ("true", "1"):
                add("abstract complexType")
            if n.get("block") is not None or n.get("final") is not None:
                add("complexType @block/@final")
        elif local == "simpleType":
            add("named simpleType" if parent_is_schema else "anonymous simpleType")
        elif local in ("simpleContent", "complexContent"):
            for d in n:
                if isinstance(d.tag, str) and d.tag in (XS + "extension", XS + "restriction"):
                    add("%s %s" % (local, d.tag[len(XS):]))
            if n.get("mixed") is not None:
                add("mixed content")
        elif local in ("list", "union"):
            add("xs:" + local)
        elif local in ("enumeration", "pattern", "length", "minLength", "maxLength", "totalDigits",
                       "fractionDigits", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
                       "whiteSpace"):
            add("facet " + local)
        elif local in ("include", "import"):
            loc = n.get("schemaLocation")
            add("xs:" + local + ("" if loc else " (no schemaLocation)"))
            if loc and "://" in loc:
                add("remote schemaLocation")
        for attr_name in ("type", "base", "itemType"):
            v = n.get(attr_name)
            if v and qname_ns(n, v, nsmap) == XSD_NS:
                name = v.split(":", 1)[-1]
                add("type xs:NOTATION" if name == "NOTATION" else "built-in xs:" + name)
        for m in (n.get("memberTypes") or "").split():
            if qname_ns(n, m, nsmap) == XSD_NS:
                add("built-in xs:" + m.split(":", 1)[-1])
    return used


def main(argv):
    files = []
    for arg in argv[1:]:
        if os.path.isfile(arg):
            files.append(arg)
        for top, _, names in os.walk(arg):
            files.extend(os.path.join(top, f) for f in sorted(names) if f.endswith(".xsd"))
    counts = {}
    read = 0
    skipped = []
    for f in sorted(set(files)):
        try:
            used = survey(f)
        except ET.ParseError:
            used = None
        if used is None:
            skipped.append(f)
            continue
        read += 1
        for c in used:
            counts[c] = counts.get(c, 0) + 1
    print("%d schema documents read%s.\n" % (read, "; not read (not well-formed or not an xs:schema): " +
                                                ", ".join(skipped) if skipped else ""))
    print("| construct | schemas | model exact |")
    print("|---|---:|---|")
    for c in sorted(counts, key=lambda c: (-counts[c], c)):
        print("| %s | %d | %s |" % (c, counts[c], "no: unsupported" if c in EXACT_NO else "yes"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
