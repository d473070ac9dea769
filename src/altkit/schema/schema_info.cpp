#include "altkit/schema/schema_info.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/schema/xsd_dom.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"
#include "altkit/xml/xml_catalog.hpp"

#include <libxml/xmlschemastypes.h>

#include <libxml/xmlerror.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <unordered_map>

namespace altkit::schema {

namespace {

using dom::attr;
using dom::is_xsd;
using dom::local_part;

/// One document of the schema set, with the target namespace its components take.
struct SchemaDoc {
  std::string path;
  xml::xml_ptr<xmlDoc> doc;
  const xmlNode* root = nullptr;
  std::string ns;
  bool own = true; ///< the top document or one it includes or redefines
};

struct Walker {
  const std::vector<SchemaDoc>& docs;
  std::set<std::string> visiting;

  /// The global components by kind and name, in document order (built on first use: the
  /// element declarations of a large schema set look up thousands of types).
  mutable std::unordered_map<std::string, std::vector<const xmlNode*>> globals;

  // A global component by local name: the document at hand first, then the others.
  const xmlNode* find_global(const char* kind, const std::string& name, const xmlNode* near = nullptr) const {
    if (globals.empty()) {
      for (const auto& d : docs) {
        for (const xmlNode* c = d.root->children; c != nullptr; c = c->next) {
          if (c->type == XML_ELEMENT_NODE && dom::has_attr(c, "name")) {
            globals[reinterpret_cast<const char*>(c->name) + std::string("\n") + attr(c, "name")].push_back(c);
          }
        }
      }
    }
    auto it = globals.find(kind + std::string("\n") + name);
    if (it == globals.end()) {
      return nullptr;
    }
    for (const xmlNode* c : it->second) {
      if (is_xsd(c, kind) && (near == nullptr || c->doc == near->doc)) {
        return c;
      }
    }
    for (const xmlNode* c : it->second) {
      if (is_xsd(c, kind)) {
        return c;
      }
    }
    return nullptr;
  }

  // The XSD built-in type a QName-valued attribute (@type, @base) of `n` ends in, following
  // simple types and simple content: "" when it is a list, a union or not known. With `names`,
  // the named types passed on the way (and their seres:guid concepts) are added to it.
  std::string builtin(const xmlNode* n, const char* qname_attr, int depth = 0,
                      std::vector<std::string>* names = nullptr) const {
    std::string q = attr(n, qname_attr);
    if (q.empty() || depth > 32) {
      return "";
    }
    auto colon = q.find(':');
    std::string prefix = colon == std::string::npos ? "" : q.substr(0, colon);
    const xmlNs* ns = xmlSearchNs(n->doc, const_cast<xmlNode*>(n),
                                  prefix.empty() ? nullptr : reinterpret_cast<const xmlChar*>(prefix.c_str()));
    std::string local = local_part(q);
    if (ns != nullptr && std::strcmp(reinterpret_cast<const char*>(ns->href), dom::k_xsd_ns) == 0) {
      return local;
    }
    const xmlNode* t = find_global("simpleType", local, n);
    if (t == nullptr) {
      t = find_global("complexType", local, n);
    }
    if (t != nullptr && names != nullptr) {
      names->push_back(local);
      if (std::string concept_name = seres_concept(t); !concept_name.empty()) {
        names->push_back(concept_name);
      }
    }
    return t != nullptr ? builtin_of_type(t, depth + 1, names) : "";
  }

  // The built-in type under a simpleType or complexType (simple content) definition.
  std::string builtin_of_type(const xmlNode* t, int depth, std::vector<std::string>* names = nullptr) const {
    for (const xmlNode* c = t->children; c != nullptr; c = c->next) {
      if (is_xsd(c, "restriction") || is_xsd(c, "extension")) {
        if (dom::has_attr(c, "base")) {
          return builtin(c, "base", depth, names);
        }
        for (const xmlNode* g = c->children; g != nullptr; g = g->next) {
          if (is_xsd(g, "simpleType")) {
            return builtin_of_type(g, depth + 1, names);
          }
        }
        return "";
      }
      if (is_xsd(c, "simpleContent")) {
        return builtin_of_type(c, depth + 1, names);
      }
    }
    return "";
  }

