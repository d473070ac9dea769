#include "altkit/gen/ids.hpp"
#include "altkit/gen/instance_parts.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace altkit::gen::detail {

namespace {

bool is_integer_type(const std::string& b) {
  static const char* k[] = {"integer",
                            "int",
                            "long",
                            "short",
                            "byte",
                            "nonNegativeInteger",
                            "positiveInteger",
                            "negativeInteger",
                            "nonPositiveInteger",
                            "unsignedInt",
                            "unsignedLong",
                            "unsignedShort",
                            "unsignedByte"};
  return std::any_of(std::begin(k), std::end(k), [&](const char* n) { return b == n; });
}

const std::vector<std::string>& words() {
  static const std::vector<std::string> k{"Fjellheim", "Snøbrøyting", "Ålesund", "Tromsø",  "Bodø", "Kvitøya",
                                          "Nordlys",   "Havgapet",    "Brønnøy", "Lofoten", "Æsir", "Skjærgård",
                                          "Solbakken", "Vestre",      "Østre",   "Hagen",   "data", "melding"};
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

std::string two(std::int64_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(v));
  return buf;
}

} // namespace

std::size_t chars(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool is_numeric(const std::string& b) {
  return is_integer_type(b) || b == "decimal" || b == "double" || b == "float";
}

bool satisfies(const std::string& v, const SimpleType& t, Patterns& patterns) {
  const Facets& f = t.facets;
  std::size_t n = chars(v);
  if ((f.length >= 0 && static_cast<long>(n) != f.length) ||
      (f.min_length >= 0 && static_cast<long>(n) < f.min_length) ||
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

bool needs_generated_view(const SimpleType& t) {
  const Facets& l = t.list_facets;
  return t.builtin == "union" || !l.enumeration.empty() || !l.patterns.empty() || l.length >= 0 || l.min_length >= 0 ||
         l.max_length >= 0 || l.white_space;
}

SimpleType generated_view(const SimpleType& t) {
  SimpleType v = t;
  if (v.builtin == "union") {
    v.builtin = "string";
    v.members.clear();
  }
  Facets& f = v.facets;
  const Facets& l = t.list_facets;
  if (!l.enumeration.empty()) {
    f.enumeration = l.enumeration;
  }
  f.patterns.insert(f.patterns.end(), l.patterns.begin(), l.patterns.end());
  f.length = l.length >= 0 ? l.length : f.length;
  f.min_length = l.min_length >= 0 ? l.min_length : f.min_length;
  f.max_length = l.max_length >= 0 ? l.max_length : f.max_length;
  v.list_facets = Facets{};
  return v;
}

std::optional<std::string> ValueGen::value(const SimpleType& t, const std::string& name) {
  if (needs_generated_view(t)) {
    return value(generated_view(t), name);
  }
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

std::string ValueGen::candidate(const SimpleType& t, const std::string& name, int attempt) {
  const Facets& f = t.facets;
  const std::string& b = t.builtin;
  if (auto id = identifier(t, name); id && attempt < 3) {
    return *id; // a valid-looking organisasjonsnummer / synthetic fødselsnummer where the name asks
  }
  if (!f.patterns.empty() && attempt < 30) {
    return regex_sample(f.patterns.front(), m_rng);
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
    // Four characters, not bytes: "Bodø" cut at 4 bytes left half an ø (not well-formed).
    return "https://example.no/" + lower(truncate_chars(m_rng.pick(words()), 4));
  }
  if (b == "base64Binary") {
    return "QWx0a2l0";
  }
  return text(t);
}

std::string ValueGen::date() {
  return std::to_string(m_rng.between(2000, 2030)) + "-" + two(m_rng.between(1, 12)) + "-" + two(m_rng.between(1, 28));
}

std::string ValueGen::number(const SimpleType& t) {
  const Facets& f = t.facets;
  const std::string& b = t.builtin;
  int fraction = (b == "decimal" || b == "double" || b == "float")
                     ? std::max(0, std::min(f.fraction_digits < 0 ? 2 : f.fraction_digits, 2))
                     : 0;
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
  auto bound = [](const std::optional<std::string>& s) {
    return static_cast<long long>(std::strtold(s->c_str(), nullptr));
  };
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

std::optional<std::string> ValueGen::identifier(const SimpleType& t, const std::string& name) {
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

std::string ValueGen::text(const SimpleType& t) {
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

} // namespace altkit::gen::detail
