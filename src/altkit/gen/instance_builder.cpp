#include "altkit/gen/instance_parts.hpp"

#include <algorithm>

namespace altkit::gen::detail {

Node Builder::element(const Element& e, int depth) {
  Node n;
  n.decl = &e;
  n.name = e.name;
  n.ns = e.ns;
  ++m_nodes;
  if (e.complex != nullptr) {
    for (const auto& a : e.complex->attributes) {
      if (!a.required && !(a.fixed && m_rng.chance(70)) && !m_rng.chance(30)) {
        continue;
      }
      auto v = a.fixed ? a.fixed : m_values.value(a.type, a.name);
      if (!v) {
        continue;
      }
      n.attrs.emplace_back(a.name, *v);
      n.attr_decls.push_back(&a);
    }
    if (e.complex->simple_content) {
      n.simple = true;
      n.text = e.fixed ? *e.fixed : m_values.value(e.complex->simple, e.name).value_or("");
    } else if (e.complex->content != nullptr) {
      fill(*e.complex->content, n, depth + 1);
    }
  } else {
    n.simple = true;
    n.text = e.fixed ? *e.fixed : m_values.value(e.simple, e.name).value_or("");
  }
  return n;
}

bool Builder::possible(const Element& e) {
  if (e.complex != nullptr) {
    return !e.complex->simple_content || e.fixed || m_values.value(e.complex->simple, e.name).has_value();
  }
  return e.fixed || m_values.value(e.simple, e.name).has_value();
}

long Builder::count(const Particle& p, int depth) {
  if (m_repeat > 0 && p.max < 0 && depth <= 4 && m_big_used < 2) {
    ++m_big_used; // large documents: a couple of unbounded lists near the root grow long
    return m_rng.between(std::max(p.min, m_repeat / 2), m_repeat);
  }
  long max = p.max < 0 ? p.min + 3 : p.max;
  if (depth > 10 || (m_repeat == 0 && m_nodes > 4000)) {
    return p.min;
  }
  if (p.min == 0 && !m_rng.chance(65)) {
    return 0;
  }
  long lo = std::max(p.min, 1L);
  // Usually a few; now and then as many as the schema allows, when that is a handful.
  if (max <= 12 && m_rng.chance(10)) {
    return max;
  }
  return m_rng.between(lo, std::min(max, lo + 2));
}

void Builder::particle(const Particle& p, Node& parent, int depth) {
  if (p.wildcard != nullptr) {
    return; // corpus-gen writes nothing for xs:any
  }
  if (p.element != nullptr && p.min == 0 && !possible(*p.element)) {
    return;
  }
  const int big_before = m_big_used;
  long k = count(p, depth);
  if (m_big_used == big_before) {
    for (long i = 0; i < k; ++i) {
      item(p, parent, depth);
    }
    return;
  }
  // A long list: its items are made here once, to learn what the root must declare, and
  // dropped; the writer makes them again from this state (the random stream goes on from the
  // same point either way, so the document's bytes are those of a list held whole).
  auto list = std::make_shared<LazyList>();
  list->particle = &p;
  list->count = k;
  list->depth = depth;
  list->rng = m_rng;
  list->nodes = m_nodes;
  list->big_used = m_big_used;
  Node scratch;
  for (long i = 0; i < k; ++i) {
    item(p, scratch, depth);
    for (const auto& c : scratch.children) {
      list->any_unqualified = list->any_unqualified || any_unqualified(c);
      attribute_namespaces(c, list->attribute_namespaces);
    }
    scratch.children.clear();
  }
  Node holder;
  if (p.element != nullptr) {
    holder.name = p.element->name;
    holder.ns = p.element->ns;
  }
  holder.lazy = std::move(list);
  parent.children.push_back(std::move(holder));
}

void Builder::item(const Particle& p, Node& parent, int depth) {
  if (p.element != nullptr) {
    Node child = element(*p.element, depth);
    if (p.element->nillable && p.min == 0 && m_rng.chance(8)) {
      child.children.clear();
      child.text.clear();
      child.nil = true;
    }
    parent.children.push_back(std::move(child));
  } else if (p.group != nullptr) {
    fill(*p.group, parent, depth);
  }
}

void Builder::replay(const LazyList& list, Patterns& patterns, long repeat,
                     const std::function<void(const Node&)>& each) {
  Rng rng = list.rng;
  Builder b(rng, patterns, repeat);
  b.m_nodes = list.nodes;
  b.m_big_used = list.big_used;
  Node scratch;
  for (long i = 0; i < list.count; ++i) {
    b.item(*list.particle, scratch, list.depth);
    each(scratch);
    scratch.children.clear();
  }
}

bool any_unqualified(const Node& n) {
  if (n.lazy) {
    return n.lazy->any_unqualified;
  }
  if (n.ns.empty()) {
    return true;
  }
  return std::any_of(n.children.begin(), n.children.end(), [](const Node& c) { return any_unqualified(c); });
}

void attribute_namespaces(const Node& n, std::vector<std::string>& out) {
  auto add = [&](const std::string& ns) {
    if (std::find(out.begin(), out.end(), ns) == out.end()) {
      out.push_back(ns);
    }
  };
  if (n.lazy) {
    for (const auto& ns : n.lazy->attribute_namespaces) {
      add(ns);
    }
    return;
  }
  for (const Attribute* a : n.attr_decls) {
    if (a != nullptr && !a->ns.empty()) {
      add(a->ns);
    }
  }
  for (const auto& c : n.children) {
    attribute_namespaces(c, out);
  }
}

void Builder::fill(const Group& g, Node& parent, int depth) {
  if (g.kind == Group::Kind::choice) {
    // xs:any branches are never chosen: corpus-gen writes nothing for them.
    bool any = std::any_of(g.particles.begin(), g.particles.end(), [](const Particle& p) { return p.wildcard; });
    if (!any && !g.particles.empty()) {
      particle(m_rng.pick(g.particles), parent, depth);
    } else if (any) {
      std::vector<const Particle*> named; // pointers: a long list keeps the particle's address
      for (const auto& p : g.particles) {
        if (p.wildcard == nullptr) {
          named.push_back(&p);
        }
      }
      if (!named.empty()) {
        particle(*m_rng.pick(named), parent, depth);
      }
    }
    return;
  }
  for (const auto& p : g.particles) {
    particle(p, parent, depth);
  }
}

std::string qname_of(const Node& n, const std::string& prefix) {
  return (n.ns.empty() || prefix.empty() ? "" : prefix + ":") + n.name;
}

} // namespace altkit::gen::detail
