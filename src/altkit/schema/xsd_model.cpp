#include "altkit/schema/xsd_model.hpp"

#include "altkit/schema/schema_info.hpp"
#include "altkit/schema/xsd_dom.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <cstring>
#include <filesystem>
#include <set>

namespace altkit::schema {

namespace {

using schema::dom::attr;
using schema::dom::has_attr;
using schema::dom::is_xsd;
constexpr const char* k_xsd = schema::dom::k_xsd_ns;

long occurs(const xmlNode* n, const char* name, long dflt) {
  if (!has_attr(n, name)) {
    return dflt;
  }
  std::string v = attr(n, name);
  return v == "unbounded" ? -1 : std::atol(v.c_str());
}

struct QName {
  std::string ns;
  std::string local;
};

class Reader {
public:
  Reader(diag::DiagnosticSink& sink, SchemaModel& model) : m_sink(sink), m_model(model) {}

  bool load(const std::string& path) {
    std::string canonical = std::filesystem::weakly_canonical(path).string();
    if (!m_loaded.insert(canonical).second) {
      return true;
    }
    xml::xml_ptr<xmlDoc> doc = xml::read_file(path, xml::Doctype::allow, XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
    if (!is_xsd(root, "schema")) {
      m_sink.add(diag::Diagnostic{path, 0, 0, "", diag::Severity::error, "schema-unreadable",
                                  "cannot read the schema (not well-formed, or not an xs:schema)", ""});
      return false;
    }
    auto d = std::make_unique<Doc>();
    d->tns = attr(root, "targetNamespace");
    d->qualified = attr(root, "elementFormDefault") == "qualified";
    d->root = root;
    d->doc = std::move(doc);
    m_docs.push_back(std::move(d));
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if ((is_xsd(c, "include") || is_xsd(c, "import")) && has_attr(c, "schemaLocation")) {
        std::string loc = attr(c, "schemaLocation");
        if (loc.find("://") != std::string::npos) {
          continue; // never the network
        }
        std::filesystem::path p = std::filesystem::path(path).parent_path() / loc;
        if (std::filesystem::exists(p)) {
          load(p.string()); // a missing import (seres.xsd) is what the engines warn about too
        }
      }
    }
    return true;
  }

  Element* global_element(const xmlNode* node) { return element(node, doc_of(node), true); }

  std::vector<std::pair<const xmlNode*, std::string>> globals_of_first() const {
    std::vector<std::pair<const xmlNode*, std::string>> out;
    const Doc& d = *m_docs.front();
    for (const xmlNode* c = d.root->children; c != nullptr; c = c->next) {
      if (is_xsd(c, "element")) {
        out.emplace_back(c, attr(c, "name"));
      }
    }
    return out;
  }
  const std::string& first_tns() const { return m_docs.front()->tns; }

private:
  struct Doc {
    xml::xml_ptr<xmlDoc> doc;
    const xmlNode* root = nullptr;
    std::string tns;
    bool qualified = false;
  };

  const Doc* doc_of(const xmlNode* n) const {
    for (const auto& d : m_docs) {
      if (d->doc.get() == n->doc) {
        return d.get();
      }
    }
    return m_docs.front().get();
  }

  QName qname(const xmlNode* context, const std::string& value) const {
    auto colon = value.find(':');
    std::string prefix = colon == std::string::npos ? "" : value.substr(0, colon);
    std::string local = colon == std::string::npos ? value : value.substr(colon + 1);
    xmlNsPtr ns = xmlSearchNs(context->doc, const_cast<xmlNode*>(context),
                              prefix.empty() ? nullptr : reinterpret_cast<const xmlChar*>(prefix.c_str()));
    std::string uri = ns != nullptr ? reinterpret_cast<const char*>(ns->href) : "";
    return {uri, local};
  }

  const xmlNode* global(const char* kind, const QName& q) const {
    for (const auto& d : m_docs) {
      if (d->tns != q.ns) {
        continue;
      }
      for (const xmlNode* c = d->root->children; c != nullptr; c = c->next) {
        if (is_xsd(c, kind) && attr(c, "name") == q.local) {
          return c;
        }
      }
    }
    return nullptr;
  }

