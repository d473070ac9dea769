#include "altkit/schema/simple_type.hpp"

#include "altkit/schema/simple_type_values.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/libxml.hpp"

#include <libxml/xmlregexp.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace altkit::schema {

namespace {

using values::Order;

enum class Prim { string, boolean, decimal, floating, duration, date, hex_binary, base64_binary, any_uri, any_simple };
enum class Lexical { none, language, name, ncname, nmtoken, integer };
enum class Ws { preserve, replace, collapse };

struct Builtin {
  const char* name;
  Prim prim;
  Lexical lexical;
  Ws ws;
  const char* min = nullptr; ///< implicit bounds of the integer types (§3.3.13-§3.3.25)
  const char* max = nullptr;
  bool single = false; ///< float rather than double
  values::DateKind date = values::DateKind::date_time;
  CompiledSimpleType::IdKind id = CompiledSimpleType::IdKind::none;
};

using IK = CompiledSimpleType::IdKind;
using DK = values::DateKind;

// XSD 1.0 Part 2 §3.2 (primitive) and §3.3 (derived) built-ins, with the whiteSpace each fixes
// (§4.3.6: string preserves, normalizedString replaces, everything else collapses).
const Builtin k_builtins[] = {
    {"string", Prim::string, Lexical::none, Ws::preserve},
    {"normalizedString", Prim::string, Lexical::none, Ws::replace},
    {"token", Prim::string, Lexical::none, Ws::collapse},
    {"language", Prim::string, Lexical::language, Ws::collapse},
    {"Name", Prim::string, Lexical::name, Ws::collapse},
    {"NCName", Prim::string, Lexical::ncname, Ws::collapse},
    {"ID", Prim::string, Lexical::ncname, Ws::collapse, nullptr, nullptr, false, DK::date_time, IK::id},
    {"IDREF", Prim::string, Lexical::ncname, Ws::collapse, nullptr, nullptr, false, DK::date_time, IK::idref},
    {"NMTOKEN", Prim::string, Lexical::nmtoken, Ws::collapse},
    {"boolean", Prim::boolean, Lexical::none, Ws::collapse},
    {"decimal", Prim::decimal, Lexical::none, Ws::collapse},
    {"integer", Prim::decimal, Lexical::integer, Ws::collapse},
    {"nonPositiveInteger", Prim::decimal, Lexical::integer, Ws::collapse, nullptr, "0"},
    {"negativeInteger", Prim::decimal, Lexical::integer, Ws::collapse, nullptr, "-1"},
    {"long", Prim::decimal, Lexical::integer, Ws::collapse, "-9223372036854775808", "9223372036854775807"},
    {"int", Prim::decimal, Lexical::integer, Ws::collapse, "-2147483648", "2147483647"},
    {"short", Prim::decimal, Lexical::integer, Ws::collapse, "-32768", "32767"},
    {"byte", Prim::decimal, Lexical::integer, Ws::collapse, "-128", "127"},
    {"nonNegativeInteger", Prim::decimal, Lexical::integer, Ws::collapse, "0", nullptr},
    {"unsignedLong", Prim::decimal, Lexical::integer, Ws::collapse, "0", "18446744073709551615"},
    {"unsignedInt", Prim::decimal, Lexical::integer, Ws::collapse, "0", "4294967295"},
    {"unsignedShort", Prim::decimal, Lexical::integer, Ws::collapse, "0", "65535"},
    {"unsignedByte", Prim::decimal, Lexical::integer, Ws::collapse, "0", "255"},
    {"positiveInteger", Prim::decimal, Lexical::integer, Ws::collapse, "1", nullptr},
    {"float", Prim::floating, Lexical::none, Ws::collapse, nullptr, nullptr, true},
    {"double", Prim::floating, Lexical::none, Ws::collapse},
    {"duration", Prim::duration, Lexical::none, Ws::collapse},
    {"dateTime", Prim::date, Lexical::none, Ws::collapse, nullptr, nullptr, false, DK::date_time},
    {"time", Prim::date, Lexical::none, Ws::collapse, nullptr, nullptr, false, DK::time},
    {"date", Prim::date, Lexical::none, Ws::collapse, nullptr, nullptr, false, DK::date},
    {"gYearMonth", Prim::date, Lexical::none, Ws::collapse, nullptr, nullptr, false, DK::g_year_month},
    {"gYear", Prim::date, Lexical::none, Ws::collapse, nullptr, nullptr, false, DK::g_year},
    {"gMonthDay", Prim::date, Lexical::none, Ws::collapse, nullptr, nullptr, false, DK::g_month_day},
    {"gDay", Prim::date, Lexical::none, Ws::collapse, nullptr, nullptr, false, DK::g_day},
    {"gMonth", Prim::date, Lexical::none, Ws::collapse, nullptr, nullptr, false, DK::g_month},
    {"hexBinary", Prim::hex_binary, Lexical::none, Ws::collapse},
    {"base64Binary", Prim::base64_binary, Lexical::none, Ws::collapse},
    {"anyURI", Prim::any_uri, Lexical::none, Ws::collapse},
    {"anySimpleType", Prim::any_simple, Lexical::none, Ws::preserve},
};

const Builtin* find_builtin(const std::string& name) {
  for (const auto& b : k_builtins) {
    if (name == b.name) {
      return &b;
    }
  }
  return nullptr;
}

// Applies a whiteSpace rule (§4.3.6). Returns `raw` itself (or a part of it) when nothing changes,
// otherwise the normalised text written to `buffer`: the valid path of most values never copies.
std::string_view apply_ws(std::string_view raw, Ws ws, std::string& buffer) {
  if (ws == Ws::preserve) {
    return raw;
  }
  bool needs_copy = false;
  if (ws == Ws::replace) {
    for (char c : raw) {
      if (c == '\t' || c == '\n' || c == '\r') {
        needs_copy = true;
        break;
      }
    }
    if (!needs_copy) {
      return raw;
    }
    buffer.assign(raw);
    for (char& c : buffer) {
      if (c == '\t' || c == '\n' || c == '\r') {
        c = ' ';
      }
    }
    return buffer;
  }
  std::size_t b = 0, e = raw.size();
  while (b < e && values::is_xml_space(raw[b])) {
    ++b;
  }
  while (e > b && values::is_xml_space(raw[e - 1])) {
    --e;
  }
  std::string_view t = raw.substr(b, e - b);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\t' || t[i] == '\n' || t[i] == '\r' || (t[i] == ' ' && i + 1 < t.size() && t[i + 1] == ' ')) {
      needs_copy = true;
      break;
    }
  }
  if (!needs_copy) {
    return t;
  }
  buffer.clear();
  bool space = false;
  for (char c : t) {
    if (values::is_xml_space(c)) {
      space = true;
      continue;
    }
    if (space) {
      buffer.push_back(' ');
      space = false;
    }
    buffer.push_back(c);
  }
  return buffer;
}