  // The concept a SERES type stands for, from its seres:guid
  // ("http://seres.no/guid/NAV/Dataenkeltype/Fødselsnummer/451463" -> "Fødselsnummer"), or "".
  static std::string seres_concept(const xmlNode* t) {
    xml::xml_ptr<xmlChar> v(xmlGetProp(t, reinterpret_cast<const xmlChar*>("guid")));
    std::string guid = v ? std::string(reinterpret_cast<const char*>(v.get())) : std::string();
    auto last = guid.rfind('/');
    auto before = last == std::string::npos || last == 0 ? std::string::npos : guid.rfind('/', last - 1);
    return guid.rfind("http://seres.no/guid/", 0) == 0 && before != std::string::npos
               ? guid.substr(before + 1, last - before - 1)
               : std::string();
  }

  // Every named xs:element in `n`'s subtree with its type's names and built-in type, once each.
  void element_decls(const xmlNode* n, std::set<std::string>& seen, std::vector<ElementDecl>& out) const {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) {
        continue;
      }
      if (is_xsd(c, "element") && dom::has_attr(c, "name")) {
        ElementDecl d;
        d.name = attr(c, "name");
        if (dom::has_attr(c, "type")) {
          d.builtin = builtin(c, "type", 0, &d.type_names);
        } else {
          for (const xmlNode* t = c->children; t != nullptr; t = t->next) {
            if (is_xsd(t, "simpleType") || is_xsd(t, "complexType")) {
              d.builtin = builtin_of_type(t, 0, &d.type_names);
            }
          }
        }
        std::string key = d.name + '\n' + d.builtin;
        for (const auto& t : d.type_names) {
          key += '\n' + t;
        }
        if (seen.insert(key).second) {
          out.push_back(std::move(d));
        }
      }
      element_decls(c, seen, out);
    }
  }

  // The built-in type of an element or attribute declaration (a ref: of the global one).
  std::string builtin_of_decl(const xmlNode* d, bool attribute) const {
    if (dom::has_attr(d, "ref")) {
      const xmlNode* g = find_global(attribute ? "attribute" : "element", local_part(attr(d, "ref")), d);
      return g != nullptr ? builtin_of_decl(g, attribute) : "";
    }
    if (dom::has_attr(d, "type")) {
      return builtin(d, "type");
    }
    for (const xmlNode* c = d->children; c != nullptr; c = c->next) {
      if (is_xsd(c, "simpleType") || is_xsd(c, "complexType")) {
        return builtin_of_type(c, 0);
      }
    }
    return "";
  }

  // Collects fixed identifying attributes from a complexType subtree, following extension and
  // restriction bases to other global complexTypes of the schema set.
  void collect(const xmlNode* node, GlobalElement& ge) {
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
            ge.fixed[name] = value;
            ge.fixed_types[name] = builtin_of_decl(c, true);
          }
        }
        continue;
      }
      if (is_xsd(c, "extension") || is_xsd(c, "restriction")) {
        std::string base = local_part(attr(c, "base"));
        if (!base.empty() && visiting.insert(base).second) {
          if (const xmlNode* t = find_global("complexType", base, c)) {
            collect(t, ge);
          }
        }
      }
      collect(c, ge);
    }
  }

  // Every xs:element and xs:attribute with @fixed, anywhere in `n`'s subtree.
  void fixed_values(const xmlNode* n, std::vector<FixedValue>& out) const {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) {
        continue;
      }
      bool is_attr = is_xsd(c, "attribute");
      if ((is_attr || is_xsd(c, "element")) && dom::has_attr(c, "fixed")) {
        std::string name = attr(c, "name");
        if (name.empty()) {
          name = local_part(attr(c, "ref"));
        }
        out.push_back(FixedValue{is_attr, name, attr(c, "fixed"), builtin_of_decl(c, is_attr)});
      }
      fixed_values(c, out);
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

// Every xs:pattern in the document whose regular expression backtracks badly (pattern_backtracks):
// a value can hold a worker for minutes (Xerces) or end in an engine error (libxml2).
void lint_patterns(const xmlNode* n, const std::string& path, std::vector<diag::Diagnostic>& out) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) {
      continue;
    }
    if (is_xsd(c, "pattern")) {
      std::string value = attr(c, "value");
      if (std::string why = pattern_backtracks(value); !why.empty()) {
        out.push_back(diag::Diagnostic::of(diag::code::schema_lint)
                          .at(path, static_cast<std::uint64_t>(xmlGetLineNo(c)))
                          .message("pattern '" + value + "' can take time exponential in a value's length: " + why +
                                   "; a document can then only end by --time-budget (too-slow)"));
      }
    }
    lint_patterns(c, path, out);
  }
}

