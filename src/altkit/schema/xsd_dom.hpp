#pragma once

// Small helpers for reading schema documents as DOM trees (schema_info, corpus-gen's model).

#include "altkit/xml/handles.hpp"

#include <libxml/tree.h>

#include <cstring>
#include <string>

namespace altkit::schema::dom {

inline constexpr const char* k_xsd_ns = "http://www.w3.org/2001/XMLSchema";

/// Is `n` the XML Schema element `local` (xs:element, xsd:complexType, ...)?
inline bool is_xsd(const xmlNode* n, const char* local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE && n->ns != nullptr &&
         std::strcmp(reinterpret_cast<const char*>(n->ns->href), k_xsd_ns) == 0 &&
         std::strcmp(reinterpret_cast<const char*>(n->name), local) == 0;
}

/// An unqualified attribute's value, or "".
inline std::string attr(const xmlNode* n, const char* name) {
  xml::xml_ptr<xmlChar> v(xmlGetNoNsProp(n, reinterpret_cast<const xmlChar*>(name)));
  return v ? std::string(reinterpret_cast<const char*>(v.get())) : std::string();
}

inline bool has_attr(const xmlNode* n, const char* name) {
  return xmlHasProp(n, reinterpret_cast<const xmlChar*>(name)) != nullptr;
}

/// "prefix:local" -> "local".
inline std::string local_part(const std::string& qname) {
  auto colon = qname.find(':');
  return colon == std::string::npos ? qname : qname.substr(colon + 1);
}

} // namespace altkit::schema::dom