  static void merge(Facets& into, const Facets& more) {
    if (!more.enumeration.empty()) {
      into.enumeration = more.enumeration;
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
    if (more.min_inclusive)
      into.min_inclusive = more.min_inclusive;
    if (more.max_inclusive)
      into.max_inclusive = more.max_inclusive;
    if (more.min_exclusive)
      into.min_exclusive = more.min_exclusive;
    if (more.max_exclusive)
      into.max_exclusive = more.max_exclusive;
  }

  Facets facets_of(const xmlNode* restriction) {
    Facets f;
    std::vector<std::string> patterns_here;
    for (const xmlNode* c = restriction->children; c != nullptr; c = c->next) {
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
      }
    }
    // Patterns of one step are alternatives; join them into one regular expression.
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

  SimpleType simple_by_name(const xmlNode* context, const std::string& type_name, int depth = 0) {
    QName q = qname(context, type_name);
    SimpleType st;
    if (q.ns == k_xsd || depth > 32) {
      st.builtin = q.local.empty() ? "string" : q.local;
      return st;
    }
    if (const xmlNode* s = global("simpleType", q)) {
      return simple_from(s, depth + 1);
    }
    if (const xmlNode* c = global("complexType", q)) {
      auto ct = complex_from(c);
      return ct->simple;
    }
    return st; // unknown type: treat as string
  }

  SimpleType simple_from(const xmlNode* simple_type, int depth = 0) {
    SimpleType st;
    for (const xmlNode* c = simple_type->children; c != nullptr; c = c->next) {
      if (is_xsd(c, "restriction")) {
        if (has_attr(c, "base")) {
          st = simple_by_name(c, attr(c, "base"), depth + 1);
        } else {
          for (const xmlNode* inner = c->children; inner != nullptr; inner = inner->next) {
            if (is_xsd(inner, "simpleType")) {
              st = simple_from(inner, depth + 1);
            }
          }
        }
        merge(st.facets, facets_of(c));
      } else if (is_xsd(c, "list")) {
        if (has_attr(c, "itemType")) {
          st = simple_by_name(c, attr(c, "itemType"), depth + 1);
        }
        st.list = true;
      } else if (is_xsd(c, "union")) {
        st.builtin = "string";
      }
    }
    return st;
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
      }
    } else {
      out.name = attr(a, "name");
      const Doc* d = doc_of(a);
      bool qualified = attr(a, "form") == "qualified" ||
                       (!has_attr(a, "form") && attr(d->root, "attributeFormDefault") == "qualified");
      out.ns = qualified ? d->tns : "";
    }
    out.required = attr(a, "use") == "required";
    if (has_attr(a, "fixed")) {
      out.fixed = attr(a, "fixed");
      out.fixed_on_reference = decl != a && !has_attr(decl, "fixed");
    } else if (decl != a && has_attr(decl, "fixed")) {
      out.fixed = attr(decl, "fixed");
    }
    if (has_attr(decl, "type")) {
      out.type = simple_by_name(decl, attr(decl, "type"));
    } else {
      for (const xmlNode* c = decl->children; c != nullptr; c = c->next) {
        if (is_xsd(c, "simpleType")) {
          out.type = simple_from(c);
        }
      }
    }
    return out;
  }

  template <class T> T* make(std::vector<std::unique_ptr<T>>& store) {
    store.push_back(std::make_unique<T>());
    return store.back().get();
  }

  Group* group_from(const xmlNode* g, int depth = 0) {
    Group* grp = make(m_model.group_store);
    grp->kind = is_xsd(g, "choice") ? Group::Kind::choice : is_xsd(g, "all") ? Group::Kind::all : Group::Kind::sequence;
    for (const xmlNode* c = g->children; c != nullptr; c = c->next) {
      if (is_xsd(c, "element")) {
        grp->particles.push_back(
            Particle{element(c, doc_of(c), false), nullptr, occurs(c, "minOccurs", 1), occurs(c, "maxOccurs", 1)});
      } else if (is_xsd(c, "sequence") || is_xsd(c, "choice") || is_xsd(c, "all")) {
        grp->particles.push_back(
            Particle{nullptr, group_from(c, depth + 1), occurs(c, "minOccurs", 1), occurs(c, "maxOccurs", 1)});
      } else if (is_xsd(c, "group") && has_attr(c, "ref") && depth < 32) {
        if (const xmlNode* named = global("group", qname(c, attr(c, "ref")))) {
          for (const xmlNode* inner = named->children; inner != nullptr; inner = inner->next) {
            if (is_xsd(inner, "sequence") || is_xsd(inner, "choice") || is_xsd(inner, "all")) {
              grp->particles.push_back(Particle{nullptr, group_from(inner, depth + 1), occurs(c, "minOccurs", 1),
                                                occurs(c, "maxOccurs", 1)});
            }
          }
        }
      }
    }
    return grp;
  }

  void attributes_into(const xmlNode* n, std::vector<Attribute>& out) {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (is_xsd(c, "attribute") && attr(c, "use") != "prohibited") {
        out.push_back(attribute_from(c));
      } else if (is_xsd(c, "attributeGroup") && has_attr(c, "ref")) {
        if (const xmlNode* g = global("attributeGroup", qname(c, attr(c, "ref")))) {
          attributes_into(g, out);
        }
      }
    }
  }

