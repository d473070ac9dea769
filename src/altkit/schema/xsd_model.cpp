#include "altkit/schema/xsd_model.hpp"

#include "altkit/schema/schema_info.hpp"
#include "altkit/schema/xsd_dom.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace altkit::schema {

namespace {

using schema::dom::attr;
using schema::dom::has_attr;
using schema::dom::is_xsd;
constexpr const char* k_xsd = schema::dom::k_xsd_ns;
constexpr const char* k_xml_ns = "http://www.w3.org/XML/1998/namespace";
constexpr int k_max_depth = 64; ///< simple-type derivation and attribute-group nesting

long occurs(const xmlNode* n, const char* name, long dflt) {
  if (!has_attr(n, name)) {
    return dflt;
  }
  std::string v = attr(n, name);
  return v == "unbounded" ? -1 : std::atol(v.c_str());
}

/// XSD booleans: "true" and "1" (Part 2 §3.2.2), surrounding whitespace collapsed.
bool is_true(const xmlNode* n, const char* name) {
  std::string v = attr(n, name);
  v.erase(0, std::min(v.find_first_not_of(" \t\r\n"), v.size()));
  v.erase(v.find_last_not_of(" \t\r\n") + 1);
  return v == "true" || v == "1";
}

bool is_compositor(const xmlNode* n) {
  return is_xsd(n, "sequence") || is_xsd(n, "choice") || is_xsd(n, "all");
}

/// The element and attribute names of XML Schema 1.0's own schema; any other element in the XSD
/// namespace (XSD 1.1's xs:assert, xs:openContent, xs:override, xs:alternative, ...) is not read.
const std::unordered_set<std::string>& xsd10_names() {
  static const std::unordered_set<std::string> names{"schema",         "annotation",    "documentation",
                                                     "appinfo",        "include",       "import",
                                                     "redefine",       "element",       "attribute",
                                                     "complexType",    "simpleType",    "group",
                                                     "attributeGroup", "notation",      "sequence",
                                                     "choice",         "all",           "any",
                                                     "anyAttribute",   "simpleContent", "complexContent",
                                                     "extension",      "restriction",   "list",
                                                     "union",          "unique",        "key",
                                                     "keyref",         "selector",      "field",
                                                     "enumeration",    "pattern",       "length",
                                                     "minLength",      "maxLength",     "totalDigits",
                                                     "fractionDigits", "minInclusive",  "maxInclusive",
                                                     "minExclusive",   "maxExclusive",  "whiteSpace"};
  return names;
}

/// The built-in types of XML Schema 1.0 Part 2 §3 (plus the ur-types).
const std::unordered_set<std::string>& builtin_names() {
  static const std::unordered_set<std::string> names{"anyType",
                                                     "anySimpleType",
                                                     "string",
                                                     "boolean",
                                                     "decimal",
                                                     "float",
                                                     "double",
                                                     "duration",
                                                     "dateTime",
                                                     "time",
                                                     "date",
                                                     "gYearMonth",
                                                     "gYear",
                                                     "gMonthDay",
                                                     "gDay",
                                                     "gMonth",
                                                     "hexBinary",
                                                     "base64Binary",
                                                     "anyURI",
                                                     "QName",
                                                     "NOTATION",
                                                     "normalizedString",
                                                     "token",
                                                     "language",
                                                     "NMTOKEN",
                                                     "NMTOKENS",
                                                     "Name",
                                                     "NCName",
                                                     "ID",
                                                     "IDREF",
                                                     "IDREFS",
                                                     "ENTITY",
                                                     "ENTITIES",
                                                     "integer",
                                                     "nonPositiveInteger",
                                                     "negativeInteger",
                                                     "long",
                                                     "int",
                                                     "short",
                                                     "byte",
                                                     "nonNegativeInteger",
                                                     "unsignedLong",
                                                     "unsignedInt",
                                                     "unsignedShort",
                                                     "unsignedByte",
                                                     "positiveInteger"};
  return names;
}

struct QName {
  std::string ns;
  std::string local;
};

struct Doc {
  xml::xml_ptr<xmlDoc> doc;
  const xmlNode* root = nullptr;
  std::string path;
  std::string tns;        ///< effective: a chameleon include takes its includer's
  bool chameleon = false; ///< no targetNamespace of its own, included into one
  bool qualified = false;
  bool attributes_qualified = false;
  std::size_t index = 0; ///< load order, for sorting what is unsupported
};

/// One attribute use being gathered for a complex type, with the key it is matched on.
struct Uses {
  std::vector<Attribute> attributes;
  std::vector<std::pair<std::string, std::string>> prohibited; ///< (ns, name) with use="prohibited"
  std::vector<Wildcard> wildcards;                             ///< local anyAttribute first, then groups'
  bool local_wildcard = false;
};

class Reader {
public:
  Reader(diag::DiagnosticSink& sink, SchemaModel& model) : m_sink(sink), m_model(model) {}

  bool load_main(const std::string& path) {
    if (load(path, nullptr, nullptr) == nullptr) {
      return false;
    }
    index();
    scan();
    return true;
  }

  const Doc& first() const { return *m_docs.front(); }