// The per-thread scratch space of check(): one buffer for the normalised value, one for the
// NUL-terminated copy xmlRegexpExec needs. After the first values they no longer allocate.
std::string& ws_buffer() {
  thread_local std::string buffer;
  return buffer;
}

std::string& regex_buffer() {
  thread_local std::string buffer;
  return buffer;
}

std::string shown(std::string_view v) {
  constexpr std::size_t k_max = 80;
  if (v.size() <= k_max) {
    return "'" + std::string(v) + "'";
  }
  std::size_t n = k_max;
  while (n > 0 && (static_cast<unsigned char>(v[n]) & 0xC0) == 0x80) {
    --n; // do not cut a UTF-8 sequence
  }
  return "'" + std::string(v.substr(0, n)) + "…'";
}

void set_problem(std::string* problem, std::string_view value, const std::string& rule) {
  if (problem != nullptr) {
    *problem = shown(value) + " " + rule;
  }
}

struct Pattern {
  std::string text;
  xml::xml_ptr<xmlRegexp> regexp;
};

// Compiles XSD regular expressions with libxml2 (Part 2 Appendix F). xmlRegexpExec reads the
// compiled automaton only: it runs on an execution context on its own stack (xmlFARegExec in
// xmlregexp.c) and allocates its counters and roll-back stack per call, so one compiled regexp
// serves every thread at once — as libxml2's own XSD validator shares facet regexps.
bool compile_patterns(const std::vector<std::string>& texts, std::vector<Pattern>& out, std::string& why) {
  for (const auto& text : texts) {
    xml::xml_ptr<xmlRegexp> r;
    {
      xml::ErrorHandlerScope quiet(nullptr, xml::ignore_errors);
      r.reset(xmlRegexpCompile(reinterpret_cast<const xmlChar*>(text.c_str())));
    }
    if (r == nullptr) {
      why = "pattern '" + text + "' is not a valid XSD regular expression";
      return false;
    }
    out.push_back({text, std::move(r)});
  }
  return true;
}