  ComplexType* complex_from(const xmlNode* ct) {
    auto it = m_complex.find(ct);
    if (it != m_complex.end()) {
      return it->second;
    }
    ComplexType* out = make(m_model.type_store);
    m_complex[ct] = out; // before filling: recursive types terminate
    out->mixed = attr(ct, "mixed") == "true";
    for (const xmlNode* c = ct->children; c != nullptr; c = c->next) {
      if (is_xsd(c, "sequence") || is_xsd(c, "choice") || is_xsd(c, "all")) {
        out->content = group_from(c);
      } else if (is_xsd(c, "simpleContent")) {
        out->simple_content = true;
        for (const xmlNode* d = c->children; d != nullptr; d = d->next) {
          if (is_xsd(d, "extension") || is_xsd(d, "restriction")) {
            out->simple = simple_by_name(d, attr(d, "base"));
            if (is_xsd(d, "restriction")) {
              Reader::merge(out->simple.facets, facets_of(d));
            }
            // Attributes of the base complex type come first.
            QName base = qname(d, attr(d, "base"));
            if (base.ns != k_xsd) {
              if (const xmlNode* b = global("complexType", base)) {
                auto bt = complex_from(b);
                out->attributes = bt->attributes;
              }
            }
            attributes_into(d, out->attributes);
          }
        }
      } else if (is_xsd(c, "complexContent")) {
        for (const xmlNode* d = c->children; d != nullptr; d = d->next) {
          if (!is_xsd(d, "extension") && !is_xsd(d, "restriction")) {
            continue;
          }
          Group* seq = make(m_model.group_store);
          QName base = qname(d, attr(d, "base"));
          if (is_xsd(d, "extension") && base.ns != k_xsd) {
            if (const xmlNode* b = global("complexType", base)) {
              auto bt = complex_from(b);
              if (bt->content) {
                seq->particles.push_back(Particle{nullptr, bt->content, 1, 1});
              }
              out->attributes = bt->attributes;
            }
          }
          for (const xmlNode* e = d->children; e != nullptr; e = e->next) {
            if (is_xsd(e, "sequence") || is_xsd(e, "choice") || is_xsd(e, "all")) {
              seq->particles.push_back(Particle{nullptr, group_from(e), 1, 1});
            }
          }
          attributes_into(d, out->attributes);
          out->content = seq;
        }
      }
    }
    attributes_into(ct, out->attributes);
    return out;
  }

  Element* element(const xmlNode* node, const Doc* doc, bool is_global) {
    if (has_attr(node, "ref")) {
      QName q = qname(node, attr(node, "ref"));
      if (const xmlNode* g = global("element", q)) {
        return element(g, doc_of(g), true);
      }
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
    e->name = attr(node, "name");
    bool qualified = is_global || attr(node, "form") == "qualified" || (!has_attr(node, "form") && doc->qualified);
    e->ns = qualified ? doc->tns : "";
    e->nillable = attr(node, "nillable") == "true";
    if (has_attr(node, "fixed")) {
      e->fixed = attr(node, "fixed");
    }
    if (has_attr(node, "type")) {
      QName q = qname(node, attr(node, "type"));
      if (q.ns == k_xsd) {
        e->simple.builtin = q.local;
        if (q.local == "anyType") {
          e->complex = make(m_model.type_store);
          e->complex->mixed = true;
        }
      } else if (const xmlNode* ct = global("complexType", q)) {
        e->complex = complex_from(ct);
      } else if (const xmlNode* st = global("simpleType", q)) {
        e->simple = simple_from(st);
      }
    } else {
      for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
        if (is_xsd(c, "complexType")) {
          e->complex = complex_from(c);
        } else if (is_xsd(c, "simpleType")) {
          e->simple = simple_from(c);
        }
      }
    }
    return e;
  }

  diag::DiagnosticSink& m_sink;
  SchemaModel& m_model;
  std::vector<std::unique_ptr<Doc>> m_docs;
  std::set<std::string> m_loaded;
  std::map<const xmlNode*, ComplexType*> m_complex;
  std::map<const xmlNode*, Element*> m_elements;
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
  if (!reader.load(path)) {
    return nullptr;
  }
  model->path = path;
  model->target_namespace = reader.first_tns();
  for (const auto& [node, name] : reader.globals_of_first()) {
    (void)name;
    model->globals.push_back(reader.global_element(node));
  }
  return model;
}

} // namespace altkit::schema