/// One alternative's first character, as the lint compares them: a literal byte, "." for any,
/// "[...]" for a class, "\x" for an escape; "" when it may be empty.
std::string first_atom(std::string_view alt) {
  if (alt.empty() || alt[0] == '(') {
    return alt.empty() ? "" : "(";
  }
  if (alt[0] == '\\' && alt.size() > 1) {
    return std::string(alt.substr(0, 2));
  }
  if (alt[0] == '[') {
    std::size_t depth = 0;
    for (std::size_t i = 0; i < alt.size(); ++i) {
      if (alt[i] == '\\') {
        ++i;
      } else if (alt[i] == '[') {
        ++depth;
      } else if (alt[i] == ']' && --depth == 0) {
        return std::string(alt.substr(0, i + 1));
      }
    }
    return std::string(alt);
  }
  return std::string(1, alt[0]);
}

/// Can two first atoms match the same character? Unknown shapes (groups, escapes against
/// classes) count as overlapping.
bool may_overlap(const std::string& a, const std::string& b) {
  // A literal: one plain character, or an escaped one that is not a class escape (\d, \w, \p{..}).
  auto literal = [](const std::string& x, char& c) {
    if (x.size() == 1 && x != "." && x != "(") {
      c = x[0];
      return true;
    }
    if (x.size() == 2 && x[0] == '\\' && std::isalpha(static_cast<unsigned char>(x[1])) == 0) {
      c = x[1];
      return true;
    }
    return false;
  };
  auto in_class = [](const std::string& cls, char c) {
    if (cls.size() < 2 || cls[1] == '^') {
      return true; // a negated class: assume it overlaps
    }
    for (std::size_t i = 1; i + 1 < cls.size(); ++i) {
      if (cls[i] == '\\') {
        return true; // an escape in a class: assume it overlaps
      }
      if (i + 2 < cls.size() - 1 && cls[i + 1] == '-') {
        if (c >= cls[i] && c <= cls[i + 2]) {
          return true;
        }
        i += 2;
      } else if (cls[i] == c) {
        return true;
      }
    }
    return false;
  };
  if (a.empty() || b.empty() || a == b || a == "." || b == "." || a == "(" || b == "(") {
    return true;
  }
  char ca = 0;
  char cb = 0;
  bool la = literal(a, ca);
  bool lb = literal(b, cb);
  if (la && lb) {
    return ca == cb;
  }
  if (la && b[0] == '[') {
    return in_class(b, ca);
  }
  if (lb && a[0] == '[') {
    return in_class(a, cb);
  }
  return true; // classes against each other, class escapes: assume they overlap
}

} // namespace