  /// Resolves every global element and attribute of every loaded document; the first
  /// document's global elements become model.globals.
  void resolve_globals() {
    for (const auto& d : m_docs) {
      for (const xmlNode* c = d->root->children; c != nullptr; c = c->next) {
        if (is_xsd(c, "element")) {
          Element* e = element(c, true);
          m_model.global_elements[e->ns].emplace(e->name, e);
          if (d.get() == m_docs.front().get()) {
            m_model.globals.push_back(e);
          }
        } else if (is_xsd(c, "attribute")) {
          m_model.attribute_store.push_back(std::make_unique<Attribute>(attribute_from(c)));
          Attribute* a = m_model.attribute_store.back().get();
          m_model.global_attributes[a->ns].emplace(a->name, a);
        }
      }
    }
    for (const auto& [local, a] : m_xml_attributes) {
      m_model.global_attributes[k_xml_ns].emplace(local, a);
    }
  }

  void finish() {
    std::stable_sort(m_found.begin(), m_found.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second.line < b.second.line;
    });
    for (auto& [doc, u] : m_found) {
      (void)doc;
      m_model.unsupported.push_back(std::move(u));
    }
  }

private:
  // ---- loading -------------------------------------------------------------------------------

  /// Parses `path` (once per effective target namespace); `includer` non-null for an include
  /// (a schema without targetNamespace then takes the includer's). Null when unreadable.
  const Doc* load(const std::string& path, const Doc* includer, const xmlNode* from) {
    std::error_code ec;
    std::string canonical = std::filesystem::weakly_canonical(path, ec).string();
    xml::xml_ptr<xmlDoc> doc =
        xml::read_file(path, xml::Doctype::allow, XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
    const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
    if (!is_xsd(root, "schema")) {
      if (from == nullptr) {
        m_sink.add(diag::Diagnostic{path, 0, 0, "", diag::Severity::error, "schema-unreadable",
                                    "cannot read the schema (not well-formed, or not an xs:schema)", ""});
      } else {
        unsupported("unreadable schema document '" + attr(from, "schemaLocation") + "'", from);
      }
      return nullptr;
    }
    bool has_tns = has_attr(root, "targetNamespace");
    std::string tns = attr(root, "targetNamespace");
    bool chameleon = includer != nullptr && !has_tns && !includer->tns.empty();
    if (chameleon) {
      tns = includer->tns;
    }
    if (!m_loaded.insert(canonical + '\n' + tns).second) {
      return m_docs.front().get(); // already read: not an error
    }
    auto d = std::make_unique<Doc>();
    d->tns = tns;
    d->chameleon = chameleon;
    d->path = path;
    d->qualified = attr(root, "elementFormDefault") == "qualified";
    d->attributes_qualified = attr(root, "attributeFormDefault") == "qualified";
    d->root = root;
    d->doc = std::move(doc);
    d->index = m_docs.size();
    const Doc* self = d.get();
    m_by_doc[root->doc] = self;
    m_docs.push_back(std::move(d));
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      bool include = is_xsd(c, "include");
      bool redefine = is_xsd(c, "redefine") || is_xsd(c, "override");
      if (!(include || redefine || is_xsd(c, "import")) || !has_attr(c, "schemaLocation")) {
        continue;
      }
      std::string loc = attr(c, "schemaLocation");
      if (loc.find("://") != std::string::npos || loc.rfind("file:", 0) == 0) {
        if (!(is_xsd(c, "import") && attr(c, "namespace") == k_xml_ns)) {
          unsupported("remote schemaLocation '" + loc + "' (never fetched)", c);
        }
        continue;
      }
      std::filesystem::path p = std::filesystem::path(path).parent_path() / loc;
      if (std::filesystem::exists(p)) {
        load(p.string(), include || redefine ? self : nullptr, c);
      }
      // A missing file is no error in itself (libxml2 and Xerces warn); a reference into it is
      // an unresolved reference, recorded where it is made.
    }
    return self;
  }

  static std::string key(const char* kind, const std::string& ns, const std::string& local) {
    std::string k(kind);
    k += '\n';
    k += ns;
    k += '\n';
    k += local;
    return k;
  }

  void index() {
    static const char* const kinds[] = {"element", "attribute", "complexType", "simpleType", "group", "attributeGroup"};
    for (const auto& d : m_docs) {
      for (const xmlNode* c = d->root->children; c != nullptr; c = c->next) {
        for (const char* kind : kinds) {
          if (is_xsd(c, kind)) {
            m_index.emplace(key(kind, d->tns, attr(c, "name")), c);
          }
        }
      }
    }
  }

  /// Records the constructs the model does not represent, wherever they stand in any loaded
  /// document (used or not: a schema that has them is left to libxml2).
  void scan() {
    for (const auto& d : m_docs) {
      scan(d->root);
    }
  }

  void scan(const xmlNode* n) {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) {
        continue;
      }
      if (c->ns == nullptr || std::strcmp(reinterpret_cast<const char*>(c->ns->href), k_xsd) != 0) {
        continue; // foreign elements (appinfo content) are not read
      }
      std::string local = reinterpret_cast<const char*>(c->name);
      if (local == "annotation") {
        continue;
      }
      if (xsd10_names().count(local) == 0 || local == "unique" || local == "key" || local == "keyref" ||
          local == "redefine" || local == "notation") {
        unsupported("xs:" + local, c);
        if (local != "redefine") {
          continue;
        }
      }
      if (local == "element" && has_attr(c, "substitutionGroup")) {
        unsupported("substitutionGroup", c);
        if (const xmlNode* head = global("element", qname(c, attr(c, "substitutionGroup")))) {
          unsupported("substitutionGroup head", head);
        }
      }
      scan(c);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  void unsupported(const std::string& construct, const xmlNode* at) {
    const Doc* d = doc_of(at);
    long line = xmlGetLineNo(const_cast<xmlNode*>(at));
    if (!m_recorded.insert(construct + '\n' + d->path + '\n' + std::to_string(line)).second) {
      return;
    }
    m_found.emplace_back(d->index, Unsupported{construct, d->path, line});
  }

