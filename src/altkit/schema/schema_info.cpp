#include "altkit/schema/schema_info.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/schema/xsd_dom.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/xmlerror.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>

namespace altkit::schema {

namespace {

using dom::attr;
using dom::is_xsd;
using dom::local_part;

struct Walker {
  const xmlNode* schema_root;
  std::set<std::string> visiting;

  const xmlNode* find_global(const char* kind, const std::string& name) const {
    for (const xmlNode* c = schema_root->children; c != nullptr; c = c->next) {
      if (is_xsd(c, kind) && attr(c, "name") == name) {
        return c;
      }
    }
    return nullptr;
  }

  // Collects fixed identifying attributes from a complexType subtree, following extension and
  // restriction bases to other global complexTypes of the same document.
  void collect(const xmlNode* node, std::map<std::string, std::string>& fixed) {
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) {
        continue;
      }
      if (is_xsd(c, "element") || is_xsd(c, "annotation")) {
        continue; // attributes of child elements are not the root's
      }
      if (is_xsd(c, "attribute")) {
        std::string name = attr(c, "name");
        if (name.empty()) {
          name = local_part(attr(c, "ref"));
        }
        std::string value = attr(c, "fixed");
        for (const auto& id : identifying_attributes()) {
          if (name == id && !value.empty()) {
            fixed[name] = value;
          }
        }
        continue;
      }
      if (is_xsd(c, "extension") || is_xsd(c, "restriction")) {
        std::string base = local_part(attr(c, "base"));
        if (!base.empty() && visiting.insert(base).second) {
          if (const xmlNode* t = find_global("complexType", base)) {
            collect(t, fixed);
          }
        }
      }
      collect(c, fixed);
    }
  }
};

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    n += (c & 0xC0) != 0x80 ? 1 : 0;
  }
  return n;
}

// A restriction whose length facets reject some of its own enumeration values: the code list
// can never accept those codes (seen in real SERES Datakodeutvalg types). One warning per type.
void lint_enumerations(const xmlNode* schema_root, const std::string& path, std::vector<diag::Diagnostic>& out) {
  for (const xmlNode* t = schema_root->children; t != nullptr; t = t->next) {
    if (!is_xsd(t, "simpleType")) {
      continue;
    }
    for (const xmlNode* r = t->children; r != nullptr; r = r->next) {
      if (!is_xsd(r, "restriction")) {
        continue;
      }
      long min_len = -1;
      long max_len = -1;
      std::vector<std::string> values;
      for (const xmlNode* f = r->children; f != nullptr; f = f->next) {
        if (is_xsd(f, "length")) {
          min_len = max_len = std::atol(attr(f, "value").c_str());
        } else if (is_xsd(f, "minLength")) {
          min_len = std::atol(attr(f, "value").c_str());
        } else if (is_xsd(f, "maxLength")) {
          max_len = std::atol(attr(f, "value").c_str());
        } else if (is_xsd(f, "enumeration")) {
          values.push_back(attr(f, "value"));
        }
      }
      if (values.empty() || (min_len < 0 && max_len < 0)) {
        continue;
      }
      std::vector<std::string> rejected;
      for (const auto& v : values) {
        auto n = static_cast<long>(utf8_length(v));
        if ((min_len >= 0 && n < min_len) || (max_len >= 0 && n > max_len)) {
          rejected.push_back(v);
        }
      }
      if (rejected.empty()) {
        continue;
      }
      std::string bounds = min_len == max_len ? "length " + std::to_string(max_len)
                           : max_len >= 0 && min_len >= 0
                               ? "minLength " + std::to_string(min_len) + "/maxLength " + std::to_string(max_len)
                           : max_len >= 0 ? "maxLength " + std::to_string(max_len)
                                          : "minLength " + std::to_string(min_len);
      out.push_back(diag::Diagnostic::of(diag::code::schema_lint)
                        .at(path, static_cast<std::uint64_t>(xmlGetLineNo(r)))
                        .message("code list '" + attr(t, "name") + "' can never accept " +
                                 std::to_string(rejected.size()) + " of its " + std::to_string(values.size()) +
                                 " values: they break its " + bounds + " (first: '" + rejected[0] + "')"));
    }
  }
}

} // namespace

const std::vector<std::string>& identifying_attributes() {
  static const std::vector<std::string> k_names{"dataFormatId", "dataFormatVersion", "skjemanummer",
                                                "spesifikasjonsnummer"};
  return k_names;
}

const GlobalElement* SchemaInfo::find_element(const std::string& name) const {
  for (const auto& e : elements) {
    if (e.name == name) {
      return &e;
    }
  }
  return nullptr;
}

const GlobalElement* SchemaInfo::element_of_type(const std::string& type_name) const {
  for (const auto& e : elements) {
    if (!e.type_name.empty() && e.type_name == type_name) {
      return &e;
    }
  }
  return nullptr;
}

std::optional<SchemaInfo> read_schema_info(const std::string& path, diag::DiagnosticSink& sink) {
  xml::init_libxml();
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    std::fclose(f);
  } else {
    std::string why = std::strerror(errno); // before anything else may set errno
    sink.add(diag::Diagnostic::of(diag::code::schema_unreadable).at(path).message("cannot read schema: " + why));
    return std::nullopt;
  }
  // Errors are taken from the parser's context; nothing may reach stderr on its own.
  xml::ParseError error;
  xml::xml_ptr<xmlDoc> doc;
  {
    xml::ErrorHandlerScope quiet(nullptr, xml::ignore_errors);
    doc = xml::read_file(path, xml::Doctype::allow, XML_PARSE_NOERROR | XML_PARSE_NOWARNING, &error);
  }
  if (!doc) {
    if (!error.message.empty()) {
      sink.add(diag::Diagnostic::of(diag::code::schema_unreadable)
                   .at(path, error.line > 0 ? static_cast<std::uint64_t>(error.line) : 0,
                       error.column > 0 ? static_cast<std::uint64_t>(error.column) : 0)
                   .message("cannot read schema: " + diag::tidy_message(error.message)));
    } else {
      sink.add(diag::Diagnostic::of(diag::code::schema_unreadable).at(path).message("cannot read schema"));
    }
    return std::nullopt;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || !is_xsd(root, "schema")) {
    sink.add(diag::Diagnostic::of(diag::code::not_a_schema)
                 .at(path, root != nullptr ? static_cast<std::uint64_t>(xmlGetLineNo(root)) : 0)
                 .message("not an xml schema: the root element is not xs:schema"));
    return std::nullopt;
  }
  SchemaInfo info;
  info.path = path;
  info.target_namespace = attr(root, "targetNamespace");
  Walker walker{root, {}};
  for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
    if (!is_xsd(c, "element")) {
      continue;
    }
    GlobalElement ge;
    ge.name = attr(c, "name");
    ge.type_name = local_part(attr(c, "type"));
    walker.visiting.clear();
    if (!ge.type_name.empty()) {
      walker.visiting.insert(ge.type_name);
      if (const xmlNode* t = walker.find_global("complexType", ge.type_name)) {
        walker.collect(t, ge.fixed);
      }
    } else {
      walker.collect(c, ge.fixed);
    }
    info.elements.push_back(std::move(ge));
  }
  lint_enumerations(root, path, info.lint);
  return info;
}

} // namespace altkit::schema
