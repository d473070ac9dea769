#include "altkit/xml/libxml.hpp"

#include "altkit/xml/xml_catalog.hpp"

#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlschemastypes.h>

#include <cstring>
#include <mutex>

namespace altkit::xml {

namespace {

xmlExternalEntityLoader g_default_loader = nullptr;

bool is_local(const char* url) {
  if (url == nullptr) {
    return false;
  }
  if (std::strncmp(url, "file://", 7) == 0) {
    return true;
  }
  // A scheme is letters followed by "://": anything with one (http, ftp, ...) is remote.
  const char* colon = std::strstr(url, "://");
  return colon == nullptr;
}

xmlParserInputPtr local_only_loader(const char* url, const char* id, xmlParserCtxtPtr ctxt) {
  if (url == nullptr) {
    return nullptr;
  }
  // An XML catalog (--xml-catalog, XML_CATALOG_FILES) maps a location to a local file first;
  // libxml2's own catalogs (/etc/xml/catalog) are switched off, so both engines see the same.
  if (const LocationResolver* r = location_resolver()) {
    std::string local = r->resolve(url, "");
    if (!local.empty()) {
      return g_default_loader(local.c_str(), id, ctxt);
    }
  }
  if (!is_local(url)) {
    // libxml2's own no-network loader refuses http:// and ftp:// with a message that names the
    // URL; any other scheme is refused here without one (the caller reports the failed load).
    if (std::strncmp(url, "http://", 7) == 0 || std::strncmp(url, "ftp://", 6) == 0) {
      return xmlNoNetExternalEntityLoader(url, id, ctxt);
    }
    return nullptr;
  }
  return g_default_loader(url, id, ctxt);
}

} // namespace

void init_libxml() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSchemaInitTypes(); // the built-in types, read by schema::same_value from any thread
    xmlCatalogSetDefaults(XML_CATA_ALLOW_NONE);
    g_default_loader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(local_only_loader);
  });
}

bool is_namespace_uri_complaint(const xmlError& e) {
  return e.domain == XML_FROM_NAMESPACE && (e.code == XML_WAR_NS_URI || e.code == XML_WAR_NS_URI_RELATIVE);
}

void ignore_errors(void* /*ctx*/, xmlErrorPtr /*error*/) {}

} // namespace altkit::xml
