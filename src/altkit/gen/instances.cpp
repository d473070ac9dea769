#include "altkit/gen/instances.hpp"

#include "altkit/gen/ids.hpp"
#include "altkit/gen/rng.hpp"
#include "altkit/xml/escape.hpp"

#include <libxml/xmlregexp.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>

namespace altkit::gen {

namespace {

// ---- regular expressions (XML Schema flavour) -------------------------------------------

/// Generates a string that the (XSD) regular expression probably matches; the caller checks it
/// with libxml2's own XSD regexp engine. Handles what SERES patterns use and more: literals,
/// escapes, classes with ranges, groups with alternatives, ? * + {n} {n,} {n,m}.
class RegexGen {
public:
  RegexGen(const std::string& re, Rng& rng) : m_re(re), m_rng(rng) {}
  std::string run() {
    m_pos = 0;
    std::string out;
    alternatives(out);
    return out;
  }

private:
  void alternatives(std::string& out) {
    // Parse all branches, keep one at random.
    std::vector<std::string> results;
    for (;;) {
      std::string branch;
      sequence(branch);
      results.push_back(branch);
      if (m_pos < m_re.size() && m_re[m_pos] == '|') {
        ++m_pos;
        continue;
      }
      break;
    }
    out += results[static_cast<std::size_t>(m_rng.between(0, static_cast<std::int64_t>(results.size()) - 1))];
  }

  void sequence(std::string& out) {
    while (m_pos < m_re.size() && m_re[m_pos] != '|' && m_re[m_pos] != ')') {
      std::size_t atom_start = m_pos;
      std::string sample = atom();
      long lo = 1;
      long hi = 1;
      quantifier(lo, hi);
      long n = m_rng.between(lo, hi);
      for (long i = 0; i < n; ++i) {
        if (i == 0) {
          out += sample;
        } else {
          std::size_t save = m_pos;
          m_pos = atom_start;
          out += atom();
          m_pos = save;
        }
      }
    }
  }

  void quantifier(long& lo, long& hi) {
    if (m_pos >= m_re.size()) {
      return;
    }
    char c = m_re[m_pos];
    if (c == '?') {
      lo = 0, hi = 1, ++m_pos;
    } else if (c == '*') {
      lo = 0, hi = 3, ++m_pos;
    } else if (c == '+') {
      lo = 1, hi = 3, ++m_pos;
    } else if (c == '{') {
      std::size_t close = m_re.find('}', m_pos);
      std::string body = m_re.substr(m_pos + 1, close - m_pos - 1);
      m_pos = close + 1;
      auto comma = body.find(',');
      lo = std::atol(body.substr(0, comma).c_str());
      if (comma == std::string::npos) {
        hi = lo;
      } else if (comma + 1 == body.size()) {
        hi = lo + 3;
      } else {
        hi = std::atol(body.substr(comma + 1).c_str());
      }
      hi = std::min(hi, lo + 8);
    }
  }

  std::string pick_from(const std::string& set) {
    return std::string(1, set[static_cast<std::size_t>(m_rng.between(0, static_cast<std::int64_t>(set.size()) - 1))]);
  }

  std::string escape_class(char e) {
    switch (e) {
    case 'd':
      return pick_from("0123456789");
    case 'w':
      return pick_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    case 's':
      return " ";
    case 'i':
    case 'c':
      return pick_from("abcdefghijklmnopqrstuvwxyz");
    case 'n':
      return "\n";
    case 't':
      return "\t";
    default:
      return std::string(1, e);
    }
  }