// Returns the first pattern `v` does not match, or null.
const Pattern* failed_pattern(const std::vector<Pattern>& patterns, std::string_view v) {
  if (patterns.empty()) {
    return nullptr;
  }
  std::string& buffer = regex_buffer();
  buffer.assign(v);
  for (const auto& p : patterns) {
    if (xmlRegexpExec(p.regexp.get(), reinterpret_cast<const xmlChar*>(buffer.c_str())) != 1) {
      return &p;
    }
  }
  return nullptr;
}

// A value of an atomic type in its value space (only the part its primitive uses is set).
struct Value {
  std::string_view text; ///< the normalised literal
  values::Decimal decimal;
  double floating = 0;
  values::DateTime date;
  values::Duration duration;
  bool boolean = false;
  std::size_t length = 0; ///< characters, or octets for the binary types
};

struct StoredValue {
  std::string text;
  values::StoredDecimal decimal;
  double floating = 0;
  values::DateTime date;
  bool boolean = false;

  Value view() const {
    Value v;
    v.text = text;
    v.decimal = decimal.view();
    v.floating = floating;
    v.date = date;
    v.boolean = boolean;
    return v;
  }
};

bool same_base64(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (true) {
    while (i < a.size() && values::is_xml_space(a[i])) {
      ++i;
    }
    while (j < b.size() && values::is_xml_space(b[j])) {
      ++j;
    }
    if (i == a.size() || j == b.size()) {
      return i == a.size() && j == b.size();
    }
    if (a[i++] != b[j++]) {
      return false;
    }
  }
}

bool same_hex(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'f') {
      x = static_cast<char>(x - 'a' + 'A');
    }
    if (y >= 'a' && y <= 'f') {
      y = static_cast<char>(y - 'a' + 'A');
    }
    if (x != y) {
      return false;
    }
  }
  return true;
}

class AtomicType final : public CompiledSimpleType {
public:
  AtomicType(const Builtin& builtin, Ws ws) : m_builtin(builtin), m_ws(ws) {}

  bool compile_facets(const Facets& f, std::string& why);

  bool check(std::string_view raw, std::string* problem) const override {
    std::string_view v = apply_ws(raw, m_ws, ws_buffer());
    Value value;
    if (!parse(v, value)) {
      set_problem(problem, v, std::string("is not a valid xs:") + m_builtin.name);
      return false;
    }
    if (!in_builtin_range(value)) {
      set_problem(problem, v, std::string("is out of the range of xs:") + m_builtin.name);
      return false;
    }
    return check_facets(value, problem);
  }

  bool equal(std::string_view a, std::string_view b) const override {
    std::string buffer_a, buffer_b;
    Value va, vb;
    if (!parse(apply_ws(a, m_ws, buffer_a), va) || !parse(apply_ws(b, m_ws, buffer_b), vb)) {
      return false;
    }
    return compare(va, vb) == Order::equal;
  }

  std::string normalized(std::string_view raw) const override {
    std::string buffer;
    return std::string(apply_ws(raw, m_ws, buffer));
  }

  IdKind id_kind() const override { return m_builtin.id; }

private:
  bool parse(std::string_view v, Value& out) const;
  bool in_builtin_range(const Value& v) const;
  bool check_facets(const Value& v, std::string* problem) const;
  Order compare(const Value& a, const Value& b) const;
  bool ordered() const {
    return m_builtin.prim == Prim::decimal || m_builtin.prim == Prim::floating || m_builtin.prim == Prim::date;
  }
  bool measured() const {
    return m_builtin.prim == Prim::string || m_builtin.prim == Prim::any_uri || m_builtin.prim == Prim::hex_binary ||
           m_builtin.prim == Prim::base64_binary || m_builtin.prim == Prim::any_simple;
  }
  bool parse_stored(const std::string& literal, StoredValue& out) const;

