#pragma once

// What the two libxml2 SAX clients of validate/ (the validator and peek_root) share; the parsers
// themselves come from the safe parser factory, xml/parser.hpp.

#include "altkit/validate/result.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/parser.h>

#include <cstdint>
#include <string>

namespace altkit::validate::detail {

/// The root element as a startElementNs event describes it (SAX2 attribute quintuples). Its
/// attributes are collected only for routing (`with_attributes`).
inline RootInfo root_from_event(const xmlParserCtxt* pctxt, const xmlChar* localname, const xmlChar* prefix,
                                const xmlChar* uri, int nb_attributes, const xmlChar** attributes,
                                bool with_attributes = true) {
  RootInfo root;
  root.found = true;
  root.local = xml::str(localname);
  root.ns = xml::str(uri);
  root.qname = xml::qualified(prefix, localname);
  for (int i = 0; with_attributes && i < nb_attributes; ++i) {
    if (attributes[i * 5 + 2] == nullptr) { // unqualified attributes only
      root.attributes[xml::str(attributes[i * 5])] =
          std::string(reinterpret_cast<const char*>(attributes[i * 5 + 3]),
                      static_cast<std::size_t>(attributes[i * 5 + 4] - attributes[i * 5 + 3]));
    }
  }
  if (pctxt != nullptr && pctxt->input != nullptr) {
    root.line = static_cast<std::uint64_t>(pctxt->input->line);
    root.column = xml::column_after_tag(pctxt);
  }
  return root;
}

} // namespace altkit::validate::detail