  std::string atom() {
    char c = m_re[m_pos++];
    if (c == '\\' && m_pos < m_re.size()) {
      return escape_class(m_re[m_pos++]);
    }
    if (c == '(') {
      std::string inner;
      alternatives(inner);
      if (m_pos < m_re.size() && m_re[m_pos] == ')') {
        ++m_pos;
      }
      return inner;
    }
    if (c == '[') {
      bool negated = m_pos < m_re.size() && m_re[m_pos] == '^';
      if (negated) {
        ++m_pos;
      }
      std::string set;
      while (m_pos < m_re.size() && m_re[m_pos] != ']') {
        char a = m_re[m_pos++];
        if (a == '\\' && m_pos < m_re.size()) {
          set += escape_class(m_re[m_pos++]);
          continue;
        }
        if (m_pos + 1 < m_re.size() && m_re[m_pos] == '-' && m_re[m_pos + 1] != ']') {
          char b = m_re[m_pos + 1];
          m_pos += 2;
          for (char x = a; x <= b && x != 0; ++x) {
            set.push_back(x);
          }
          continue;
        }
        set.push_back(a);
      }
      ++m_pos; // ]
      if (negated || set.empty()) {
        return "x";
      }
      return pick_from(set);
    }
    if (c == '.') {
      return pick_from("abcdefghij");
    }
    return std::string(1, c);
  }

  const std::string& m_re;
  Rng& m_rng;
  std::size_t m_pos = 0;
};

/// Compiled XSD regular expressions, one per pattern (libxml2's engine: XSD semantics exactly).
class Patterns {
public:
  ~Patterns() {
    for (auto& [k, v] : m_compiled) {
      if (v != nullptr) {
        xmlRegFreeRegexp(v);
      }
    }
  }
  bool matches(const std::string& pattern, const std::string& value) {
    auto it = m_compiled.find(pattern);
    if (it == m_compiled.end()) {
      it = m_compiled.emplace(pattern, xmlRegexpCompile(reinterpret_cast<const xmlChar*>(pattern.c_str()))).first;
    }
    return it->second == nullptr || xmlRegexpExec(it->second, reinterpret_cast<const xmlChar*>(value.c_str())) == 1;
  }

private:
  std::map<std::string, xmlRegexpPtr> m_compiled;
};

// ---- values ----------------------------------------------------------------------------

std::size_t chars(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool is_integer_type(const std::string& b) {
  static const char* k[] = {"integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                            "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
                            "unsignedByte"};
  return std::any_of(std::begin(k), std::end(k), [&](const char* n) { return b == n; });
}

bool is_numeric(const std::string& b) { return is_integer_type(b) || b == "decimal" || b == "double" || b == "float"; }

/// Does `v` satisfy the facets (patterns via libxml2's XSD regexps)?
bool satisfies(const std::string& v, const SimpleType& t, Patterns& patterns) {
  const Facets& f = t.facets;
  std::size_t n = chars(v);
  if ((f.length >= 0 && static_cast<long>(n) != f.length) || (f.min_length >= 0 && static_cast<long>(n) < f.min_length) ||
      (f.max_length >= 0 && static_cast<long>(n) > f.max_length)) {
    return false;
  }
  if (!f.enumeration.empty() && std::find(f.enumeration.begin(), f.enumeration.end(), v) == f.enumeration.end()) {
    return false;
  }
  for (const auto& p : f.patterns) {
    if (!patterns.matches(p, v)) {
      return false;
    }
  }
  if (is_numeric(t.builtin)) {
    char* end = nullptr;
    long double x = std::strtold(v.c_str(), &end);
    if (end == v.c_str() || *end != '\0') {
      return false;
    }
    auto num = [](const std::optional<std::string>& s) { return std::strtold(s->c_str(), nullptr); };
    if ((f.min_inclusive && x < num(f.min_inclusive)) || (f.max_inclusive && x > num(f.max_inclusive)) ||
        (f.min_exclusive && x <= num(f.min_exclusive)) || (f.max_exclusive && x >= num(f.max_exclusive))) {
      return false;
    }
    std::string digits;
    for (char c : v) {
      if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
        digits.push_back(c);
      }
    }
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
    if (f.total_digits >= 0 && static_cast<int>(digits.size()) > f.total_digits) {
      return false;
    }
  }
  return true;
}

const std::vector<std::string>& words() {
  static const std::vector<std::string> k{"Fjellheim", "Snøbrøyting", "Ålesund", "Tromsø", "Bodø", "Kvitøya",
                                          "Nordlys",   "Havgapet",    "Brønnøy", "Lofoten", "Æsir",  "Skjærgård",
                                          "Solbakken", "Vestre",      "Østre",   "Hagen",   "data",  "melding"};
  return k;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string truncate_chars(const std::string& s, std::size_t n) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == n) {
        return s.substr(0, i);
      }
      ++count;
    }
  }
  return s;
}