  const Builtin& m_builtin;
  Ws m_ws;
  std::optional<values::StoredDecimal> m_builtin_min, m_builtin_max;
  long m_length = -1, m_min_length = -1, m_max_length = -1;
  bool m_counts_length = false; ///< a length facet is set: count the characters of string values
  int m_total_digits = -1, m_fraction_digits = -1;
  std::vector<Pattern> m_patterns;
  std::vector<StoredValue> m_enumeration;
  struct Bound {
    StoredValue value;
    bool lower = true;      ///< min* rather than max*
    bool inclusive = false; ///< *Inclusive
    std::string message;    ///< the rule, as check() reports it
  };
  std::vector<Bound> m_bounds; ///< parsed once here, in value space
};

bool AtomicType::parse(std::string_view v, Value& out) const {
  out.text = v;
  switch (m_builtin.prim) {
  case Prim::string:
    switch (m_builtin.lexical) {
    case Lexical::language:
      if (!values::is_language(v)) {
        return false;
      }
      break;
    case Lexical::name:
      if (!values::is_name(v)) {
        return false;
      }
      break;
    case Lexical::ncname:
      if (!values::is_ncname(v)) {
        return false;
      }
      break;
    case Lexical::nmtoken:
      if (!values::is_nmtoken(v)) {
        return false;
      }
      break;
    default:
      break;
    }
    out.length = m_counts_length ? values::count_code_points(v) : 0;
    return true;
  case Prim::any_uri:
    if (!values::is_any_uri(v)) {
      return false;
    }
    out.length = m_counts_length ? values::count_code_points(v) : 0;
    return true;
  case Prim::any_simple:
    out.length = m_counts_length ? values::count_code_points(v) : 0;
    return true;
  case Prim::boolean:
    if (v == "true" || v == "1") {
      out.boolean = true;
      return true;
    }
    if (v == "false" || v == "0") {
      out.boolean = false;
      return true;
    }
    return false;
  case Prim::decimal:
    return values::parse_decimal(v, out.decimal, m_builtin.lexical == Lexical::integer);
  case Prim::floating:
    return values::parse_floating(v, out.floating, m_builtin.single);
  case Prim::duration:
    return values::parse_duration(v, out.duration);
  case Prim::date:
    return values::parse_date(v, m_builtin.date, out.date);
  case Prim::hex_binary:
    return values::parse_hex_binary(v, out.length);
  case Prim::base64_binary:
    return values::parse_base64_binary(v, out.length);
  }
  return false;
}

bool AtomicType::in_builtin_range(const Value& v) const {
  if (m_builtin_min && values::compare(v.decimal, m_builtin_min->view()) == Order::less) {
    return false;
  }
  if (m_builtin_max && values::compare(v.decimal, m_builtin_max->view()) == Order::greater) {
    return false;
  }
  return true;
}

Order AtomicType::compare(const Value& a, const Value& b) const {
  switch (m_builtin.prim) {
  case Prim::decimal:
    return values::compare(a.decimal, b.decimal);
  case Prim::floating:
    return values::compare_floating(a.floating, b.floating);
  case Prim::date:
    return values::compare(a.date, b.date);
  case Prim::boolean:
    return a.boolean == b.boolean ? Order::equal : Order::indeterminate;
  case Prim::hex_binary:
    return same_hex(a.text, b.text) ? Order::equal : Order::indeterminate;
  case Prim::base64_binary:
    return same_base64(a.text, b.text) ? Order::equal : Order::indeterminate;
  case Prim::duration:
    // Only equality (fixed values): enumeration and bounds of durations are refused at compile.
    if (!a.duration.huge && !b.duration.huge) {
      return values::same_duration(a.duration, b.duration) ? Order::equal : Order::indeterminate;
    }
    return a.text == b.text ? Order::equal : Order::indeterminate;
  default:
    // Strings, anyURI, anySimpleType.
    return a.text == b.text ? Order::equal : Order::indeterminate;
  }
}

