#pragma once

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlregexp.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include <memory>

namespace altkit::xml {

/// One deleter with an overload per libxml2 type; use through xml_ptr<T>.
struct XmlDeleter {
  void operator()(xmlDoc* p) const { xmlFreeDoc(p); }
  void operator()(xmlParserCtxt* p) const { xmlFreeParserCtxt(p); }
  void operator()(xmlSchemaParserCtxt* p) const { xmlSchemaFreeParserCtxt(p); }
  void operator()(xmlSchema* p) const { xmlSchemaFree(p); }
  void operator()(xmlSchemaValidCtxt* p) const { xmlSchemaFreeValidCtxt(p); }
  void operator()(xmlXPathContext* p) const { xmlXPathFreeContext(p); }
  void operator()(xmlXPathObject* p) const { xmlXPathFreeObject(p); }
  void operator()(xmlTextReader* p) const { xmlFreeTextReader(p); }
  void operator()(xmlRegexp* p) const { xmlRegFreeRegexp(p); }
  void operator()(xmlChar* p) const { xmlFree(p); }
  void operator()(xmlNs** p) const { xmlFree(p); } ///< xmlGetNsList's array
};

template <class T> using xml_ptr = std::unique_ptr<T, XmlDeleter>;

} // namespace altkit::xml