std::string pattern_backtracks(std::string_view re) {
  // One frame per open group: where it starts, whether an unbounded quantifier stands inside it,
  // and the start of each of its top-level alternatives.
  struct Group {
    std::size_t begin;
    bool inner_unbounded = false;
    std::vector<std::size_t> alternatives;
    std::vector<std::string> repeated; ///< the atoms repeated without bound inside it
  };
  std::vector<Group> open{{0, false, {0}, {}}};
  auto repeated_inside = [&](std::string atom) {
    open.back().inner_unbounded = true;
    open.back().repeated.push_back(std::move(atom));
  };
  auto unbounded_at = [&](std::size_t i) {
    if (i >= re.size()) {
      return false;
    }
    if (re[i] == '*' || re[i] == '+') {
      return true;
    }
    if (re[i] == '{') {
      auto close = re.find('}', i);
      auto body = re.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
      return body.find(',') != std::string_view::npos && body.back() == ',';
    }
    return false;
  };
  for (std::size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    if (c == '\\') {
      ++i;
      if (unbounded_at(i + 1)) {
        repeated_inside(std::string(re.substr(i - 1, 2)));
      }
      continue;
    }
    if (c == '[') {
      std::size_t start = i;
      std::size_t depth = 0;
      for (; i < re.size(); ++i) {
        if (re[i] == '\\') {
          ++i;
        } else if (re[i] == '[') {
          ++depth;
        } else if (re[i] == ']' && --depth == 0) {
          break;
        }
      }
      if (unbounded_at(i + 1)) {
        repeated_inside(std::string(re.substr(start, i + 1 - start)));
      }
      continue;
    }
    if (c == '(') {
      open.push_back(Group{i, false, {i + 1}, {}});
      continue;
    }
    if (c == '|') {
      open.back().alternatives.push_back(i + 1);
      continue;
    }
    if (c == ')' && open.size() > 1) {
      Group g = open.back();
      open.pop_back();
      bool repeated = unbounded_at(i + 1);
      std::string text(re.substr(g.begin, i + 1 - g.begin));
      if (repeated && g.inner_unbounded && g.alternatives.size() == 1) {
        // Safe when each round must begin with a character none of the inner repetitions can
        // take (`(\.[a-z]+)*`): the rounds then cannot be split in more than one way.
        std::string first = first_atom(re.substr(g.begin + 1, i - g.begin - 1));
        std::size_t after = g.begin + 1 + first.size();
        bool mandatory =
            !first.empty() && first != "(" &&
            (after >= re.size() || (re[after] != '*' && re[after] != '+' && re[after] != '?' && re[after] != '{'));
        bool separated = mandatory && std::none_of(g.repeated.begin(), g.repeated.end(),
                                                   [&](const std::string& a) { return may_overlap(first, a); });
        if (!separated) {
          return "the group " + text + " holds a repetition without bound and is itself repeated without bound";
        }
      } else if (repeated && g.inner_unbounded) {
        return "the group " + text + " holds a repetition without bound and is itself repeated without bound";
      }
      if (repeated && g.alternatives.size() > 1) {
        std::vector<std::string> firsts;
        for (std::size_t k = 0; k < g.alternatives.size(); ++k) {
          std::size_t end = k + 1 < g.alternatives.size() ? g.alternatives[k + 1] - 1 : i;
          firsts.push_back(first_atom(re.substr(g.alternatives[k], end - g.alternatives[k])));
        }
        for (std::size_t a = 0; a < firsts.size(); ++a) {
          for (std::size_t b = a + 1; b < firsts.size(); ++b) {
            if (may_overlap(firsts[a], firsts[b])) {
              return "the alternatives of " + text +
                     " can begin with the same character and the group is "
                     "repeated without bound";
            }
          }
        }
      }
      // A quantified group counts as a repetition inside its parent.
      if (repeated || g.inner_unbounded) {
        repeated_inside("(");
      }
      continue;
    }
    if (unbounded_at(i + 1) && c != ')' && c != '|') {
      repeated_inside(std::string(1, c));
    }
  }
  return {};
}

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