bool AtomicType::parse_stored(const std::string& literal, StoredValue& out) const {
  std::string buffer;
  out.text = std::string(apply_ws(literal, m_ws, buffer));
  Value v;
  if (!parse(out.text, v) || !in_builtin_range(v)) {
    return false;
  }
  out.decimal = values::StoredDecimal::from(v.decimal);
  out.floating = v.floating;
  out.date = v.date;
  out.boolean = v.boolean;
  return true;
}

bool AtomicType::compile_facets(const Facets& f, std::string& why) {
  std::string type = std::string("xs:") + m_builtin.name;
  if (m_builtin.min != nullptr) {
    values::Decimal d;
    values::parse_decimal(m_builtin.min, d, true);
    m_builtin_min = values::StoredDecimal::from(d);
  }
  if (m_builtin.max != nullptr) {
    values::Decimal d;
    values::parse_decimal(m_builtin.max, d, true);
    m_builtin_max = values::StoredDecimal::from(d);
  }
  if (f.length >= 0 || f.min_length >= 0 || f.max_length >= 0) {
    if (!measured()) {
      why = "length facets do not apply to " + type;
      return false;
    }
    m_length = f.length;
    m_min_length = f.min_length;
    m_max_length = f.max_length;
    m_counts_length = true;
  }
  if (f.total_digits >= 0 || f.fraction_digits >= 0) {
    if (m_builtin.prim != Prim::decimal) {
      why = "totalDigits/fractionDigits do not apply to " + type;
      return false;
    }
    m_total_digits = f.total_digits;
    m_fraction_digits = f.fraction_digits;
  }
  if (!compile_patterns(f.patterns, m_patterns, why)) {
    return false;
  }
  bool bounded = f.min_inclusive || f.min_exclusive || f.max_inclusive || f.max_exclusive;
  if (m_builtin.prim == Prim::duration && (bounded || !f.enumeration.empty())) {
    // The order of durations (§3.2.6.2, four reference dateTimes) is not implemented.
    why = "enumeration and bounds on xs:duration are not covered";
    return false;
  }
  for (const auto& literal : f.enumeration) {
    StoredValue sv;
    if (!parse_stored(literal, sv)) {
      why = "enumeration value '" + literal + "' is not a valid " + type;
      return false;
    }
    m_enumeration.push_back(std::move(sv));
  }
  if (bounded && !ordered()) {
    why = "bounds do not apply to " + type;
    return false;
  }
  struct Facet {
    const std::optional<std::string>& literal;
    const char* name;
    bool lower, inclusive;
    const char* rule;
  };
  const Facet facets[] = {{f.min_inclusive, "minInclusive", true, true, "is not greater than or equal to"},
                          {f.min_exclusive, "minExclusive", true, false, "is not greater than"},
                          {f.max_inclusive, "maxInclusive", false, true, "is not less than or equal to"},
                          {f.max_exclusive, "maxExclusive", false, false, "is not less than"}};
  for (const auto& facet : facets) {
    if (!facet.literal) {
      continue;
    }
    Bound b;
    if (!parse_stored(*facet.literal, b.value)) {
      why = std::string(facet.name) + " '" + *facet.literal + "' is not a valid " + type;
      return false;
    }
    b.lower = facet.lower;
    b.inclusive = facet.inclusive;
    b.message = std::string(facet.rule) + " " + facet.name + " " + *facet.literal;
    m_bounds.push_back(std::move(b));
  }
  return true;
}

