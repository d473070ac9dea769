#include "altkit/schema/compiled_grammar.hpp"

#include <algorithm>
#include <map>

namespace altkit::schema {

bool CompiledGrammar::WildcardRule::allows(std::string_view ns) const {
  if (any) {
    return true;
  }
  if (other) {
    return !ns.empty() && ns != target_namespace;
  }
  return std::find(namespaces.begin(), namespaces.end(), ns) != namespaces.end();
}

int CompiledGrammar::symbol(std::string_view ns, std::string_view local) const {
  std::string key;
  key.reserve(ns.size() + local.size() + 1);
  key.append(ns).push_back('\x1f');
  key.append(local);
  auto it = m_symbols.find(key);
  return it == m_symbols.end() ? -1 : it->second;
}

class GrammarBuilder {
public:
  GrammarBuilder(const SchemaModel& model, CompiledGrammar& g, CompiledGrammar::NotCovered& why)
      : m_model(model), m_g(g), m_why(why) {}

  bool build() {
    if (!m_model.unsupported.empty()) {
      const auto& u = m_model.unsupported.front();
      m_why = {u.construct, u.file, u.line};
      return false;
    }
    std::string xsi(k_xsi_ns);
    m_g.xsi_nil = intern(xsi, "nil");
    m_g.xsi_type = intern(xsi, "type");
    m_g.xsi_schema_location = intern(xsi, "schemaLocation");
    m_g.xsi_no_ns_schema_location = intern(xsi, "noNamespaceSchemaLocation");
    for (const Element* e : m_model.globals) {
      int d = decl(*e);
      if (!ok()) {
        return false;
      }
      int s = m_g.m_decls[static_cast<std::size_t>(d)].symbol;
      if (m_g.m_globals.size() <= static_cast<std::size_t>(s)) {
        m_g.m_globals.resize(static_cast<std::size_t>(s) + 1, -1);
      }
      m_g.m_globals[static_cast<std::size_t>(s)] = d;
    }
    m_g.m_globals.resize(m_g.m_symbol_ns.size(), -1);
    return ok();
  }

private:
  bool ok() const { return m_why.construct.empty(); }

  void fail(std::string construct) {
    if (ok()) {
      m_why.construct = std::move(construct);
      m_why.file = m_model.path;
    }
  }

  int intern(const std::string& ns, const std::string& local) {
    std::string key = ns + '\x1f' + local;
    auto [it, added] = m_g.m_symbols.emplace(key, static_cast<int>(m_g.m_symbol_ns.size()));
    if (added) {
      m_g.m_symbol_ns.push_back(ns);
    }
    return it->second;
  }

  const CompiledSimpleType* simple(const SimpleType& st, const std::string& where) {
    std::string why;
    auto compiled = CompiledSimpleType::compile(st, why);
    if (!compiled) {
      fail((why.empty() ? std::string("a simple type the engine does not check") : why) + " (" + where + ")");
      return nullptr;
    }
    m_g.m_simple.push_back(compiled);
    return compiled.get();
  }

  static bool is_any_type(const Element& e) {
    return e.complex != nullptr && (e.complex->name == "anyType" || e.simple.builtin == "anyType");
  }

  int decl(const Element& e) {
    auto it = m_decl_of.find(&e);
    if (it != m_decl_of.end()) {
      return it->second;
    }
    int index = static_cast<int>(m_g.m_decls.size());
    m_decl_of.emplace(&e, index);
    m_g.m_decls.emplace_back();
    CompiledGrammar::Decl d;
    d.symbol = intern(e.ns, e.name);
    d.name = e.name;
    d.nillable = e.nillable;
    if (e.abstract) {
      fail("abstract element '" + e.name + "'");
      return index;
    }
    if (e.fixed) {
      d.has_fixed = true;
      d.fixed = *e.fixed;
    } else if (e.default_value) {
      d.has_default = true;
      d.fixed = *e.default_value; // kept for completeness; a default is valid by the schema
    }
    if (is_any_type(e)) {
      d.type = any_type();
    } else if (e.complex != nullptr) {
      d.type = complex(*e.complex);
    } else {
      CompiledGrammar::Type t;
      t.content = CompiledGrammar::Type::Content::simple;
      t.simple = simple(e.simple, "element '" + e.name + "'");
      d.type = static_cast<int>(m_g.m_types.size());
      m_g.m_types.push_back(std::move(t));
    }
    if (ok() && (d.has_fixed || d.has_default) &&
        m_g.m_types[static_cast<std::size_t>(d.type)].content != CompiledGrammar::Type::Content::simple) {
      fail("a fixed or default value on element '" + e.name + "' of complex content");
    }
    m_g.m_decls[static_cast<std::size_t>(index)] = std::move(d);
    return index;
  }

