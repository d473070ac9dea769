#include "altkit/gen/instance_parts.hpp"

#include <algorithm>
#include <map>

namespace altkit::gen::detail {

namespace {

struct Site {
  Node* node = nullptr;
  Node* parent = nullptr;
  std::size_t index = 0; ///< in parent->children
  std::string path;
};

void collect(Node& n, Node* parent, std::size_t index, const std::string& path, const std::string& prefix,
             std::vector<Site>& out) {
  if (n.lazy) {
    return; // a long list is not held as nodes: no fault goes into it
  }
  out.push_back(Site{&n, parent, index, path});
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < n.children.size(); ++i) {
    Node& c = n.children[i];
    std::string q = qname_of(c, prefix);
    if (c.lazy) {
      seen[q] += c.lazy->particle->element != nullptr ? static_cast<int>(c.lazy->count) : 0; // its items count
      continue;
    }
    int k = ++seen[q];
    collect(c, &n, i, path + "/" + q + (k > 1 ? "[" + std::to_string(k) + "]" : ""), prefix, out);
  }
}

/// How many children of `parent` have the same element declaration as child `index`.
int same_decl_count(const Node& parent, const Element* decl) {
  return static_cast<int>(
      std::count_if(parent.children.begin(), parent.children.end(), [&](const Node& c) { return c.decl == decl; }));
}

const Particle* particle_of(const Group& g, const Element* decl) {
  for (const auto& p : g.particles) {
    if (p.element == decl) {
      return &p;
    }
    if (p.group != nullptr) {
      if (const Particle* q = particle_of(*p.group, decl)) {
        return q;
      }
    }
  }
  return nullptr;
}

/// True when fault `kind` can be injected at `s`.
bool applies(const std::string& kind, const Site& s) {
  const Node& n = *s.node;
  if (n.nil) {
    return false;
  }
  const Element* d = n.decl;
  if (kind == "bad-value") {
    return n.simple && d != nullptr && value_breakable(d->complex != nullptr ? d->complex->simple : d->simple);
  }
  if (kind == "missing-element") {
    if (s.parent == nullptr || s.parent->decl == nullptr || s.parent->decl->complex == nullptr ||
        s.parent->decl->complex->content == nullptr) {
      return false;
    }
    const Particle* p = particle_of(*s.parent->decl->complex->content, d);
    return p != nullptr && p->min >= 1 && same_decl_count(*s.parent, d) <= p->min &&
           s.parent->decl->complex->content->kind == Group::Kind::sequence;
  }
  if (kind == "unexpected-element") {
    return d != nullptr && d->complex != nullptr && !d->complex->simple_content && d->complex->content != nullptr &&
           !d->complex->mixed;
  }
  // wrong-fixed-value, missing-attribute
  return std::any_of(n.attr_decls.begin(), n.attr_decls.end(), [&](const Attribute* a) {
    return (kind == "wrong-fixed-value" && a->fixed && !a->fixed_on_reference) ||
           (kind == "missing-attribute" && a->required);
  });
}

/// Breaks an attribute of `n` (a fixed value changed, or a required one removed) and says so in `g`.
void break_attribute(const std::string& kind, Node& n, GroundTruth& g) {
  for (std::size_t i = 0; i < n.attr_decls.size(); ++i) {
    const Attribute* a = n.attr_decls[i];
    if (kind == "wrong-fixed-value" && a->fixed && !a->fixed_on_reference) {
      n.attrs[i].second = *a->fixed + "9";
      g.detail = "attribute '" + a->name + "' = '" + n.attrs[i].second + "' (fixed '" + *a->fixed + "')";
      return;
    }
    if (kind == "missing-attribute" && a->required) {
      g.detail = "required attribute '" + a->name + "' removed";
      n.attrs.erase(n.attrs.begin() + static_cast<long>(i));
      n.attr_decls.erase(n.attr_decls.begin() + static_cast<long>(i));
      return;
    }
  }
}

/// Injects fault `kind` at `s` (where applies() holds) and says what it did.
GroundTruth apply(const std::string& kind, Site& s, const std::string& prefix) {
  Node& n = *s.node;
  GroundTruth g;
  g.valid = false;
  g.fault = kind;
  if (kind == "bad-value") {
    const SimpleType& t = n.decl->complex != nullptr ? n.decl->complex->simple : n.decl->simple;
    n.text = broken_value(t);
    g.path = s.path;
    g.detail = "value '" + n.text + "'";
  } else if (kind == "missing-element") {
    g.detail = "required element '" + n.name + "' removed";
    std::string parent_path = s.path.substr(0, s.path.rfind('/'));
    s.parent->children.erase(s.parent->children.begin() + static_cast<long>(s.index));
    g.path = parent_path;
  } else if (kind == "unexpected-element") {
    Node extra;
    extra.name = "altkitUnexpected";
    extra.ns = n.ns.empty() && !n.children.empty() ? n.children.front().ns : n.ns;
    extra.simple = true;
    extra.text = "x";
    n.children.insert(n.children.begin(), extra);
    g.path = s.path + "/" + qname_of(extra, prefix);
    g.detail = "undeclared element added";
  } else {
    break_attribute(kind, n, g);
    g.path = s.path;
  }
  return g;
}

} // namespace

bool value_breakable(const SimpleType& type) {
  const SimpleType& t = needs_generated_view(type) ? generated_view(type) : type;
  const Facets& f = t.facets;
  return !f.enumeration.empty() || !f.patterns.empty() || f.length >= 0 || f.max_length >= 0 ||
         (t.builtin != "string" && t.builtin != "normalizedString" && t.builtin != "token" && t.builtin != "anyType" &&
          t.builtin != "anySimpleType");
}

std::string broken_value(const SimpleType& type) {
  const SimpleType& t = needs_generated_view(type) ? generated_view(type) : type;
  const Facets& f = t.facets;
  if (f.max_length >= 0 || f.length >= 0) {
    long n = std::max(f.max_length, f.length) + 5;
    return std::string(static_cast<std::size_t>(n), 'X');
  }
  if (!f.enumeration.empty()) {
    return "ALTKIT-NOT-IN-LIST";
  }
  return "ALTKIT-NOT-A-VALUE";
}

GroundTruth inject(Node& root, const std::string& prefix, Rng& rng) {
  std::vector<Site> sites;
  collect(root, nullptr, 0, "/" + qname_of(root, prefix), prefix, sites);
  std::vector<std::string> kinds{"bad-value", "missing-element", "unexpected-element", "wrong-fixed-value",
                                 "missing-attribute"};
  // Try the kinds in a seeded order until one applies.
  for (std::size_t i = kinds.size(); i > 1; --i) {
    std::swap(kinds[i - 1], kinds[static_cast<std::size_t>(rng.between(0, static_cast<std::int64_t>(i) - 1))]);
  }
  for (const auto& kind : kinds) {
    std::vector<Site*> candidates;
    for (auto& s : sites) {
      if (applies(kind, s)) {
        candidates.push_back(&s);
      }
    }
    if (!candidates.empty()) {
      return apply(kind, *rng.pick(candidates), prefix);
    }
  }
  return {};
}

} // namespace altkit::gen::detail