class ValueGen {
public:
  ValueGen(Rng& rng, Patterns& patterns) : m_rng(rng), m_patterns(patterns) {}

  std::optional<std::string> value(const SimpleType& t, const std::string& name) {
    if (t.list) {
      SimpleType item = t;
      item.list = false;
      auto v = value(item, name);
      return v;
    }
    const Facets& f = t.facets;
    if (!f.enumeration.empty()) {
      std::vector<std::string> ok;
      for (const auto& e : f.enumeration) {
        if (satisfies(e, t, m_patterns)) {
          ok.push_back(e);
        }
      }
      if (ok.empty()) {
        return std::nullopt; // a code list no value of which can be valid (schema-lint finds these)
      }
      return m_rng.pick(ok);
    }
    for (int attempt = 0; attempt < 40; ++attempt) {
      std::string v = candidate(t, name, attempt);
      if (satisfies(v, t, m_patterns)) {
        return v;
      }
    }
    return std::nullopt;
  }

private:
  std::string candidate(const SimpleType& t, const std::string& name, int attempt) {
    const Facets& f = t.facets;
    const std::string& b = t.builtin;
    if (auto id = identifier(t, name); id && attempt < 3) {
      return *id; // a valid-looking organisasjonsnummer / synthetic fødselsnummer where the name asks
    }
    if (!f.patterns.empty() && attempt < 30) {
      RegexGen g(f.patterns.front(), m_rng);
      return g.run();
    }
    if (is_numeric(b)) {
      return number(t);
    }
    if (b == "boolean") {
      return m_rng.chance(50) ? "true" : "false";
    }
    if (b == "date") {
      return date();
    }
    if (b == "dateTime") {
      return date() + "T" + two(m_rng.between(0, 23)) + ":" + two(m_rng.between(0, 59)) + ":00";
    }
    if (b == "time") {
      return two(m_rng.between(0, 23)) + ":" + two(m_rng.between(0, 59)) + ":00";
    }
    if (b == "gYear") {
      return std::to_string(m_rng.between(2000, 2030));
    }
    if (b == "gYearMonth") {
      return std::to_string(m_rng.between(2000, 2030)) + "-" + two(m_rng.between(1, 12));
    }
    if (b == "anyURI") {
      return "https://example.no/" + lower(m_rng.pick(words()).substr(0, 4));
    }
    if (b == "base64Binary") {
      return "QWx0a2l0";
    }
    return text(t, name);
  }