bool AtomicType::check_facets(const Value& v, std::string* problem) const {
  if (m_length >= 0 && v.length != static_cast<std::size_t>(m_length)) {
    set_problem(problem, v.text, "does not have length " + std::to_string(m_length));
    return false;
  }
  if (m_min_length >= 0 && v.length < static_cast<std::size_t>(m_min_length)) {
    set_problem(problem, v.text, "is shorter than minLength " + std::to_string(m_min_length));
    return false;
  }
  if (m_max_length >= 0 && v.length > static_cast<std::size_t>(m_max_length)) {
    set_problem(problem, v.text, "is longer than maxLength " + std::to_string(m_max_length));
    return false;
  }
  if (const Pattern* p = failed_pattern(m_patterns, v.text)) {
    set_problem(problem, v.text, "does not match pattern '" + p->text + "'");
    return false;
  }
  if (!m_enumeration.empty() && std::none_of(m_enumeration.begin(), m_enumeration.end(),
                                             [&](const auto& e) { return compare(v, e.view()) == Order::equal; })) {
    set_problem(problem, v.text, "is not one of the enumerated values");
    return false;
  }
  // §4.3.7-§4.3.10: an indeterminate comparison (NaN, a dateTime with a timezone against one
  // without, within 14 hours) does not satisfy a bound; Xerces-C fails the facet too.
  for (const auto& b : m_bounds) {
    Order o = compare(v, b.value.view());
    bool ok = (o == (b.lower ? Order::greater : Order::less)) || (b.inclusive && o == Order::equal);
    if (!ok) {
      set_problem(problem, v.text, b.message);
      return false;
    }
  }
  // §4.3.11-§4.3.12 on the value: leading zeros of the integer part and trailing zeros of the
  // fraction do not count (the parsed decimal has neither).
  if (m_total_digits >= 0) {
    std::size_t digits = v.decimal.int_digits.size() + v.decimal.frac_digits.size();
    if (digits > static_cast<std::size_t>(m_total_digits)) {
      set_problem(problem, v.text, "has more digits than totalDigits " + std::to_string(m_total_digits));
      return false;
    }
  }
  if (m_fraction_digits >= 0 && v.decimal.frac_digits.size() > static_cast<std::size_t>(m_fraction_digits)) {
    set_problem(problem, v.text, "has more fraction digits than fractionDigits " + std::to_string(m_fraction_digits));
    return false;
  }
  return true;
}

// Splits a collapsed list value on its single spaces.
template <class F> bool for_each_item(std::string_view v, F&& f) {
  std::size_t pos = 0;
  while (pos < v.size()) {
    std::size_t end = v.find(' ', pos);
    if (end == std::string_view::npos) {
      end = v.size();
    }
    if (!f(v.substr(pos, end - pos))) {
      return false;
    }
    pos = end + 1;
  }
  return true;
}

std::size_t count_items(std::string_view v) {
  if (v.empty()) {
    return 0;
  }
  std::size_t n = 1;
  for (char c : v) {
    n += c == ' ' ? 1 : 0;
  }
  return n;
}

std::vector<std::string_view> items_of(std::string_view v) {
  std::vector<std::string_view> out;
  for_each_item(v, [&](std::string_view item) {
    out.push_back(item);
    return true;
  });
  return out;
}

// §2.5.1.2 list: the collapsed value split on spaces, each item checked by the item type; length
// facets count items, pattern and enumeration see the whole value (§4.3.1-§4.3.5).
class ListType final : public CompiledSimpleType {
public:
  explicit ListType(std::shared_ptr<const CompiledSimpleType> item) : m_item(std::move(item)) {}

  bool compile_facets(const Facets& f, std::string& why) {
    m_length = f.length;
    m_min_length = f.min_length;
    m_max_length = f.max_length;
    if (f.total_digits >= 0 || f.fraction_digits >= 0 || f.min_inclusive || f.min_exclusive || f.max_inclusive ||
        f.max_exclusive) {
      why = "bounds and digit facets do not apply to a list type";
      return false;
    }
    if (!compile_patterns(f.patterns, m_patterns, why)) {
      return false;
    }
    for (const auto& literal : f.enumeration) {
      std::string buffer;
      std::string value(apply_ws(literal, Ws::collapse, buffer));
      bool ok = for_each_item(value, [&](std::string_view item) { return m_item->check(item, nullptr); });
      if (!ok) {
        why = "enumeration value '" + literal + "' is not a valid list of its item type";
        return false;
      }
      m_enumeration.push_back(std::move(value));
    }
    return true;
  }