const GlobalElement* SchemaInfo::find_element(const std::string& ns, const std::string& name) const {
  for (const auto& e : elements) {
    if (e.name == name && e.ns == ns) {
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

namespace {

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

// The line and column of the '<' of `node`'s start tag. libxml2 keeps only the line where the
// start tag ends; the tag begins at the last "<qname" before the end of that line.
std::pair<std::uint64_t, std::uint64_t> start_tag_position(const std::string& path, const xmlNode* node) {
  auto line = static_cast<std::uint64_t>(xmlGetLineNo(node));
  std::string text;
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    char buf[65536];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
      text.append(buf, n);
    }
    std::fclose(f);
  }
  std::size_t end = 0;
  for (std::uint64_t l = 1; l <= line && end != std::string::npos; ++l) {
    end = text.find('\n', l == 1 ? 0 : end + 1);
  }
  if (end == std::string::npos) {
    end = text.size();
  }
  std::string qname = "<";
  if (node->ns != nullptr && node->ns->prefix != nullptr) {
    qname += reinterpret_cast<const char*>(node->ns->prefix) + std::string(":");
  }
  qname += reinterpret_cast<const char*>(node->name);
  auto at = text.rfind(qname, end);
  if (at == std::string::npos || line == 0) {
    return {line, 0};
  }
  std::uint64_t l =
      1 + static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  auto bol = text.rfind('\n', at);
  std::uint64_t col = at - (bol == std::string::npos ? 0 : bol + 1) + 1;
  return {l, col};
}

/// Is `n`, an xs:element, in its schema's target namespace (global, or qualified by @form or
/// the schema's elementFormDefault)?
bool qualified_element(const xmlNode* n, const xmlNode* schema_root) {
  if (n->parent == schema_root) {
    return true;
  }
  std::string form = attr(n, "form");
  return form.empty() ? attr(schema_root, "elementFormDefault") == "qualified" : form == "qualified";
}

/// The identity constraints of every xs:element in `n`'s subtree.
void identity_constraints(const xmlNode* n, const SchemaDoc& d, std::vector<IdentityConstraint>& out) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) {
      continue;
    }
    bool unique = is_xsd(c, "unique");
    bool key = is_xsd(c, "key");
    if ((unique || key || is_xsd(c, "keyref")) && is_xsd(n, "element")) {
      IdentityConstraint ic;
      ic.kind = unique ? IdentityConstraint::Kind::unique
                : key  ? IdentityConstraint::Kind::key
                       : IdentityConstraint::Kind::keyref;
      ic.name = attr(c, "name");
      ic.refer = local_part(attr(c, "refer"));
      ic.element = attr(n, "name");
      ic.element_ns = qualified_element(n, d.root) ? d.ns : std::string();
      for (const xmlNode* p = c->children; p != nullptr; p = p->next) {
        if (is_xsd(p, "selector")) {
          ic.selector = attr(p, "xpath");
        } else if (is_xsd(p, "field")) {
          ic.fields.push_back(attr(p, "xpath"));
        }
      }
      if (xml::xml_ptr<xmlNsPtr> list{xmlGetNsList(c->doc, c)}) {
        for (xmlNsPtr* ns = list.get(); *ns != nullptr; ++ns) {
          if ((*ns)->prefix != nullptr) {
            ic.prefixes[reinterpret_cast<const char*>((*ns)->prefix)] = reinterpret_cast<const char*>((*ns)->href);
          }
        }
      }
      out.push_back(std::move(ic));
      continue;
    }
    identity_constraints(c, d, out);
  }
}

std::string normal_path(const std::string& p) {
  return std::filesystem::path(p).lexically_normal().string();
}

// Reads the schema documents the top one includes, imports or redefines, breadth first.
void read_referenced(std::vector<SchemaDoc>& docs, SchemaInfo& info) {
  const xml::LocationResolver* catalogs = xml::location_resolver();
  std::set<std::pair<std::string, std::string>> seen{{normal_path(docs[0].path), docs[0].ns}};
  for (std::size_t i = 0; i < docs.size(); ++i) {
    for (const xmlNode* c = docs[i].root->children; c != nullptr; c = c->next) {
      bool import = is_xsd(c, "import");
      if (!import && !is_xsd(c, "include") && !is_xsd(c, "redefine")) {
        continue;
      }
      std::string location = attr(c, "schemaLocation");
      std::string ns = import ? attr(c, "namespace") : std::string();
      std::string target;
      if (xml::is_remote_location(location)) {
        target = catalogs != nullptr ? catalogs->resolve(location, ns) : std::string();
        if (target.empty()) {
          if (std::find(info.refused.begin(), info.refused.end(), location) == info.refused.end()) {
            info.refused.push_back(location);
            auto [line, col] = start_tag_position(docs[i].path, c);
            info.lint.push_back(diag::Diagnostic::of(diag::code::import_refused)
                                    .at(docs[i].path, line, col)
                                    .message(std::string(reinterpret_cast<const char*>(c->name)) + " of '" + location +
                                             "' not read: altkit never uses the network; give a local copy "
                                             "(a local schemaLocation, or --xml-catalog mapping the url to a file)"));
          }
          continue;
        }
      } else if (!location.empty()) {
        location = xml::strip_file_scheme(location);
        target = location[0] == '/' ? location : directory_of(docs[i].path) + location;
        if (catalogs != nullptr) {
          if (std::string mapped = catalogs->resolve(target, ns); !mapped.empty()) {
            target = mapped;
          }
        }
      } else if (import && catalogs != nullptr) {
        target = catalogs->resolve("", ns);
      }
      if (target.empty()) {
        continue;
      }
      xml::xml_ptr<xmlDoc> doc;
      {
        xml::ErrorHandlerScope quiet(nullptr, xml::ignore_errors);
        doc = xml::read_file(target, xml::Doctype::allow, XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
      }
      const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
      if (root == nullptr || !is_xsd(root, "schema")) {
        continue; // the engines say what is wrong with it
      }
      std::string tns = attr(root, "targetNamespace");
      if (!import && !dom::has_attr(root, "targetNamespace")) {
        tns = docs[i].ns; // a chameleon include takes the includer's namespace
      }
      if (!seen.insert({normal_path(target), tns}).second) {
        continue;
      }
      docs.push_back(SchemaDoc{target, std::move(doc), root, tns, !import && docs[i].own});
    }
  }
}

} // namespace

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
  std::vector<SchemaDoc> docs;
  docs.push_back(SchemaDoc{path, std::move(doc), root, info.target_namespace, true});
  read_referenced(docs, info);
  Walker walker{docs, {}, {}};
  std::set<std::string> decls_seen;
  for (const auto& d : docs) {
    for (const xmlNode* c = d.root->children; c != nullptr; c = c->next) {
      if (!is_xsd(c, "element")) {
        continue;
      }
      GlobalElement ge;
      ge.ns = d.ns;
      ge.own = d.own;
      std::error_code ec;
      ge.document = std::filesystem::weakly_canonical(d.path, ec).string();
      ge.name = attr(c, "name");
      ge.type_name = local_part(attr(c, "type"));
      walker.visiting.clear();
      if (!ge.type_name.empty()) {
        walker.visiting.insert(ge.type_name);
        if (const xmlNode* t = walker.find_global("complexType", ge.type_name, c)) {
          walker.collect(t, ge);
        }
      } else {
        walker.collect(c, ge);
      }
      info.elements.push_back(std::move(ge));
    }
    walker.fixed_values(d.root, info.fixed_values);
    identity_constraints(d.root, d, info.identity);
    walker.element_decls(d.root, decls_seen, info.element_decls);
    if (d.own) {
      lint_enumerations(d.root, d.path, info.lint);
      lint_patterns(d.root, d.path, info.lint);
    }
  }
  return info;
}