  static std::string two(std::int64_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(v));
    return buf;
  }

  std::string date() {
    return std::to_string(m_rng.between(2000, 2030)) + "-" + two(m_rng.between(1, 12)) + "-" + two(m_rng.between(1, 28));
  }

  std::string number(const SimpleType& t) {
    const Facets& f = t.facets;
    const std::string& b = t.builtin;
    int fraction = (b == "decimal" || b == "double" || b == "float") ? std::max(0, std::min(f.fraction_digits < 0 ? 2 : f.fraction_digits, 2)) : 0;
    int integer_digits = f.total_digits > 0 ? std::max(1, f.total_digits - fraction) : 6;
    integer_digits = std::min(integer_digits, 9);
    long long cap = 1;
    for (int i = 0; i < integer_digits; ++i) {
      cap *= 10;
    }
    long long lo = 0;
    long long hi = std::min(cap - 1, 99999LL);
    if (b == "positiveInteger") {
      lo = 1;
    }
    auto bound = [](const std::optional<std::string>& s) { return static_cast<long long>(std::strtold(s->c_str(), nullptr)); };
    if (f.min_inclusive) {
      lo = std::max(lo, bound(f.min_inclusive));
    }
    if (f.min_exclusive) {
      lo = std::max(lo, bound(f.min_exclusive) + 1);
    }
    if (f.max_inclusive) {
      hi = std::min(hi, bound(f.max_inclusive));
    }
    if (f.max_exclusive) {
      hi = std::min(hi, bound(f.max_exclusive) - 1);
    }
    if (f.min_inclusive && !f.max_inclusive && !f.max_exclusive && hi < lo) {
      hi = lo + 1000;
    }
    if (hi < lo) {
      hi = lo;
    }
    std::string v = std::to_string(m_rng.between(lo, hi));
    if (fraction > 0 && (!f.max_inclusive || m_rng.chance(50))) {
      v += "." + std::to_string(m_rng.between(0, 9)) + (fraction > 1 ? std::to_string(m_rng.between(0, 9)) : "");
    }
    return v;
  }

  std::optional<std::string> identifier(const SimpleType& t, const std::string& name) {
    if (is_numeric(t.builtin) && t.builtin != "integer" && t.builtin != "decimal") {
      return std::nullopt;
    }
    std::string n = lower(name);
    bool org = n.find("organisasjonsnummer") != std::string::npos || n.find("orgnr") != std::string::npos ||
               n.find("virksomhetsnummer") != std::string::npos || n.find("organisasjonsnr") != std::string::npos;
    bool fnr = n.find("foedselsnummer") != std::string::npos || n.find("fodselsnummer") != std::string::npos ||
               n.find("fnr") != std::string::npos || n.find("personnummer") != std::string::npos;
    if (org) {
      return organisasjonsnummer(m_rng);
    }
    if (fnr) {
      return synthetic_fodselsnummer(m_rng);
    }
    return std::nullopt;
  }

  std::string text(const SimpleType& t, const std::string& name) {
    (void)name;
    const Facets& f = t.facets;
    long min_len = f.length >= 0 ? f.length : std::max(f.min_length, 1L);
    long max_len = f.length >= 0 ? f.length : (f.max_length >= 0 ? f.max_length : 40);
    std::string s = m_rng.pick(words());
    while (static_cast<long>(chars(s)) < min_len) {
      s += " " + m_rng.pick(words());
    }
    s = truncate_chars(s, static_cast<std::size_t>(std::max(max_len, 1L)));
    while (!s.empty() && s.back() == ' ') {
      s.pop_back(); // token/normalizedString must not end in a space
      if (static_cast<long>(chars(s)) < min_len) {
        s += "x";
      }
    }
    return s;
  }

  Rng& m_rng;
  Patterns& m_patterns;
};

// ---- the document tree -----------------------------------------------------------------

struct Node {
  const Element* decl = nullptr;
  std::string name;
  std::string ns;
  std::vector<std::pair<std::string, std::string>> attrs;
  std::vector<const Attribute*> attr_decls; ///< parallel to attrs (namespace: attr_decls[i]->ns)
  std::vector<Node> children;
  std::string text;
  bool nil = false;
  bool simple = false; ///< carries a value (simple type or simple content)
};

class Builder {
public:
  Builder(Rng& rng, Patterns& patterns, long repeat) : m_rng(rng), m_values(rng, patterns), m_repeat(repeat) {}

