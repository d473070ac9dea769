#include "altkit/xml/xml_catalog.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/tree.h>
#include <libxml/uri.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

namespace altkit::xml {

namespace {

constexpr const char* k_catalog_ns = "urn:oasis:names:tc:entity:xmlns:xml:catalog";

std::atomic<const LocationResolver*> g_resolver{nullptr};

bool is_catalog(const xmlNode* n, const char* local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE && n->ns != nullptr &&
         std::strcmp(reinterpret_cast<const char*>(n->ns->href), k_catalog_ns) == 0 &&
         std::strcmp(reinterpret_cast<const char*>(n->name), local) == 0;
}

std::string prop(const xmlNode* n, const char* name) {
  xml_ptr<xmlChar> v(xmlGetNoNsProp(n, reinterpret_cast<const xmlChar*>(name)));
  return v ? std::string(reinterpret_cast<const char*>(v.get())) : std::string();
}

/// `ref` made absolute against `base` (RFC 3986), as a plain path when it is a local file.
std::string absolute(const std::string& ref, const std::string& base) {
  xml_ptr<xmlChar> built(
      xmlBuildURI(reinterpret_cast<const xmlChar*>(ref.c_str()), reinterpret_cast<const xmlChar*>(base.c_str())));
  std::string out = built ? reinterpret_cast<const char*>(built.get()) : ref;
  if (out.rfind("file://", 0) == 0) {
    char* unescaped = xmlURIUnescapeString(out.c_str() + 7, 0, nullptr);
    if (unescaped == nullptr) {
      return out.substr(7);
    }
    std::string path(unescaped);
    xmlFree(unescaped);
    return path;
  }
  return out;
}

struct Reader {
  std::vector<XmlCatalogs::Entry>& entries;
  diag::DiagnosticSink& sink;
  std::set<std::string> seen;
  bool ok = true;

  void file(const std::string& path, const std::string& referrer) {
    if (!seen.insert(path).second) {
      return; // a catalog named twice, or a nextCatalog loop
    }
    if (is_remote_location(path)) {
      sink.add(diag::Diagnostic::of(diag::code::xml_catalog)
                   .at(referrer.empty() ? path : referrer)
                   .message("xml catalog '" + path + "' not read: altkit never uses the network"));
      ok = false;
      return;
    }
    if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
      std::fclose(f);
    } else {
      std::string why = std::strerror(errno);
      sink.add(diag::Diagnostic::of(diag::code::xml_catalog)
                   .at(path)
                   .message("cannot read xml catalog: " + why +
                            (referrer.empty() ? "" : " (nextCatalog of " + referrer + ")")));
      ok = false;
      return;
    }
    ParseError error;
    xml_ptr<xmlDoc> doc;
    {
      ErrorHandlerScope quiet(nullptr, ignore_errors);
      doc = read_file(path, Doctype::allow, XML_PARSE_NOERROR | XML_PARSE_NOWARNING, &error);
    }
    const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
    if (root == nullptr || !is_catalog(root, "catalog")) {
      std::string why =
          !doc ? (error.message.empty() ? std::string("cannot be read") : diag::tidy_message(error.message))
               : "not an oasis xml catalog (root element is not catalog in " + std::string(k_catalog_ns) + ")";
      sink.add(diag::Diagnostic::of(diag::code::xml_catalog)
                   .at(path, error.line > 0 ? static_cast<std::uint64_t>(error.line) : 0)
                   .message("cannot read xml catalog: " + why));
      ok = false;
      return;
    }
    std::vector<std::string> next;
    children(root, absolute(path, ""), next);
    for (const auto& n : next) {
      file(n, path);
    }
  }