namespace {

std::string collapse(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += c;
  }
  return out;
}

std::string replace_whitespace(std::string s) {
  std::replace_if(
      s.begin(), s.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
  return s;
}

} // namespace

std::optional<bool> same_value(const std::string& builtin, const std::string& a, const std::string& b) {
  // The string family compares characters after the type's whitespace rule (Part 2, 4.3.6).
  static const std::set<std::string> k_collapsed_strings{"token",   "language", "Name",     "NCName",
                                                         "NMTOKEN", "NMTOKENS", "ID",       "IDREF",
                                                         "IDREFS",  "ENTITY",   "ENTITIES", "anyURI"};
  if (builtin == "string" || builtin == "anySimpleType") {
    return a == b;
  }
  if (builtin == "normalizedString") {
    return replace_whitespace(a) == replace_whitespace(b);
  }
  if (k_collapsed_strings.count(builtin) != 0) {
    return collapse(a) == collapse(b);
  }
  if (builtin.empty() || builtin == "QName" || builtin == "NOTATION" || builtin == "anyType") {
    return std::nullopt; // unknown, or needs the namespaces in scope
  }
  xmlSchemaTypePtr type = xmlSchemaGetPredefinedType(reinterpret_cast<const xmlChar*>(builtin.c_str()),
                                                     reinterpret_cast<const xmlChar*>(dom::k_xsd_ns));
  if (type == nullptr) {
    return std::nullopt;
  }
  // libxml2's datatype library: the lexical form is whitespace-collapsed and checked, the value
  // built (1.50 and 1.5 are one decimal, 1 and true one boolean), then the values compared.
  xmlSchemaValPtr va = nullptr;
  xmlSchemaValPtr vb = nullptr;
  std::optional<bool> result;
  if (xmlSchemaValPredefTypeNode(type, reinterpret_cast<const xmlChar*>(a.c_str()), &va, nullptr) == 0 &&
      xmlSchemaValPredefTypeNode(type, reinterpret_cast<const xmlChar*>(b.c_str()), &vb, nullptr) == 0 &&
      va != nullptr && vb != nullptr) {
    int cmp = xmlSchemaCompareValues(va, vb);
    if (cmp != -2) {
      result = cmp == 0;
    }
  }
  if (va != nullptr) {
    xmlSchemaFreeValue(va);
  }
  if (vb != nullptr) {
    xmlSchemaFreeValue(vb);
  }
  return result;
}

} // namespace altkit::schema