  Node element(const Element& e, int depth) {
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

  /// True when an optional element can get a valid value at all.
  bool possible(const Element& e) {
    if (e.complex != nullptr) {
      return !e.complex->simple_content || e.fixed || m_values.value(e.complex->simple, e.name).has_value();
    }
    return e.fixed || m_values.value(e.simple, e.name).has_value();
  }

private:
  long count(const Particle& p, int depth) {
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

  void particle(const Particle& p, Node& parent, int depth) {
    if (p.element != nullptr) {
      if (p.min == 0 && !possible(*p.element)) {
        return;
      }
      long k = count(p, depth);
      for (long i = 0; i < k; ++i) {
        Node child = element(*p.element, depth);
        if (p.element->nillable && p.min == 0 && m_rng.chance(8)) {
          child.children.clear();
          child.text.clear();
          child.nil = true;
        }
        parent.children.push_back(std::move(child));
      }
    } else if (p.group != nullptr) {
      long k = count(p, depth);
      for (long i = 0; i < k; ++i) {
        fill(*p.group, parent, depth);
      }
    }
  }

  void fill(const Group& g, Node& parent, int depth) {
    if (g.kind == Group::Kind::choice) {
      if (!g.particles.empty()) {
        particle(m_rng.pick(g.particles), parent, depth);
      }
      return;
    }
    for (const auto& p : g.particles) {
      particle(p, parent, depth);
    }
  }

  Rng& m_rng;
  ValueGen m_values;
  long m_repeat = 0;
  int m_big_used = 0;
  std::size_t m_nodes = 0;
};

// ---- faults ----------------------------------------------------------------------------

struct Site {
  Node* node = nullptr;
  Node* parent = nullptr;
  std::size_t index = 0; ///< in parent->children
  std::string path;
};

std::string qname_of(const Node& n, const std::string& prefix) {
  return (n.ns.empty() || prefix.empty() ? "" : prefix + ":") + n.name;
}

void collect(Node& n, Node* parent, std::size_t index, const std::string& path, const std::string& prefix,
             std::vector<Site>& out) {
  out.push_back(Site{&n, parent, index, path});
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < n.children.size(); ++i) {
    Node& c = n.children[i];
    std::string q = qname_of(c, prefix);
    int k = ++seen[q];
    collect(c, &n, i, path + "/" + q + (k > 1 ? "[" + std::to_string(k) + "]" : ""), prefix, out);
  }
}

/// How many children of `parent` have the same element declaration as child `index`.
int same_decl_count(const Node& parent, const Element* decl) {
  return static_cast<int>(std::count_if(parent.children.begin(), parent.children.end(),
                                        [&](const Node& c) { return c.decl == decl; }));
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

bool value_breakable(const SimpleType& t) {
  const Facets& f = t.facets;
  return !f.enumeration.empty() || !f.patterns.empty() || f.length >= 0 || f.max_length >= 0 ||
         (t.builtin != "string" && t.builtin != "normalizedString" && t.builtin != "token" && t.builtin != "anyType" &&
          t.builtin != "anySimpleType");
}

std::string broken_value(const SimpleType& t) {
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

/// Injects one fault; returns it (kind empty when nothing could be broken).
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
      Node& n = *s.node;
      if (n.nil) {
        continue;
      }
      const Element* d = n.decl;
      if (kind == "bad-value" && n.simple && d != nullptr &&
          value_breakable(d->complex != nullptr ? d->complex->simple : d->simple)) {
        candidates.push_back(&s);
      } else if (kind == "missing-element" && s.parent != nullptr && s.parent->decl != nullptr &&
                 s.parent->decl->complex != nullptr && s.parent->decl->complex->content != nullptr) {
        const Particle* p = particle_of(*s.parent->decl->complex->content, d);
        if (p != nullptr && p->min >= 1 && same_decl_count(*s.parent, d) <= p->min &&
            s.parent->decl->complex->content->kind == Group::Kind::sequence) {
          candidates.push_back(&s);
        }
      } else if (kind == "unexpected-element" && d != nullptr && d->complex != nullptr && !d->complex->simple_content &&
                 d->complex->content != nullptr && !d->complex->mixed) {
        candidates.push_back(&s);
      } else if ((kind == "wrong-fixed-value" || kind == "missing-attribute") && !n.attr_decls.empty()) {
        for (const Attribute* a : n.attr_decls) {
          if ((kind == "wrong-fixed-value" && a->fixed && !a->fixed_on_reference) ||
              (kind == "missing-attribute" && a->required)) {
            candidates.push_back(&s);
            break;
          }
        }
      }
    }
    if (candidates.empty()) {
      continue;
    }
    Site& s = *rng.pick(candidates);
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
      for (std::size_t i = 0; i < n.attr_decls.size(); ++i) {
        const Attribute* a = n.attr_decls[i];
        if (kind == "wrong-fixed-value" && a->fixed && !a->fixed_on_reference) {
          n.attrs[i].second = *a->fixed + "9";
          g.detail = "attribute '" + a->name + "' = '" + n.attrs[i].second + "' (fixed '" + *a->fixed + "')";
          break;
        }
        if (kind == "missing-attribute" && a->required) {
          g.detail = "required attribute '" + a->name + "' removed";
          n.attrs.erase(n.attrs.begin() + static_cast<long>(i));
          n.attr_decls.erase(n.attr_decls.begin() + static_cast<long>(i));
          break;
        }
      }
      g.path = s.path;
    }
    return g;
  }
  return {};
}

// ---- serialising -----------------------------------------------------------------------