  const Doc* doc_of(const xmlNode* n) const {
    auto it = m_by_doc.find(n->doc);
    return it != m_by_doc.end() ? it->second : m_docs.front().get();
  }

  QName qname(const xmlNode* context, const std::string& value) const {
    auto colon = value.find(':');
    std::string prefix = colon == std::string::npos ? "" : value.substr(0, colon);
    std::string local = colon == std::string::npos ? value : value.substr(colon + 1);
    xmlNsPtr ns = xmlSearchNs(context->doc, const_cast<xmlNode*>(context),
                              prefix.empty() ? nullptr : reinterpret_cast<const xmlChar*>(prefix.c_str()));
    std::string uri = ns != nullptr ? reinterpret_cast<const char*>(ns->href) : "";
    if (prefix == "xml") {
      uri = k_xml_ns;
    }
    if (uri.empty()) {
      const Doc* d = doc_of(context);
      if (d->chameleon) {
        uri = d->tns; // XSD 1.0 §4.2.1: unqualified references of a chameleon take the includer's
      }
    }
    return {uri, local};
  }

  const xmlNode* global(const char* kind, const QName& q) const {
    auto it = m_index.find(key(kind, q.ns, q.local));
    return it != m_index.end() ? it->second : nullptr;
  }

  template <class T> T* make(std::vector<std::unique_ptr<T>>& store) {
    store.push_back(std::make_unique<T>());
    return store.back().get();
  }

  // ---- simple types --------------------------------------------------------------------------

  static void merge(Facets& into, const Facets& more) {
    if (!more.enumeration.empty()) {
      into.enumeration = more.enumeration; // a derived step's enumeration replaces the base's
    }
    into.patterns.insert(into.patterns.end(), more.patterns.begin(), more.patterns.end());
    auto take = [](auto& a, const auto& b, auto none) {
      if (b != none) {
        a = b;
      }
    };
    take(into.length, more.length, -1L);
    take(into.min_length, more.min_length, -1L);
    take(into.max_length, more.max_length, -1L);
    take(into.total_digits, more.total_digits, -1);
    take(into.fraction_digits, more.fraction_digits, -1);
    for (auto [a, b] : {std::pair{&into.min_inclusive, &more.min_inclusive},
                        {&into.max_inclusive, &more.max_inclusive},
                        {&into.min_exclusive, &more.min_exclusive},
                        {&into.max_exclusive, &more.max_exclusive},
                        {&into.white_space, &more.white_space}}) {
      if (*b) {
        *a = *b;
      }
    }
  }