  bool check(std::string_view raw, std::string* problem) const override {
    std::string_view v = apply_ws(raw, Ws::collapse, ws_buffer());
    std::size_t n = count_items(v);
    if (m_length >= 0 && n != static_cast<std::size_t>(m_length)) {
      set_problem(problem, v, "does not have length " + std::to_string(m_length) + " (items)");
      return false;
    }
    if (m_min_length >= 0 && n < static_cast<std::size_t>(m_min_length)) {
      set_problem(problem, v, "has fewer items than minLength " + std::to_string(m_min_length));
      return false;
    }
    if (m_max_length >= 0 && n > static_cast<std::size_t>(m_max_length)) {
      set_problem(problem, v, "has more items than maxLength " + std::to_string(m_max_length));
      return false;
    }
    if (const Pattern* p = failed_pattern(m_patterns, v)) {
      set_problem(problem, v, "does not match pattern '" + p->text + "'");
      return false;
    }
    // The items are spaceless, so the item type's check does not touch the buffer `v` lives in.
    if (!for_each_item(v, [&](std::string_view item) { return m_item->check(item, problem); })) {
      return false;
    }
    if (!m_enumeration.empty() &&
        std::none_of(m_enumeration.begin(), m_enumeration.end(), [&](const auto& e) { return same_items(v, e); })) {
      set_problem(problem, v, "is not one of the enumerated values");
      return false;
    }
    return true;
  }

  bool equal(std::string_view a, std::string_view b) const override {
    if (!check(a, nullptr) || !check(b, nullptr)) {
      return false;
    }
    std::string buffer_a, buffer_b;
    return same_items(apply_ws(a, Ws::collapse, buffer_a), apply_ws(b, Ws::collapse, buffer_b));
  }

  std::string normalized(std::string_view raw) const override {
    std::string buffer;
    return std::string(apply_ws(raw, Ws::collapse, buffer));
  }

  IdKind id_kind() const override {
    IdKind k = m_item->id_kind();
    return k == IdKind::idref || k == IdKind::idrefs ? IdKind::idrefs : IdKind::none;
  }

private:
  bool same_items(std::string_view a, std::string_view b) const {
    auto ia = items_of(a), ib = items_of(b);
    if (ia.size() != ib.size()) {
      return false;
    }
    for (std::size_t i = 0; i < ia.size(); ++i) {
      if (!m_item->equal(ia[i], ib[i])) {
        return false;
      }
    }
    return true;
  }

  std::shared_ptr<const CompiledSimpleType> m_item;
  long m_length = -1, m_min_length = -1, m_max_length = -1;
  std::vector<Pattern> m_patterns;
  std::vector<std::string> m_enumeration;
};

// §2.5.1.3 union: valid when a member type (in order) accepts the value; pattern and enumeration
// on the union itself apply to the (collapsed) value, enumeration compared by the member that
// accepts it.
class UnionType final : public CompiledSimpleType {
public:
  explicit UnionType(std::vector<std::shared_ptr<const CompiledSimpleType>> members) : m_members(std::move(members)) {}

  bool compile_facets(const Facets& f, std::string& why) {
    if (f.length >= 0 || f.min_length >= 0 || f.max_length >= 0 || f.total_digits >= 0 || f.fraction_digits >= 0 ||
        f.min_inclusive || f.min_exclusive || f.max_inclusive || f.max_exclusive) {
      why = "only pattern and enumeration apply to a union type";
      return false;
    }
    if (!compile_patterns(f.patterns, m_patterns, why)) {
      return false;
    }
    for (const auto& literal : f.enumeration) {
      if (member_for(literal) == nullptr) {
        why = "enumeration value '" + literal + "' is not valid for any member of the union";
        return false;
      }
      m_enumeration.push_back(literal);
    }
    return true;
  }

  bool check(std::string_view raw, std::string* problem) const override {
    const CompiledSimpleType* member = member_for(raw);
    if (member == nullptr) {
      std::string buffer;
      set_problem(problem, apply_ws(raw, Ws::collapse, buffer), "is not valid for any member type of the union");
      return false;
    }
    if (m_patterns.empty() && m_enumeration.empty()) {
      return true;
    }
    std::string_view v = apply_ws(raw, Ws::collapse, ws_buffer());
    if (const Pattern* p = failed_pattern(m_patterns, v)) {
      set_problem(problem, v, "does not match pattern '" + p->text + "'");
      return false;
    }
    if (!m_enumeration.empty() &&
        std::none_of(m_enumeration.begin(), m_enumeration.end(), [&](const auto& e) { return member->equal(v, e); })) {
      set_problem(problem, v, "is not one of the enumerated values");
      return false;
    }
    return true;
  }