  int any_type() {
    if (m_any_type < 0) {
      CompiledGrammar::Type t;
      t.content = CompiledGrammar::Type::Content::any;
      m_any_type = static_cast<int>(m_g.m_types.size());
      m_g.m_types.push_back(std::move(t));
    }
    return m_any_type;
  }

  int wildcard(const Wildcard& w) {
    CompiledGrammar::WildcardRule r;
    r.process = w.process;
    r.any = w.any;
    r.other = w.other;
    r.namespaces = w.namespaces;
    r.target_namespace = w.target_namespace;
    m_g.m_wildcards.push_back(std::move(r));
    return static_cast<int>(m_g.m_wildcards.size()) - 1;
  }

  int complex(const ComplexType& ct) {
    auto it = m_type_of.find(&ct);
    if (it != m_type_of.end()) {
      return it->second;
    }
    int index = static_cast<int>(m_g.m_types.size());
    m_type_of.emplace(&ct, index);
    m_g.m_types.emplace_back();
    CompiledGrammar::Type t;
    std::string type_name = ct.name.empty() ? std::string("an anonymous type") : "type '" + ct.name + "'";
    if (ct.abstract) {
      fail("abstract " + type_name);
      return index;
    }
    using Content = CompiledGrammar::Type::Content;
    if (ct.simple_content) {
      t.content = Content::simple;
      t.simple = simple(ct.simple, type_name);
    } else if (ct.content != nullptr) {
      LeafResolver leaves;
      leaves.element = [this](const Element& e, int& symbol, int& element) {
        element = decl(e);
        symbol = m_g.m_decls[static_cast<std::size_t>(element)].symbol;
        if (symbol < 0) { // being built further up: its symbol is known from the element itself
          symbol = intern(e.ns, e.name);
        }
      };
      leaves.wildcard = [this](const Wildcard& w) { return wildcard(w); };
      leaves.overlaps = [this](int w, int symbol, int other) {
        (void)other;
        return symbol < 0 ||
               m_g.m_wildcards[static_cast<std::size_t>(w)].allows(m_g.m_symbol_ns[static_cast<std::size_t>(symbol)]);
      };
      ContentAutomaton a;
      std::string why;
      if (!compile_content(*ct.content, leaves, a, why)) {
        fail(why + " in " + type_name);
        return index;
      }
      bool no_particles = !a.all && a.states.size() == 1;
      if (no_particles) {
        t.content = ct.mixed ? Content::mixed : Content::empty;
      } else {
        t.content = ct.mixed ? Content::mixed : Content::elements;
        t.automaton = static_cast<int>(m_g.m_automata.size());
        m_g.m_automata.push_back(std::move(a));
      }
    } else {
      t.content = ct.mixed ? Content::mixed : Content::empty;
    }
    if (ct.attributes.size() > 64) {
      fail("more than 64 attributes on " + type_name);
      return index;
    }
    for (const auto& a : ct.attributes) {
      CompiledGrammar::AttrUse use;
      use.symbol = intern(a.ns, a.name);
      if (std::any_of(t.attributes.begin(), t.attributes.end(),
                      [&](const CompiledGrammar::AttrUse& u) { return u.symbol == use.symbol; })) {
        continue; // an extension restating its base's attribute
      }
      use.required = a.required;
      use.name = a.name;
      use.type = simple(a.type, "attribute '" + a.name + "'");
      if (a.fixed) {
        use.has_fixed = true;
        use.fixed = *a.fixed;
      }
      if (use.required) {
        t.required |= std::uint64_t{1} << t.attributes.size();
      }
      t.attributes.push_back(std::move(use));
    }
    if (ct.any_attribute != nullptr) {
      t.any_attribute = wildcard(*ct.any_attribute);
    }
    m_g.m_types[static_cast<std::size_t>(index)] = std::move(t);
    return index;
  }

  const SchemaModel& m_model;
  CompiledGrammar& m_g;
  CompiledGrammar::NotCovered& m_why;
  std::map<const Element*, int> m_decl_of;
  std::map<const ComplexType*, int> m_type_of;
  int m_any_type = -1;
};

std::shared_ptr<const CompiledGrammar> CompiledGrammar::compile(const SchemaModel& model, NotCovered& why) {
  why = NotCovered{};
  auto g = std::make_shared<CompiledGrammar>();
  GrammarBuilder b(model, *g, why);
  if (!b.build()) {
    if (why.file.empty()) {
      why.file = model.path;
    }
    return nullptr;
  }
  return g;
}

} // namespace altkit::schema