  Facets facets_of(const xmlNode* restriction) {
    Facets f;
    std::vector<std::string> patterns_here;
    for (const xmlNode* c = restriction->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) {
        continue;
      }
      std::string v = attr(c, "value");
      if (is_xsd(c, "enumeration")) {
        f.enumeration.push_back(v);
      } else if (is_xsd(c, "pattern")) {
        patterns_here.push_back(v);
      } else if (is_xsd(c, "length")) {
        f.length = std::atol(v.c_str());
      } else if (is_xsd(c, "minLength")) {
        f.min_length = std::atol(v.c_str());
      } else if (is_xsd(c, "maxLength")) {
        f.max_length = std::atol(v.c_str());
      } else if (is_xsd(c, "totalDigits")) {
        f.total_digits = std::atoi(v.c_str());
      } else if (is_xsd(c, "fractionDigits")) {
        f.fraction_digits = std::atoi(v.c_str());
      } else if (is_xsd(c, "minInclusive")) {
        f.min_inclusive = v;
      } else if (is_xsd(c, "maxInclusive")) {
        f.max_inclusive = v;
      } else if (is_xsd(c, "minExclusive")) {
        f.min_exclusive = v;
      } else if (is_xsd(c, "maxExclusive")) {
        f.max_exclusive = v;
      } else if (is_xsd(c, "whiteSpace")) {
        f.white_space = v;
      }
    }
    // Patterns of one step are alternatives (Part 2 §4.3.4.3); join them into one expression.
    if (!patterns_here.empty()) {
      std::string joined;
      for (std::size_t i = 0; i < patterns_here.size(); ++i) {
        joined += (i == 0 ? "" : "|") + std::string(patterns_here.size() > 1 ? "(" : "") + patterns_here[i] +
                  (patterns_here.size() > 1 ? ")" : "");
      }
      f.patterns.push_back(joined);
    }
    return f;
  }

  /// Applies one restriction step's facets: to the list itself for a list type, else to the value.
  static void restrict(SimpleType& st, const Facets& f) { merge(st.list ? st.list_facets : st.facets, f); }

  SimpleType builtin(const xmlNode* context, const std::string& local) {
    if (local == "NOTATION" || builtin_names().count(local) == 0) {
      unsupported(local == "NOTATION" ? "xs:NOTATION" : "unknown built-in type xs:" + local, context);
    }
    SimpleType st;
    st.builtin = local.empty() ? "string" : local;
    st.name = st.builtin;
    return st;
  }

  SimpleType simple_by_name(const xmlNode* context, const std::string& type_name, int depth) {
    QName q = qname(context, type_name);
    if (q.ns == k_xsd) {
      return builtin(context, q.local);
    }
    if (const xmlNode* s = global("simpleType", q)) {
      return simple_from(s, depth + 1);
    }
    unsupported("unresolved type reference '" + type_name + "'", context);
    return SimpleType{}; // read on as a string
  }

  SimpleType simple_from(const xmlNode* simple_type, int depth = 0) {
    auto cached = m_simple.find(simple_type);
    if (cached != m_simple.end()) {
      return cached->second;
    }
    if (depth > k_max_depth || !m_simple_busy.insert(simple_type).second) {
      unsupported("recursive simple type", simple_type);
      return SimpleType{};
    }
    SimpleType st;
    for (const xmlNode* c = simple_type->children; c != nullptr; c = c->next) {
      if (is_xsd(c, "restriction")) {
        st = restriction_base(c, depth);
        restrict(st, facets_of(c));
      } else if (is_xsd(c, "list")) {
        SimpleType item;
        if (has_attr(c, "itemType")) {
          item = simple_by_name(c, attr(c, "itemType"), depth + 1);
        } else if (const xmlNode* inner = child_simple_type(c)) {
          item = simple_from(inner, depth + 1);
        }
        if (item.list) {
          unsupported("list of a list type", c);
        }
        st = std::move(item);
        st.list = true;
        st.list_facets = Facets{};
      } else if (is_xsd(c, "union")) {
        st = SimpleType{};
        st.builtin = "union";
        std::istringstream members(attr(c, "memberTypes"));
        for (std::string m; members >> m;) {
          st.members.push_back(simple_by_name(c, m, depth + 1));
        }
        for (const xmlNode* inner = c->children; inner != nullptr; inner = inner->next) {
          if (is_xsd(inner, "simpleType")) {
            st.members.push_back(simple_from(inner, depth + 1));
          }
        }
      }
    }
    st.name = is_xsd(simple_type->parent, "schema") ? attr(simple_type, "name") : "";
    m_simple_busy.erase(simple_type);
    m_simple.emplace(simple_type, st);
    return st;
  }

  static const xmlNode* child_simple_type(const xmlNode* n) {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (is_xsd(c, "simpleType")) {
        return c;
      }
    }
    return nullptr;
  }

  /// The type a simple-type restriction starts from: its base= or its anonymous simpleType.
  SimpleType restriction_base(const xmlNode* restriction, int depth) {
    if (has_attr(restriction, "base")) {
      return simple_by_name(restriction, attr(restriction, "base"), depth + 1);
    }
    if (const xmlNode* inner = child_simple_type(restriction)) {
      return simple_from(inner, depth + 1);
    }
    return SimpleType{};
  }

  // ---- attributes and wildcards --------------------------------------------------------------

  Attribute xml_attribute(const std::string& local, const xmlNode* at) {
    Attribute a;
    a.name = local;
    a.ns = k_xml_ns;
    // The types the XML namespace's schema (http://www.w3.org/2001/xml.xsd) gives them.
    if (local == "lang") { // xml.xsd: the union of xs:language and the empty string
      SimpleType language;
      language.builtin = "language";
      SimpleType empty;
      empty.facets.enumeration.push_back("");
      a.type.builtin = "union";
      a.type.members = {language, empty};
    } else if (local == "space") {
      a.type.builtin = "NCName";
      a.type.facets.enumeration = {"default", "preserve"};
    } else if (local == "base") {
      a.type.builtin = "anyURI";
    } else if (local == "id") {
      a.type.builtin = "ID";
    } else {
      unsupported("unresolved attribute reference 'xml:" + local + "'", at);
    }
    return a;
  }

  Attribute attribute_from(const xmlNode* a) {
    Attribute out;
    const xmlNode* decl = a;
    if (has_attr(a, "ref")) {
      QName q = qname(a, attr(a, "ref"));
      out.name = q.local;
      out.ns = q.ns; // global attributes are always qualified
      if (const xmlNode* g = global("attribute", q)) {
        decl = g;
      } else if (q.ns == k_xml_ns) {
        Attribute x = xml_attribute(q.local, a);
        out.type = x.type;
        if (m_xml_attributes.count(q.local) == 0) {
          m_model.attribute_store.push_back(std::make_unique<Attribute>(x));
          m_xml_attributes[q.local] = m_model.attribute_store.back().get();
        }
      } else {
        unsupported("unresolved attribute reference '" + attr(a, "ref") + "'", a);
      }
    } else {
      out.name = attr(a, "name");
      const Doc* d = doc_of(a);
      bool global_decl = is_xsd(a->parent, "schema");
      bool qualified =
          global_decl || attr(a, "form") == "qualified" || (!has_attr(a, "form") && d->attributes_qualified);
      out.ns = qualified ? d->tns : "";
    }
    out.required = attr(a, "use") == "required";
    if (has_attr(a, "fixed")) {
      out.fixed = attr(a, "fixed");
      out.fixed_on_reference = decl != a && !has_attr(decl, "fixed");
    } else if (decl != a && has_attr(decl, "fixed")) {
      out.fixed = attr(decl, "fixed");
    }
    if (has_attr(a, "default")) {
      out.default_value = attr(a, "default");
    } else if (decl != a && has_attr(decl, "default") && !out.fixed) {
      out.default_value = attr(decl, "default");
    }
    if (decl == a && has_attr(a, "ref")) {
      return out; // unresolved, or an xml: attribute (typed above)
    }
    if (has_attr(decl, "type")) {
      out.type = simple_by_name(decl, attr(decl, "type"), 0);
    } else if (const xmlNode* inner = child_simple_type(decl)) {
      out.type = simple_from(inner);
    } else {
      out.type.builtin = "anySimpleType"; // §3.2.2: no type: the simple ur-type
    }
    return out;
  }

  Wildcard wildcard_from(const xmlNode* n) {
    Wildcard w;
    const Doc* d = doc_of(n);
    w.target_namespace = d->tns;
    std::string pc = attr(n, "processContents");
    w.process = pc == "lax"    ? Wildcard::Process::lax
                : pc == "skip" ? Wildcard::Process::skip
                               : Wildcard::Process::strict;
    std::string ns = has_attr(n, "namespace") ? attr(n, "namespace") : "##any";
    std::istringstream tokens(ns);
    std::vector<std::string> list;
    for (std::string t; tokens >> t;) {
      list.push_back(t);
    }
    if (list.size() == 1 && list[0] == "##any") {
      return w;
    }
    w.any = false;
    if (list.size() == 1 && list[0] == "##other") {
      w.other = true;
      return w;
    }
    for (const auto& t : list) {
      std::string uri = t == "##local" ? "" : t == "##targetNamespace" ? d->tns : t;
      if (std::find(w.namespaces.begin(), w.namespaces.end(), uri) == w.namespaces.end()) {
        w.namespaces.push_back(uri);
      }
    }
    return w;
  }

  Wildcard* keep(const Wildcard& w) {
    Wildcard* p = make(m_model.wildcard_store);
    *p = w;
    return p;
  }

  static bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  }

  /// Attribute wildcard intersection, XSD 1.0 §3.10.6 (Attribute Wildcard Intersection).
  Wildcard intersect(const Wildcard& a, const Wildcard& b, const xmlNode* at) {
    Wildcard out = a; // process contents: the first's (the local wildcard's, §3.4.2)
    if (b.any) {
      return out;
    }
    if (a.any) {
      out.any = b.any;
      out.other = b.other;
      out.namespaces = b.namespaces;
      out.target_namespace = b.target_namespace;
      return out;
    }
    if (a.other && b.other) {
      if (a.target_namespace != b.target_namespace) {
        unsupported("intersection of two ##other wildcards of different namespaces", at);
      }
      return out;
    }
    const Wildcard& set1 = a.other ? b : a;
    const Wildcard& set2 = a.other ? a : b;
    out.other = false;
    out.namespaces.clear();
    for (const auto& ns : set1.namespaces) {
      bool in2 = set2.other ? (!ns.empty() && ns != set2.target_namespace) : has(set2.namespaces, ns);
      if (in2) {
        out.namespaces.push_back(ns);
      }
    }
    return out;
  }

  /// Attribute wildcard union, XSD 1.0 §3.10.6 (Attribute Wildcard Union); process contents of
  /// `derived` (§3.4.2).
  Wildcard unite(const Wildcard& base, const Wildcard& derived, const xmlNode* at) {
    Wildcard out = derived;
    if (base.any || derived.any) {
      out.any = true;
      out.other = false;
      out.namespaces.clear();
      return out;
    }
    if (!base.other && !derived.other) {
      for (const auto& ns : base.namespaces) {
        if (!has(out.namespaces, ns)) {
          out.namespaces.push_back(ns);
        }
      }
      return out;
    }
    if (base.other && derived.other) {
      if (base.target_namespace != derived.target_namespace) {
        out.any = true; // two different negations: any (§3.10.6 clause 4)
        out.other = false;
      }
      return out;
    }
    const Wildcard& neg = base.other ? base : derived;
    const Wildcard& set = base.other ? derived : base;
    bool has_tns = has(set.namespaces, neg.target_namespace);
    bool has_absent = has(set.namespaces, "");
    out.namespaces.clear();
    if (has_tns && has_absent) {
      out.any = true;
      out.other = false;
    } else if (!has_tns && !has_absent) {
      out.any = false;
      out.other = true;
      out.target_namespace = neg.target_namespace;
    } else {
      unsupported("attribute wildcard union not expressible as ##other", at);
      out.any = true;
      out.other = false;
    }
    return out;
  }

  void attribute_uses(const xmlNode* n, Uses& uses, bool local, int depth) {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (is_xsd(c, "attribute")) {
        if (attr(c, "use") == "prohibited") {
          Attribute a = attribute_from(c);
          uses.prohibited.emplace_back(a.ns, a.name);
        } else {
          uses.attributes.push_back(attribute_from(c));
        }
      } else if (is_xsd(c, "attributeGroup") && has_attr(c, "ref")) {
        const xmlNode* g = global("attributeGroup", qname(c, attr(c, "ref")));
        if (g == nullptr) {
          unsupported("unresolved attributeGroup reference '" + attr(c, "ref") + "'", c);
        } else if (depth > k_max_depth) {
          unsupported("recursive attribute group", c);
        } else {
          attribute_uses(g, uses, false, depth + 1);
        }
      } else if (is_xsd(c, "anyAttribute")) {
        if (local) {
          uses.wildcards.insert(uses.wildcards.begin(), wildcard_from(c));
          uses.local_wildcard = true;
        } else {
          uses.wildcards.push_back(wildcard_from(c));
        }
      }
    }
  }

  /// §3.4.2's complete wildcard: the intersection of the local one and those of the groups.
  std::optional<Wildcard> complete_wildcard(const Uses& uses, const xmlNode* at) {
    if (uses.wildcards.empty()) {
      return std::nullopt;
    }
    Wildcard w = uses.wildcards.front();
    for (std::size_t i = 1; i < uses.wildcards.size(); ++i) {
      w = intersect(w, uses.wildcards[i], at);
    }
    return w;
  }

  /// Adds `uses` to `into` (the base type's attribute uses): a redeclared attribute replaces the
  /// base's in place, a prohibited one is removed (restriction only), a new one is appended.
  static void apply_uses(std::vector<Attribute>& into, Uses& uses, bool restriction) {
    for (auto& a : uses.attributes) {
      auto same =
          std::find_if(into.begin(), into.end(), [&](const Attribute& b) { return b.name == a.name && b.ns == a.ns; });
      if (same != into.end()) {
        *same = std::move(a);
      } else {
        into.push_back(std::move(a));
      }
    }
    if (restriction) {
      for (const auto& prohibited : uses.prohibited) {
        // (a structured binding cannot be captured by a lambda in C++17: clang refuses it)
        const auto& ns = prohibited.first;
        const auto& name = prohibited.second;
        into.erase(
            std::remove_if(into.begin(), into.end(), [&](const Attribute& b) { return b.name == name && b.ns == ns; }),
            into.end());
      }
    }
  }

  // ---- content models ------------------------------------------------------------------------

  Group* named_group(const xmlNode* ref) {
    const xmlNode* g = global("group", qname(ref, attr(ref, "ref")));
    if (g == nullptr) {
      unsupported("unresolved group reference '" + attr(ref, "ref") + "'", ref);
      return nullptr;
    }
    auto it = m_named_groups.find(g);
    if (it != m_named_groups.end()) {
      if (it->second == nullptr) {
        unsupported("circular group reference", ref);
      }
      return it->second;
    }
    m_named_groups[g] = nullptr;
    Group* out = nullptr;
    for (const xmlNode* c = g->children; c != nullptr; c = c->next) {
      if (is_compositor(c)) {
        out = group_from(c);
      }
    }
    if (out == nullptr) {
      out = make(m_model.group_store); // an empty named group
    }
    m_named_groups[g] = out;
    return out;
  }

  Group* group_from(const xmlNode* g) {
    Group* grp = make(m_model.group_store);
    grp->kind = is_xsd(g, "choice") ? Group::Kind::choice : is_xsd(g, "all") ? Group::Kind::all : Group::Kind::sequence;
    for (const xmlNode* c = g->children; c != nullptr; c = c->next) {
      long min = occurs(c, "minOccurs", 1);
      long max = occurs(c, "maxOccurs", 1);
      if (is_xsd(c, "element")) {
        grp->particles.push_back(Particle{element(c, false), nullptr, min, max});
      } else if (is_compositor(c)) {
        grp->particles.push_back(Particle{nullptr, group_from(c), min, max});
      } else if (is_xsd(c, "group") && has_attr(c, "ref")) {
        if (Group* named = named_group(c)) {
          grp->particles.push_back(Particle{nullptr, named, min, max});
        }
      } else if (is_xsd(c, "any")) {
        grp->particles.push_back(Particle{nullptr, nullptr, min, max, keep(wildcard_from(c))});
      }
    }
    return grp;
  }

  /// The particle a complex type or derivation states itself (a compositor or a group
  /// reference), as a group; null when none. A compositor with occurrence bounds other than
  /// 1..1 is wrapped in a sequence that carries them.
  Group* explicit_content(const xmlNode* n) {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      bool ref = is_xsd(c, "group") && has_attr(c, "ref");
      if (!is_compositor(c) && !ref) {
        continue;
      }
      long min = occurs(c, "minOccurs", 1);
      long max = occurs(c, "maxOccurs", 1);
      Group* g = ref ? named_group(c) : group_from(c);
      if (g == nullptr) {
        return nullptr;
      }
      if (!ref && min == 1 && max == 1) {
        return g;
      }
      Group* wrap = make(m_model.group_store);
      wrap->particles.push_back(Particle{nullptr, g, min, max});
      return wrap;
    }
    return nullptr;
  }

  /// xs:anyType (§3.4.7): mixed, any attributes, any elements, all lax.
  ComplexType* any_type() {
    if (m_any_type == nullptr) {
      m_any_type = make(m_model.type_store);
      m_any_type->name = "anyType";
      m_any_type->mixed = true;
      Wildcard w;
      w.process = Wildcard::Process::lax;
      Group* g = make(m_model.group_store);
      g->particles.push_back(Particle{nullptr, nullptr, 0, -1, keep(w)});
      m_any_type->content = g;
      m_any_type->any_attribute = keep(w);
    }
    return m_any_type;
  }

  /// The complex type a complexContent/simpleContent derivation names as its base; null for a
  /// simple base (simple content) or an unresolved one (recorded).
  ComplexType* complex_base(const QName& base) {
    if (base.ns == k_xsd && base.local == "anyType") {
      return any_type();
    }
    if (const xmlNode* b = global("complexType", base)) {
      return complex_from(b);
    }
    return nullptr;
  }

  void simple_content(const xmlNode* sc, ComplexType* out) {
    out->simple_content = true;
    for (const xmlNode* d = sc->children; d != nullptr; d = d->next) {
      bool ext = is_xsd(d, "extension");
      if (!ext && !is_xsd(d, "restriction")) {
        continue;
      }
      QName base = qname(d, attr(d, "base"));
      const Wildcard* base_wildcard = nullptr;
      if (base.ns == k_xsd && base.local != "anyType") {
        out->simple = builtin(d, base.local);
      } else if (ComplexType* bt = complex_base(base)) {
        if (!bt->simple_content) {
          unsupported("simpleContent derived from a complex type without simple content", d);
        }
        out->simple = bt->simple;
        out->attributes = bt->attributes;
        base_wildcard = bt->any_attribute;
      } else if (const xmlNode* st = global("simpleType", base)) {
        out->simple = simple_from(st);
      } else {
        unsupported("unresolved type reference '" + attr(d, "base") + "'", d);
      }
      if (!ext) {
        if (const xmlNode* inner = child_simple_type(d)) {
          out->simple = simple_from(inner);
        }
        restrict(out->simple, facets_of(d));
      }
      Uses uses;
      attribute_uses(d, uses, true, 0);
      apply_uses(out->attributes, uses, !ext);
      derive_wildcard(out, base_wildcard, uses, ext, d);
    }
  }

  void derive_wildcard(ComplexType* out, const Wildcard* base, const Uses& uses, bool extension, const xmlNode* at) {
    std::optional<Wildcard> complete = complete_wildcard(uses, at);
    if (extension && base != nullptr) {
      out->any_attribute = complete ? keep(unite(*base, *complete, at)) : const_cast<Wildcard*>(base);
    } else if (complete) {
      out->any_attribute = keep(*complete);
    }
  }

  void complex_content(const xmlNode* cc, ComplexType* out) {
    if (has_attr(cc, "mixed")) {
      out->mixed = is_true(cc, "mixed");
    }
    for (const xmlNode* d = cc->children; d != nullptr; d = d->next) {
      bool ext = is_xsd(d, "extension");
      if (!ext && !is_xsd(d, "restriction")) {
        continue;
      }
      QName base = qname(d, attr(d, "base"));
      ComplexType* bt = complex_base(base);
      if (bt == nullptr) {
        unsupported("unresolved type reference '" + attr(d, "base") + "'", d);
      } else if (bt->simple_content) {
        unsupported("complexContent derived from a type with simple content", d);
      }
      Group* own = explicit_content(d);
      Group* seq = make(m_model.group_store);
      if (ext && bt != nullptr) {
        if (bt->content != nullptr) {
          seq->particles.push_back(Particle{nullptr, bt->content, 1, 1});
        }
        if (own == nullptr && !out->mixed) {
          // §3.4.2 (complex content, 2.1 and 3.2.1): empty explicit content, not mixed, takes the
          // base's content type; effective mixed makes it an empty sequence, and the type mixed.
          out->mixed = bt->mixed;
        }
        out->attributes = bt->attributes;
      } else if (!ext && bt != nullptr) {
        out->attributes = bt->attributes;
      }
      if (own != nullptr) {
        seq->particles.push_back(Particle{nullptr, own, 1, 1});
      }
      out->content = seq;
      Uses uses;
      attribute_uses(d, uses, true, 0);
      apply_uses(out->attributes, uses, !ext);
      derive_wildcard(out, bt != nullptr ? bt->any_attribute : nullptr, uses, ext, d);
    }
  }

  ComplexType* complex_from(const xmlNode* ct) {
    auto it = m_complex.find(ct);
    if (it != m_complex.end()) {
      return it->second;
    }
    ComplexType* out = make(m_model.type_store);
    m_complex[ct] = out; // before filling: recursive types terminate
    out->mixed = is_true(ct, "mixed");
    out->abstract = is_true(ct, "abstract");
    out->name = is_xsd(ct->parent, "schema") ? attr(ct, "name") : "";
    bool derived = false;
    for (const xmlNode* c = ct->children; c != nullptr; c = c->next) {
      if (is_xsd(c, "simpleContent")) {
        simple_content(c, out);
        derived = true;
      } else if (is_xsd(c, "complexContent")) {
        complex_content(c, out);
        derived = true;
      }
    }
    if (!derived) { // shorthand: a restriction of xs:anyType (§3.4.2)
      out->content = explicit_content(ct);
      Uses uses;
      attribute_uses(ct, uses, true, 0);
      apply_uses(out->attributes, uses, true);
      derive_wildcard(out, nullptr, uses, false, ct);
    }
    return out;
  }

  // ---- elements ------------------------------------------------------------------------------