/// Prefixes for qualified attributes' namespaces (a1, a2, ...), declared on the root.
using AttrPrefixes = std::map<std::string, std::string>;

void attribute_namespaces(const Node& n, AttrPrefixes& out) {
  for (const Attribute* a : n.attr_decls) {
    if (a != nullptr && !a->ns.empty() && out.count(a->ns) == 0) {
      out[a->ns] = "a" + std::to_string(out.size() + 1);
    }
  }
  for (const auto& c : n.children) {
    attribute_namespaces(c, out);
  }
}

void write_node(const Node& n, const std::string& prefix, const AttrPrefixes& ap, int depth, std::string& out) {
  std::string q = qname_of(n, prefix);
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += "<" + q;
  for (std::size_t i = 0; i < n.attrs.size(); ++i) {
    const Attribute* a = i < n.attr_decls.size() ? n.attr_decls[i] : nullptr;
    std::string name = a != nullptr && !a->ns.empty() ? ap.at(a->ns) + ":" + n.attrs[i].first : n.attrs[i].first;
    out += " " + name + "=\"" + xml::escape(n.attrs[i].second) + "\"";
  }
  if (n.nil) {
    out += " xsi:nil=\"true\"/>\n";
    return;
  }
  if (n.simple) {
    out += ">" + xml::escape(n.text) + "</" + q + ">\n";
    return;
  }
  if (n.children.empty()) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  for (const auto& c : n.children) {
    write_node(c, prefix, ap, depth + 1, out);
  }
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += "</" + q + ">\n";
}

bool any_unqualified(const Node& n) {
  if (n.ns.empty()) {
    return true;
  }
  return std::any_of(n.children.begin(), n.children.end(), any_unqualified);
}

} // namespace

std::vector<GroundTruth> generate_instances(const SchemaModel& model, const InstanceOptions& options,
                                            const std::function<void(const std::string&, const std::string&)>& write) {
  std::vector<GroundTruth> truth;
  const Element* root = options.root.empty() ? model.default_root() : model.find(options.root);
  if (root == nullptr) {
    return truth;
  }
  Patterns patterns;
  for (std::size_t i = 0; i < options.count; ++i) {
    // Each document has its own stream, so document k is the same whatever the count.
    Rng rng(options.seed * 0x9E3779B97F4A7C15ULL + i + 1);
    Builder builder(rng, patterns, options.repeat);
    Node doc = builder.element(*root, 0);
    // Namespaced schemas with unqualified local elements need a prefix for the qualified ones.
    std::string prefix = !root->ns.empty() && any_unqualified(doc) ? "ns" : "";
    GroundTruth g;
    char num[32];
    std::snprintf(num, sizeof num, "%06llu", static_cast<unsigned long long>(i + 1));
    std::string name = options.prefix + "-" + num + ".xml";
    g.document = name;
    if (rng.between(0, 99) < options.invalid_percent) {
      GroundTruth fault = inject(doc, prefix, rng);
      if (!fault.fault.empty()) {
        fault.document = name;
        g = fault;
      }
    }
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    std::string body;
    AttrPrefixes attr_prefixes;
    attribute_namespaces(doc, attr_prefixes);
    write_node(doc, prefix, attr_prefixes, 0, body);
    // Namespace declarations on the root start tag.
    std::string decls = " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
    for (const auto& [ns, p] : attr_prefixes) {
      decls += " xmlns:" + p + "=\"" + xml::escape(ns) + "\"";
    }
    if (!options.schema_location.empty()) {
      decls += root->ns.empty()
                   ? " xsi:noNamespaceSchemaLocation=\"" + xml::escape(options.schema_location) + "\""
                   : " xsi:schemaLocation=\"" + xml::escape(root->ns + " " + options.schema_location) + "\"";
    }
    if (!root->ns.empty()) {
      decls += prefix.empty() ? " xmlns=\"" + xml::escape(root->ns) + "\"" : " xmlns:ns=\"" + xml::escape(root->ns) + "\"";
    }
    std::size_t insert_at = body.find_first_of(" >/", 1);
    body.insert(insert_at, decls);
    xml += body;
    write(name, xml);
    truth.push_back(std::move(g));
  }
  return truth;
}

} // namespace altkit::gen
