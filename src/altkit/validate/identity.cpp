#include "altkit/validate/identity.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/validate/path_tracker.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/parser.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace altkit::validate {

namespace {

using Kind = schema::IdentityConstraint::Kind;
using Tuple = std::vector<std::string>;

// ---- The XPath subset of XSD 1.0 §3.11.6 ----------------------------------------------------

struct NameTest {
  bool any_ns = false;    ///< "*"
  bool any_local = false; ///< "*" or "prefix:*"
  std::string ns;
  std::string local;
  bool matches(const std::string& n, const std::string& l) const {
    return (any_ns || n == ns) && (any_local || l == local);
  }
};

struct XPath {
  bool descendant = false; ///< began with ".//"
  std::vector<NameTest> steps;
  bool attribute = false; ///< a field's final "@name"
  NameTest attr;
};

std::string trim(std::string s) {
  auto first = s.find_first_not_of(" \t\r\n");
  auto last = s.find_last_not_of(" \t\r\n");
  return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

void erase_all(std::string& s, const std::string& what, const std::string& with) {
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size())) {
    s.replace(at, what.size(), with);
  }
}

std::optional<NameTest> name_test(const std::string& text, const std::map<std::string, std::string>& prefixes) {
  NameTest t;
  if (text == "*") {
    t.any_ns = t.any_local = true;
    return t;
  }
  auto colon = text.find(':');
  if (colon != std::string::npos) {
    auto it = prefixes.find(text.substr(0, colon));
    if (it == prefixes.end()) {
      return std::nullopt;
    }
    t.ns = it->second;
    t.local = text.substr(colon + 1);
    t.any_local = t.local == "*";
  } else {
    t.local = text;
  }
  return t;
}