public:
  Element* element(const xmlNode* node, bool is_global) {
    if (has_attr(node, "ref")) {
      QName q = qname(node, attr(node, "ref"));
      if (const xmlNode* g = global("element", q)) {
        return element(g, true);
      }
      unsupported("unresolved element reference '" + attr(node, "ref") + "'", node);
      Element* unknown = make(m_model.element_store);
      unknown->name = q.local;
      unknown->ns = q.ns;
      return unknown;
    }
    auto it = m_elements.find(node);
    if (it != m_elements.end()) {
      return it->second;
    }
    Element* e = make(m_model.element_store);
    m_elements[node] = e;
    const Doc* doc = doc_of(node);
    e->name = attr(node, "name");
    bool qualified = is_global || attr(node, "form") == "qualified" || (!has_attr(node, "form") && doc->qualified);
    e->ns = qualified ? doc->tns : "";
    e->nillable = is_true(node, "nillable");
    e->abstract = is_true(node, "abstract");
    if (has_attr(node, "fixed")) {
      e->fixed = attr(node, "fixed");
    }
    if (has_attr(node, "default")) {
      e->default_value = attr(node, "default");
    }
    if (has_attr(node, "type")) {
      QName q = qname(node, attr(node, "type"));
      if (q.ns == k_xsd && q.local == "anyType") {
        e->simple.builtin = q.local;
        e->complex = any_type();
      } else if (q.ns == k_xsd) {
        e->simple = builtin(node, q.local);
      } else if (const xmlNode* ct = global("complexType", q)) {
        e->complex = complex_from(ct);
      } else if (const xmlNode* st = global("simpleType", q)) {
        e->simple = simple_from(st);
      } else {
        unsupported("unresolved type reference '" + attr(node, "type") + "'", node);
      }
      return e;
    }
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (is_xsd(c, "complexType")) {
        e->complex = complex_from(c);
        return e;
      }
      if (is_xsd(c, "simpleType")) {
        e->simple = simple_from(c);
        return e;
      }
    }
    if (has_attr(node, "substitutionGroup")) {
      // §3.3.2: the head's type (substitution groups themselves are recorded as unsupported).
      if (const xmlNode* head = global("element", qname(node, attr(node, "substitutionGroup")))) {
        if (head != node && m_elements.count(head) == 0) {
          Element* h = element(head, true);
          e->complex = h->complex;
          e->simple = h->simple;
        } else if (head != node) {
          e->complex = m_elements[head]->complex;
          e->simple = m_elements[head]->simple;
        }
        return e;
      }
    }
    e->simple.builtin = "anyType";
    e->complex = any_type(); // §3.3.2: no type: the ur-type
    return e;
  }

