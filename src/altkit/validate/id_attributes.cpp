#include "altkit/validate/id_attributes.hpp"

#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/tree.h>

#include <filesystem>
#include <map>
#include <vector>

namespace altkit::validate {

namespace {

constexpr const char* k_xsd = "http://www.w3.org/2001/XMLSchema";

bool is_xsd(const xmlNode* n, const char* local) {
  return n->type == XML_ELEMENT_NODE && n->ns != nullptr && xml::str(n->ns->href) == k_xsd &&
         xml::str(n->name) == local;
}

std::string attr(const xmlNode* n, const char* name) {
  xml::xml_ptr<xmlChar> v(xmlGetNoNsProp(n, reinterpret_cast<const xmlChar*>(name)));
  return xml::str(v.get());
}

/// A type reference: its namespace URI (through the prefixes in scope at `n`) and local name.
std::pair<std::string, std::string> resolve(const xmlNode* n, const std::string& qname) {
  std::size_t colon = qname.find(':');
  std::string prefix = colon == std::string::npos ? std::string() : qname.substr(0, colon);
  std::string local = colon == std::string::npos ? qname : qname.substr(colon + 1);
  const xmlNs* ns = xmlSearchNs(n->doc, const_cast<xmlNode*>(n),
                                prefix.empty() ? nullptr : reinterpret_cast<const xmlChar*>(prefix.c_str()));
  return {ns != nullptr ? xml::str(ns->href) : std::string(), local};
}

struct Walk {
  std::map<std::string, std::pair<std::string, std::string>> simple_bases;             ///< named simple type -> base
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> attributes; ///< name -> type
  std::set<std::string> seen;

  /// The base a simpleType restricts (attribute or inline xs:restriction).
  static std::pair<std::string, std::string> base_of(const xmlNode* simple) {
    for (const xmlNode* c = simple->children; c != nullptr; c = c->next) {
      if (is_xsd(c, "restriction")) {
        std::string b = attr(c, "base");
        if (!b.empty()) {
          return resolve(c, b);
        }
      }
    }
    return {};
  }

  void visit(const xmlNode* n, const std::filesystem::path& dir, std::vector<std::string>& queue) {
    for (const xmlNode* c = n; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) {
        continue;
      }
      if (is_xsd(c, "include") || is_xsd(c, "import") || is_xsd(c, "redefine")) {
        std::string loc = attr(c, "schemaLocation");
        if (!loc.empty() && loc.find("://") == std::string::npos) {
          queue.push_back((dir / loc).lexically_normal().string());
        }
      } else if (is_xsd(c, "simpleType") && !attr(c, "name").empty()) {
        simple_bases[attr(c, "name")] = base_of(c);
      } else if (is_xsd(c, "attribute") && !attr(c, "name").empty()) {
        std::string type = attr(c, "type");
        std::pair<std::string, std::string> t;
        if (!type.empty()) {
          t = resolve(c, type);
        } else {
          for (const xmlNode* s = c->children; s != nullptr; s = s->next) {
            if (is_xsd(s, "simpleType")) {
              t = base_of(s);
            }
          }
        }
        attributes.emplace_back(attr(c, "name"), t);
      }
      visit(c->children, dir, queue);
    }
  }

  bool is_id(std::pair<std::string, std::string> t) const {
    for (int guard = 0; guard < 32 && !t.second.empty(); ++guard) {
      if (t.first == k_xsd) {
        return t.second == "ID";
      }
      auto it = simple_bases.find(t.second);
      if (it == simple_bases.end()) {
        return false;
      }
      t = it->second;
    }
    return false;
  }
};

} // namespace

std::set<std::string> id_attribute_names(const std::string& schema_path) {
  Walk walk;
  std::vector<std::string> queue{schema_path};
  while (!queue.empty()) {
    std::string path = queue.back();
    queue.pop_back();
    if (!walk.seen.insert(path).second || walk.seen.size() > 1000) {
      continue;
    }
    xml::ErrorHandlerScope quiet(nullptr, xml::ignore_errors);
    auto doc = xml::read_file(path, xml::Doctype::allow, XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
      continue;
    }
    walk.visit(xmlDocGetRootElement(doc.get()), std::filesystem::path(path).parent_path(), queue);
  }
  std::set<std::string> ids;
  std::set<std::string> others;
  for (const auto& [name, type] : walk.attributes) {
    (walk.is_id(type) ? ids : others).insert(name);
  }
  for (const auto& o : others) {
    ids.erase(o);
  }
  return ids;
}

} // namespace altkit::validate
