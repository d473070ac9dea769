#pragma once

// Helpers shared by the two libxml2 SAX clients (the validator and peek_root).

#include "altkit/validate/result.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"

#include <libxml/parser.h>

#include <cstdint>
#include <cstring>
#include <new>
#include <string>

namespace altkit::validate::detail {

inline std::string str(const xmlChar* s) { return s != nullptr ? reinterpret_cast<const char*>(s) : ""; }

inline std::string qualified(const xmlChar* prefix, const xmlChar* localname) {
  return prefix != nullptr ? str(prefix) + ":" + str(localname) : str(localname);
}

/// At a startElementNs event the parser stands on the tag's closing '>' or '/>'; Xerces reports
/// the column after it. Returns that column, so both engines name the same place.
inline std::uint64_t column_after_tag(const xmlParserCtxt* pctxt) {
  if (pctxt == nullptr || pctxt->input == nullptr) {
    return 0;
  }
  const xmlChar* cur = pctxt->input->cur;
  std::uint64_t col = static_cast<std::uint64_t>(pctxt->input->col);
  return col + (cur == nullptr ? 0 : cur[0] == '/' ? 2 : cur[0] == '>' ? 1 : 0);
}

/// The root element as a startElementNs event describes it (SAX2 attribute quintuples). Its
/// attributes are collected only for routing (`with_attributes`).
inline RootInfo root_from_event(const xmlParserCtxt* pctxt, const xmlChar* localname, const xmlChar* prefix,
                                const xmlChar* uri, int nb_attributes, const xmlChar** attributes,
                                bool with_attributes = true) {
  RootInfo root;
  root.found = true;
  root.local = str(localname);
  root.ns = str(uri);
  root.qname = qualified(prefix, localname);
  for (int i = 0; with_attributes && i < nb_attributes; ++i) {
    if (attributes[i * 5 + 2] == nullptr) { // unqualified attributes only
      root.attributes[str(attributes[i * 5])] =
          std::string(reinterpret_cast<const char*>(attributes[i * 5 + 3]),
                      static_cast<std::size_t>(attributes[i * 5 + 4] - attributes[i * 5 + 3]));
    }
  }
  if (pctxt != nullptr && pctxt->input != nullptr) {
    root.line = static_cast<std::uint64_t>(pctxt->input->line);
    root.column = column_after_tag(pctxt);
  }
  return root;
}

/// SAX2 handlers with only these callbacks (no tree is built).
inline xmlSAXHandler sax_handler(startElementNsSAX2Func start, endElementNsSAX2Func end, internalSubsetSAXFunc subset) {
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = start;
  sax.endElementNs = end;
  sax.internalSubset = subset;
  return sax;
}

/// Takes ownership of a new parser context and gives it altkit's safe options.
inline xml::xml_ptr<xmlParserCtxt> with_safe_options(xmlParserCtxtPtr pctxt) {
  if (pctxt == nullptr) {
    throw std::bad_alloc();
  }
  xmlCtxtUseOptions(pctxt, xml::safe_parse_options());
  return xml::xml_ptr<xmlParserCtxt>(pctxt);
}

/// A push parser with altkit's safe options whose SAX2 events go to these handlers only.
/// `first`/`size` may carry the first bytes, for encoding detection.
inline xml::xml_ptr<xmlParserCtxt> make_push_parser(startElementNsSAX2Func start, endElementNsSAX2Func end,
                                                    internalSubsetSAXFunc subset, const std::string& name,
                                                    const char* first = nullptr, int size = 0) {
  xml::init_libxml();
  xmlSAXHandler sax = sax_handler(start, end, subset);
  return with_safe_options(xmlCreatePushParserCtxt(&sax, nullptr, first, size, name.c_str()));
}

} // namespace altkit::validate::detail