private:
  diag::DiagnosticSink& m_sink;
  SchemaModel& m_model;
  std::vector<std::unique_ptr<Doc>> m_docs;
  std::unordered_map<const xmlDoc*, const Doc*> m_by_doc;
  std::set<std::string> m_loaded;
  std::unordered_map<std::string, const xmlNode*> m_index;
  std::unordered_map<const xmlNode*, ComplexType*> m_complex;
  std::unordered_map<const xmlNode*, Element*> m_elements;
  std::unordered_map<const xmlNode*, SimpleType> m_simple;
  std::unordered_set<const xmlNode*> m_simple_busy;
  std::unordered_map<const xmlNode*, Group*> m_named_groups;
  std::map<std::string, Attribute*> m_xml_attributes;
  ComplexType* m_any_type = nullptr;
  std::vector<std::pair<std::size_t, Unsupported>> m_found;
  std::unordered_set<std::string> m_recorded;
};

} // namespace

Element* SchemaModel::find(const std::string& name) const {
  for (const auto& e : globals) {
    if (e->name == name) {
      return e;
    }
  }
  return nullptr;
}

const Element* SchemaModel::find_global(std::string_view ns, std::string_view local) const {
  auto n = global_elements.find(ns);
  if (n == global_elements.end()) {
    return nullptr;
  }
  auto e = n->second.find(local);
  return e != n->second.end() ? e->second : nullptr;
}

const Attribute* SchemaModel::find_global_attribute(std::string_view ns, std::string_view local) const {
  auto n = global_attributes.find(ns);
  if (n == global_attributes.end()) {
    return nullptr;
  }
  auto a = n->second.find(local);
  return a != n->second.end() ? a->second : nullptr;
}

Element* SchemaModel::default_root() const {
  for (const auto& e : globals) {
    if (e->complex) {
      for (const auto& a : e->complex->attributes) {
        for (const auto& id : schema::identifying_attributes()) {
          if (a.name == id && a.fixed) {
            return e;
          }
        }
      }
    }
  }
  if (Element* m = find("melding")) {
    return m;
  }
  return globals.empty() ? nullptr : globals.front();
}

std::unique_ptr<SchemaModel> read_schema_model(const std::string& path, diag::DiagnosticSink& sink) {
  xml::init_libxml();
  auto model = std::make_unique<SchemaModel>();
  Reader reader(sink, *model); // the parsed schema documents live as long as the reader
  if (!reader.load_main(path)) {
    return nullptr;
  }
  model->path = path;
  model->target_namespace = reader.first().tns;
  reader.resolve_globals();
  reader.finish();
  return model;
}

} // namespace altkit::schema