/// The alternatives of a selector or field XPath, or nothing when it is outside the subset.
std::vector<XPath> parse(std::string text, const std::map<std::string, std::string>& prefixes) {
  erase_all(text, "child::", "");
  erase_all(text, "attribute::", "@");
  std::vector<XPath> out;
  std::size_t from = 0;
  while (from <= text.size()) {
    auto bar = text.find('|', from);
    std::string alt = trim(text.substr(from, bar == std::string::npos ? std::string::npos : bar - from));
    from = bar == std::string::npos ? text.size() + 1 : bar + 1;
    XPath p;
    if (alt.rfind(".//", 0) == 0) {
      p.descendant = true;
      alt = alt.substr(3);
    }
    std::size_t start = 0;
    while (start <= alt.size()) {
      auto slash = alt.find('/', start);
      std::string step = trim(alt.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
      start = slash == std::string::npos ? alt.size() + 1 : slash + 1;
      if (step.empty() || step == ".") {
        continue;
      }
      bool attribute = step[0] == '@';
      auto t = name_test(trim(attribute ? step.substr(1) : step), prefixes);
      if (!t || (p.attribute)) {
        return {}; // outside the subset, or a step after an attribute
      }
      if (attribute) {
        p.attribute = true;
        p.attr = *t;
      } else {
        p.steps.push_back(*t);
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

// ---- The document, read again ---------------------------------------------------------------

struct Element {
  std::string ns;
  std::string local;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string path;
  std::vector<std::pair<std::pair<std::string, std::string>, std::string>> attributes; ///< {ns, local} -> value
};

struct Compiled {
  const schema::IdentityConstraint* c;
  std::vector<XPath> selector;
  std::vector<std::vector<XPath>> fields;
};

struct Node { ///< a node a selector picked
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string path;
  std::string element;
};

struct Scope {
  const Compiled* c;
  std::size_t depth;
  std::map<Tuple, Node> table;              ///< unique, key: the first node of each value
  std::vector<std::pair<Tuple, Node>> refs; ///< keyref: every node's value
  std::set<Tuple> referred;                 ///< keyref: the values of the key it refers to
};

struct Selection {
  std::size_t scope;
  std::size_t depth;
  Node node;
  std::vector<std::optional<std::string>> values;
};

struct Capture {
  std::size_t selection;
  std::size_t field;
  std::size_t depth;
  std::string text;
};

enum class EventKind { duplicate, dangling };

struct Event {
  EventKind kind;
  const schema::IdentityConstraint* c;
  Tuple value;
  Node node;
  std::uint64_t first_line = 0; ///< duplicate: where the value was first
  bool used = false;
};

bool matches(const XPath& p, const std::vector<Element>& stack, std::size_t from, std::size_t to) {
  // The elements (from, to] of the stack, against the steps.
  std::size_t n = to - from;
  if (p.descendant ? n < p.steps.size() : n != p.steps.size()) {
    return false;
  }
  std::size_t base = to - p.steps.size();
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const Element& e = stack[base + i + 1];
    if (!p.steps[i].matches(e.ns, e.local)) {
      return false;
    }
  }
  return true;
}

const std::string* attribute_of(const Element& e, const NameTest& t) {
  for (const auto& [name, value] : e.attributes) {
    if (t.matches(name.first, name.second)) {
      return &value;
    }
  }
  return nullptr;
}

class Reader {
public:
  explicit Reader(const std::vector<schema::IdentityConstraint>& constraints) {
    for (const auto& c : constraints) {
      Compiled k{&c, parse(c.selector, c.prefixes), {}};
      bool ok = !k.selector.empty();
      for (const auto& f : c.fields) {
        k.fields.push_back(parse(f, c.prefixes));
        ok = ok && !k.fields.back().empty();
      }
      if (ok && !c.fields.empty()) {
        m_compiled.push_back(std::move(k));
      }
    }
    m_stack.emplace_back(); // the document node: depth 0
  }

  std::vector<Event> read(std::string_view bytes) {
    xml::SaxEvents events;
    events.start = &Reader::on_start;
    events.end = &Reader::on_end;
    events.characters = &Reader::on_characters;
    xml::PushParser parser(events, "identity");
    parser->_private = this;
    parser.parse(bytes.data(), bytes.size(), true);
    return std::move(m_events);
  }

private:
  static Reader& self(void* ctx) { return *static_cast<Reader*>(static_cast<xmlParserCtxt*>(ctx)->_private); }

  static void on_start(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri, int,
                       const xmlChar**, int nb_attributes, int, const xmlChar** attributes) {
    Reader& r = self(ctx);
    auto* pctxt = static_cast<xmlParserCtxt*>(ctx);
    Element e;
    e.ns = xml::str(uri);
    e.local = xml::str(localname);
    e.line = pctxt->input != nullptr ? static_cast<std::uint64_t>(pctxt->input->line) : 0;
    e.column = xml::column_after_tag(pctxt);
    r.m_path.push(xml::qualified(prefix, localname));
    e.path = r.m_path.path();
    for (int i = 0; i < nb_attributes; ++i) {
      const xmlChar** a = attributes + 5 * i;
      e.attributes.push_back({{xml::str(a[2]), xml::str(a[0])},
                              std::string(reinterpret_cast<const char*>(a[3]), static_cast<std::size_t>(a[4] - a[3]))});
    }
    r.m_stack.push_back(std::move(e));
    r.start();
  }

  static void on_end(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
    Reader& r = self(ctx);
    r.end();
    r.m_stack.pop_back();
    r.m_path.pop();
  }

  static void on_characters(void* ctx, const xmlChar* text, int len) {
    Reader& r = self(ctx);
    for (auto& cap : r.m_captures) {
      cap.text.append(reinterpret_cast<const char*>(text), static_cast<std::size_t>(len));
    }
  }

  void start() {
    std::size_t d = m_stack.size() - 1;
    const Element& e = m_stack.back();
    for (const auto& k : m_compiled) {
      if (k.c->element == e.local && k.c->element_ns == e.ns) {
        m_scopes.push_back(Scope{&k, d, {}, {}, {}});
      }
    }
    for (std::size_t s = 0; s < m_scopes.size(); ++s) {
      const Scope& scope = m_scopes[s];
      if (std::any_of(scope.c->selector.begin(), scope.c->selector.end(),
                      [&](const XPath& p) { return matches(p, m_stack, scope.depth, d); })) {
        Selection sel{s, d, Node{e.line, e.column, e.path, e.local}, {}};
        sel.values.resize(scope.c->fields.size());
        m_selections.push_back(std::move(sel));
      }
    }
    for (std::size_t i = 0; i < m_selections.size(); ++i) {
      Selection& sel = m_selections[i];
      const Compiled& k = *m_scopes[sel.scope].c;
      for (std::size_t f = 0; f < k.fields.size(); ++f) {
        for (const XPath& p : k.fields[f]) {
          if (!matches(p, m_stack, sel.depth, d)) {
            continue;
          }
          if (p.attribute) {
            if (const std::string* v = attribute_of(e, p.attr)) {
              sel.values[f] = *v;
            }
          } else {
            m_captures.push_back(Capture{i, f, d, {}});
          }
          break;
        }
      }
    }
  }

  void end() {
    std::size_t d = m_stack.size() - 1;
    // The captures of elements ending here (others may still be open around them).
    m_captures.erase(std::remove_if(m_captures.begin(), m_captures.end(),
                                    [&](Capture& c) {
                                      if (c.depth != d) {
                                        return false;
                                      }
                                      m_selections[c.selection].values[c.field] = std::move(c.text);
                                      return true;
                                    }),
                     m_captures.end());
    while (!m_selections.empty() && m_selections.back().depth == d) {
      close_selection(m_selections.back());
      m_selections.pop_back();
    }
    // Keys and uniques first: a keyref on the same element refers to their values.
    for (auto it = m_scopes.begin(); it != m_scopes.end();) {
      if (it->depth == d && it->c->c->kind != Kind::keyref) {
        for (auto& r : m_scopes) {
          if (r.c->c->kind == Kind::keyref && r.c->c->refer == it->c->c->name && r.depth <= d) {
            for (const auto& [value, node] : it->table) {
              r.referred.insert(value);
            }
          }
        }
        it = m_scopes.erase(it);
      } else {
        ++it;
      }
    }
    for (auto it = m_scopes.begin(); it != m_scopes.end();) {
      if (it->depth == d) {
        for (auto& [value, node] : it->refs) {
          if (it->referred.count(value) == 0) {
            m_events.push_back(Event{EventKind::dangling, it->c->c, value, node, 0, false});
          }
        }
        it = m_scopes.erase(it);
      } else {
        ++it;
      }
    }
  }

  void close_selection(Selection& sel) {
    // Selections refer to scopes by index; scopes close after their selections (same depth or
    // shallower), so the index is still good here.
    Scope& scope = m_scopes[sel.scope];
    Tuple value;
    for (auto& v : sel.values) {
      if (!v) {
        return; // a field with no value: not part of the constraint's table (§3.11.4)
      }
      value.push_back(*v);
    }
    if (scope.c->c->kind == Kind::keyref) {
      scope.refs.emplace_back(std::move(value), std::move(sel.node));
      return;
    }
    auto [it, fresh] = scope.table.emplace(value, sel.node);
    if (!fresh) {
      m_events.push_back(
          Event{EventKind::duplicate, scope.c->c, std::move(value), std::move(sel.node), it->second.line, false});
    }
  }

  std::vector<Compiled> m_compiled;
  std::vector<Element> m_stack;
  PathTracker m_path;
  std::vector<Scope> m_scopes;
  std::vector<Selection> m_selections;
  std::vector<Capture> m_captures;
  std::vector<Event> m_events;
};

std::string show(const Tuple& t) {
  std::string out = "[";
  for (std::size_t i = 0; i < t.size(); ++i) {
    out += (i > 0 ? ", '" : "'") + t[i] + "'";
  }
  return out + "]";
}

const char* kind_name(Kind k) {
  return k == Kind::unique ? "unique" : k == Kind::key ? "key" : "keyref";
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// The value an engine's message names ("key-sequence ['AF-9']"), or "".
std::string named_value(const std::string& message) {
  auto at = message.find("['");
  auto end = message.find("']", at == std::string::npos ? 0 : at);
  return at == std::string::npos || end == std::string::npos ? std::string() : message.substr(at, end + 2 - at);
}

Event* pick(std::vector<Event>& events, EventKind kind, const diag::Diagnostic& d) {
  std::string value = named_value(d.message);
  Event* next = nullptr;
  for (Event& e : events) {
    if (e.used || e.kind != kind) {
      continue;
    }
    if (!value.empty() && show(e.value) != value) {
      continue;
    }
    if (kind == EventKind::duplicate && e.node.line == d.line) {
      return &e; // the engines place a duplicate at the repeating element
    }
    next = next != nullptr ? next : &e;
  }
  return next;
}

} // namespace

void explain_identity_findings(EngineReport& report, std::string_view bytes,
                               const std::vector<schema::IdentityConstraint>& constraints) {
  bool any = std::any_of(report.diagnostics.begin(), report.diagnostics.end(),
                         [](const diag::Diagnostic& d) { return d.is(diag::code::identity_constraint); });
  if (!any || constraints.empty()) {
    return;
  }
  std::vector<Event> events;
  {
    xml::ErrorHandlerScope quiet(nullptr, xml::ignore_errors);
    events = Reader(constraints).read(bytes);
  }
  bool moved = false;
  for (diag::Diagnostic& d : report.diagnostics) {
    if (!d.is(diag::code::identity_constraint)) {
      continue;
    }
    std::string text = lower(d.message);
    bool duplicate = text.find("duplicate") != std::string::npos;
    bool dangling = text.find("not found") != std::string::npos || text.find("no match") != std::string::npos;
    if (duplicate == dangling) {
      continue; // another identity finding (a field matching twice, a key field missing)
    }
    Event* e = pick(events, duplicate ? EventKind::duplicate : EventKind::dangling, d);
    if (e == nullptr) {
      continue;
    }
    e->used = true;
    if (duplicate) {
      d.message = "duplicate value " + show(e->value) + " of " + kind_name(e->c->kind) + " '" + e->c->name +
                  "' (declared on element '" + e->c->element + "'); first at line " + std::to_string(e->first_line);
    } else {
      d.message = "value " + show(e->value) + " of element '" + e->node.element + "' matches no value of '" +
                  e->c->refer + "' (keyref '" + e->c->name + "' on element '" + e->c->element + "')";
    }
    moved = moved || d.line != e->node.line || d.column != e->node.column;
    d.line = e->node.line;
    d.column = e->node.column;
    d.path = e->node.path;
  }
  if (!moved) {
    return;
  }
  std::stable_sort(report.diagnostics.begin(), report.diagnostics.end(),
                   [](const diag::Diagnostic& a, const diag::Diagnostic& b) {
                     return a.line != b.line ? a.line < b.line : a.column < b.column;
                   });
}

} // namespace altkit::validate