  bool equal(std::string_view a, std::string_view b) const override {
    const CompiledSimpleType* member = member_for(a);
    return member != nullptr && check(a, nullptr) && check(b, nullptr) && member->equal(a, b);
  }

  std::string normalized(std::string_view raw) const override {
    const CompiledSimpleType* member = member_for(raw);
    if (member != nullptr) {
      return member->normalized(raw);
    }
    std::string buffer;
    return std::string(apply_ws(raw, Ws::collapse, buffer));
  }

  IdKind id_kind() const override { return IdKind::none; }

private:
  const CompiledSimpleType* member_for(std::string_view raw) const {
    for (const auto& m : m_members) {
      if (m->check(raw, nullptr)) {
        return m.get();
      }
    }
    return nullptr;
  }

  std::vector<std::shared_ptr<const CompiledSimpleType>> m_members;
  std::vector<Pattern> m_patterns;
  std::vector<std::string> m_enumeration;
};

std::shared_ptr<const CompiledSimpleType> compile_atomic(const SimpleType& type, std::string& why) {
  const std::string& name = type.builtin;
  if (name == "QName" || name == "NOTATION") {
    why = "built-in type xs:" + name + " is not covered (its values need the namespace context)";
    return nullptr;
  }
  if (name == "ENTITY" || name == "ENTITIES") {
    why = "built-in type xs:" + name + " is not covered (its values name unparsed entities of a DTD)";
    return nullptr;
  }
  const Builtin* b = find_builtin(name);
  if (b == nullptr) {
    why = "built-in type xs:" + name + " is not covered";
    return nullptr;
  }
  Ws ws = b->ws;
  if (type.facets.white_space && b->prim == Prim::string) {
    // §4.3.6: a derived type may only tighten the rule (preserve < replace < collapse).
    const std::string& w = *type.facets.white_space;
    Ws declared = w == "collapse" ? Ws::collapse : w == "replace" ? Ws::replace : Ws::preserve;
    if (declared > ws) {
      ws = declared;
    }
  }
  auto t = std::make_shared<AtomicType>(*b, ws);
  if (!t->compile_facets(type.facets, why)) {
    return nullptr;
  }
  return t;
}

} // namespace

std::shared_ptr<const CompiledSimpleType> CompiledSimpleType::compile(const SimpleType& type, std::string& why) {
  bool builtin_list = !type.list && (type.builtin == "NMTOKENS" || type.builtin == "IDREFS");
  if (type.list || builtin_list) {
    SimpleType item = type;
    item.list = false;
    item.list_facets = Facets{};
    item.name.clear();
    Facets list_facets = type.list_facets;
    if (builtin_list) {
      // §3.3.5 / §3.3.10: NMTOKENS and IDREFS are lists of NMTOKEN / IDREF with minLength 1; the
      // facets given on them count items.
      item.builtin = type.builtin == "NMTOKENS" ? "NMTOKEN" : "IDREF";
      item.facets = Facets{};
      list_facets = type.facets;
      if (list_facets.min_length < 0 && list_facets.length < 0) {
        list_facets.min_length = 1;
      }
    } else if (item.builtin == "NMTOKENS" || item.builtin == "IDREFS" || item.builtin == "ENTITIES") {
      why = "a list of the list type xs:" + item.builtin + " is not a valid simple type";
      return nullptr;
    }
    auto compiled_item = compile(item, why);
    if (compiled_item == nullptr) {
      return nullptr;
    }
    auto t = std::make_shared<ListType>(std::move(compiled_item));
    if (!t->compile_facets(list_facets, why)) {
      return nullptr;
    }
    return t;
  }
  if (type.builtin == "union") {
    if (type.members.empty()) {
      why = "a union without member types is not covered";
      return nullptr;
    }
    std::vector<std::shared_ptr<const CompiledSimpleType>> members;
    for (const auto& m : type.members) {
      auto c = compile(m, why);
      if (c == nullptr) {
        return nullptr;
      }
      members.push_back(std::move(c));
    }
    auto t = std::make_shared<UnionType>(std::move(members));
    if (!t->compile_facets(type.facets, why)) {
      return nullptr;
    }
    return t;
  }
  return compile_atomic(type, why);
}

} // namespace altkit::schema