  void children(const xmlNode* parent, const std::string& base, std::vector<std::string>& next) {
    for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) {
        continue;
      }
      std::string here = base;
      xml_ptr<xmlChar> xb(xmlGetNsProp(c, reinterpret_cast<const xmlChar*>("base"), XML_XML_NAMESPACE));
      if (xb) {
        here = absolute(reinterpret_cast<const char*>(xb.get()), base);
      }
      auto add = [&](XmlCatalogs::Entry::Kind kind, const char* match_attr, const char* to_attr) {
        std::string match = prop(c, match_attr);
        std::string to = prop(c, to_attr);
        if (!match.empty() && !to.empty()) {
          entries.push_back({kind, match, absolute(to, here)});
        }
      };
      if (is_catalog(c, "group")) {
        children(c, here, next);
      } else if (is_catalog(c, "system")) {
        add(XmlCatalogs::Entry::system, "systemId", "uri");
      } else if (is_catalog(c, "rewriteSystem")) {
        add(XmlCatalogs::Entry::rewrite_system, "systemIdStartString", "rewritePrefix");
      } else if (is_catalog(c, "systemSuffix")) {
        add(XmlCatalogs::Entry::system_suffix, "systemIdSuffix", "uri");
      } else if (is_catalog(c, "uri")) {
        add(XmlCatalogs::Entry::uri, "name", "uri");
      } else if (is_catalog(c, "rewriteURI")) {
        add(XmlCatalogs::Entry::rewrite_uri, "uriStartString", "rewritePrefix");
      } else if (is_catalog(c, "uriSuffix")) {
        add(XmlCatalogs::Entry::uri_suffix, "uriSuffix", "uri");
      } else if (is_catalog(c, "nextCatalog")) {
        std::string cat = prop(c, "catalog");
        if (!cat.empty()) {
          next.push_back(absolute(cat, here));
        }
      }
    }
  }
};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

std::unique_ptr<XmlCatalogs> XmlCatalogs::load(const std::vector<std::string>& files, diag::DiagnosticSink& sink) {
  init_libxml();
  auto out = std::unique_ptr<XmlCatalogs>(new XmlCatalogs());
  Reader reader{out->m_entries, sink, {}};
  for (const auto& f : files) {
    reader.file(strip_file_scheme(f), "");
  }
  if (!reader.ok) {
    return nullptr;
  }
  return out;
}

// OASIS XML Catalogs 1.1, 7.2.2 (system) and 7.2.3 (URI): an exact entry wins; else the longest
// matching rewrite start string; else the longest matching suffix. Entries of earlier files
// (and of a file before its nextCatalog files) come first, so one "level" is searched at a time
// only approximately: a later file's exact match does not beat an earlier file's rewrite.
std::string XmlCatalogs::lookup(const std::string& id, bool as_system) const {
  const Entry::Kind exact = as_system ? Entry::system : Entry::uri;
  const Entry::Kind rewrite = as_system ? Entry::rewrite_system : Entry::rewrite_uri;
  const Entry::Kind suffix = as_system ? Entry::system_suffix : Entry::uri_suffix;
  for (const auto& e : m_entries) {
    if (e.kind == exact && e.match == id) {
      return e.to;
    }
  }
  const Entry* best = nullptr;
  for (const auto& e : m_entries) {
    if (e.kind == rewrite && id.rfind(e.match, 0) == 0 && (best == nullptr || e.match.size() > best->match.size())) {
      best = &e;
    }
  }
  if (best != nullptr) {
    return absolute(id.substr(best->match.size()), best->to.back() == '/' ? best->to : best->to + "/");
  }
  for (const auto& e : m_entries) {
    if (e.kind == suffix && ends_with(id, e.match) && (best == nullptr || e.match.size() > best->match.size())) {
      best = &e;
    }
  }
  return best != nullptr ? best->to : std::string();
}

std::string XmlCatalogs::resolve(const std::string& location, const std::string& ns) const {
  std::string found;
  if (!location.empty()) {
    found = lookup(location, true);
    if (found.empty()) {
      found = lookup(location, false);
    }
  }
  if (found.empty() && !ns.empty()) {
    found = lookup(ns, false);
  }
  return is_remote_location(found) ? std::string() : found;
}

std::vector<std::string> catalog_files_from_env(const char* value) {
  std::vector<std::string> out;
  if (value == nullptr) {
    return out;
  }
  std::string cur;
  for (const char* p = value;; ++p) {
    if (*p == '\0' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      if (!cur.empty()) {
        out.push_back(strip_file_scheme(cur));
        cur.clear();
      }
      if (*p == '\0') {
        break;
      }
    } else {
      cur += *p;
    }
  }
  return out;
}

void set_location_resolver(const LocationResolver* resolver) {
  g_resolver.store(resolver);
}

const LocationResolver* location_resolver() {
  return g_resolver.load();
}

bool is_remote_location(const std::string& location) {
  return location.find("://") != std::string::npos && location.rfind("file://", 0) != 0;
}

std::string strip_file_scheme(std::string location) {
  if (location.rfind("file://", 0) == 0) {
    location.erase(0, 7);
  }
  return location;
}

} // namespace altkit::xml
