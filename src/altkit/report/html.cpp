// The HTML report: counts as they come, a page drawn at the end (inline SVG, no script).
#include "altkit/report/html.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/xml/escape.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

namespace altkit::report {

namespace {

// ---- escaping ------------------------------------------------------------------

std::string hex(std::uint32_t v, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*X", digits, static_cast<unsigned>(v));
  return buf;
}

/// Code points that could reorder, hide or break what follows them on the page.
bool invisible(std::uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF;
}

/// Decodes one UTF-8 sequence at s[i]; false (len 1) when it is not one.
bool decode(std::string_view s, std::size_t i, std::uint32_t& cp, std::size_t& len) {
  auto c = static_cast<unsigned char>(s[i]);
  len = 1;
  cp = c;
  if (c < 0x80) {
    return true;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07u;
  } else {
    return false;
  }
  if (i + len > s.size()) {
    len = 1;
    return false;
  }
  for (std::size_t k = 1; k < len; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      len = 1;
      return false;
    }
    cp = (cp << 6) | (cc & 0x3Fu);
  }
  bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    len = 1;
    return false;
  }
  return true;
}

/// Calls plain(view) for text shown as it is and shown(escape) for what is shown as an escape.
template <class Plain, class Shown> void scan(std::string_view s, Plain&& plain, Shown&& shown) {
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::uint32_t cp = 0;
    std::size_t len = 1;
    std::string esc;
    if (!decode(s, i, cp, len)) {
      esc = "\\x" + hex(static_cast<unsigned char>(s[i]), 2);
    } else if (cp < 0x20 || cp == 0x7F) {
      esc = cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : cp == '\r' ? "\\r" : "\\x" + hex(cp, 2);
    } else if (invisible(cp)) {
      esc = "\\u" + hex(cp, 4);
    }
    if (!esc.empty()) {
      if (i > run) {
        plain(s.substr(run, i - run));
      }
      shown(esc);
      run = i + len;
    }
    i += len;
  }
  if (s.size() > run) {
    plain(s.substr(run));
  }
}

/// Markup characters as entities; `s` holds no control character (scan took them out).
void entities(std::string& out, std::string_view s) {
  out += xml::escape(s);
}

/// `s` as valid UTF-8 without controls: escapes as plain text (for SVG text and titles).
std::string visible(std::string_view s) {
  std::string out;
  scan(
      s, [&](std::string_view v) { out.append(v); }, [&](const std::string& e) { out += e; });
  return out;
}

/// `s` (escaped, as a chart label) cut to `max` characters: a path keeps its end (the file name).
std::string label(std::string_view s, std::size_t max = 40) {
  std::string v = visible(s);
  std::vector<std::size_t> starts; // of each character
  for (std::size_t i = 0; i < v.size(); ++i) {
    if ((static_cast<unsigned char>(v[i]) & 0xC0) != 0x80) {
      starts.push_back(i);
    }
  }
  if (starts.size() > max) {
    v = v.find('/') != std::string::npos ? "\u2026" + v.substr(starts[starts.size() - (max - 1)])
                                         : v.substr(0, starts[max - 1]) + "\u2026";
  }
  std::string out;
  entities(out, v);
  return out;
}

std::string attr_text(std::string_view s) {
  std::string out;
  entities(out, visible(s));
  return out;
}

/// At most about `max` bytes of `s`, cut before a character (kept findings stay small).
std::string capped(const std::string& s, std::size_t max = 1000) {
  if (s.size() <= max) {
    return s;
  }
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) {
    --n;
  }
  return s.substr(0, n) + "\u2026";
}

std::string num(std::uint64_t n) {
  return std::to_string(n);
}

std::string bytes_text(std::uint64_t n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

std::string time_text(std::uint64_t micros) {
  char buf[32];
  if (micros < 1000) {
    std::snprintf(buf, sizeof buf, "%llu \u00B5s", static_cast<unsigned long long>(micros));
  } else if (micros < 1000000) {
    std::snprintf(buf, sizeof buf, "%.1f ms", static_cast<double>(micros) / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f s", static_cast<double>(micros) / 1e6);
  }
  return buf;
}

// ---- what is kept -----------------------------------------------------------------

/// Counts by name, at most `cap` names apart; later names are counted together.
class Tally {
public:
  struct Row {
    std::vector<std::uint64_t> n;
    std::string example; ///< the first one seen (input order)
    std::string note;
    std::uint64_t total() const {
      std::uint64_t t = 0;
      for (auto v : n) {
        t += v;
      }
      return t;
    }
  };
  Tally(std::size_t parts, std::size_t cap) : m_parts(parts), m_cap(cap) { m_other.n.assign(parts, 0); }

  Row& at(const std::string& name) {
    auto it = m_rows.find(name);
    if (it != m_rows.end()) {
      return it->second;
    }
    if (m_rows.size() >= m_cap) {
      m_overflow = true;
      return m_other;
    }
    Row& r = m_rows[name];
    r.n.assign(m_parts, 0);
    return r;
  }
  bool empty() const { return m_rows.empty(); }
  /// Rows by total, largest first (then by name); "other names" last.
  std::vector<std::pair<std::string, const Row*>> sorted() const {
    std::vector<std::pair<std::string, const Row*>> out;
    for (const auto& [k, v] : m_rows) {
      out.emplace_back(k, &v);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.second->total() > b.second->total(); });
    if (m_overflow) {
      out.emplace_back("", &m_other);
    }
    return out;
  }
  /// The row of the names counted together.
  bool is_other(const Row* r) const { return r == &m_other; }

private:
  std::size_t m_parts;
  std::size_t m_cap;
  std::map<std::string, Row> m_rows;
  Row m_other;
  bool m_overflow = false;
};

/// A document among the slowest or largest.
struct Ranked {
  std::uint64_t value = 0;
  std::uint64_t seq = 0;
  std::string file;
  std::string schema;
  validate::Verdict verdict = validate::Verdict::valid;
  std::uint64_t bytes = 0;
  std::uint64_t micros = 0;
};

/// The `n` largest values seen, the earlier first on ties: a min-heap of n entries.
class Top {
public:
  explicit Top(std::size_t n) : m_n(n) {}
  bool wants(std::uint64_t value) const { return m_n > 0 && (m_heap.size() < m_n || value > m_heap.front().value); }
  void add(Ranked r) {
    auto worse = [](const Ranked& a, const Ranked& b) {
      return a.value != b.value ? a.value > b.value : a.seq < b.seq; // the heap's front: the one to drop
    };
    if (m_heap.size() == m_n) {
      std::pop_heap(m_heap.begin(), m_heap.end(), worse);
      m_heap.pop_back();
    }
    m_heap.push_back(std::move(r));
    std::push_heap(m_heap.begin(), m_heap.end(), worse);
  }
  std::vector<Ranked> sorted() const {
    std::vector<Ranked> out = m_heap;
    std::sort(out.begin(), out.end(),
              [](const Ranked& a, const Ranked& b) { return a.value != b.value ? a.value > b.value : a.seq < b.seq; });
    return out;
  }

private:
  std::size_t m_n;
  std::vector<Ranked> m_heap;
};

/// Findings listed one by one up to a limit; the rest counted.
struct Listing {
  std::vector<diag::Diagnostic> kept;
  std::uint64_t more = 0;
  void add(const diag::Diagnostic& d, std::size_t limit) {
    if (kept.size() >= limit) {
      ++more;
      return;
    }
    diag::Diagnostic k = d;
    k.message = capped(d.message);
    k.path = capped(d.path, 400);
    kept.push_back(std::move(k));
  }
};

std::string location(const diag::Diagnostic& d) {
  std::string s = d.file;
  if (d.line > 0) {
    s += ":" + num(d.line);
    if (d.column > 0) {
      s += ":" + num(d.column);
    }
  }
  return s;
}

// ---- drawing ---------------------------------------------------------------------

struct Part {
  const char* css;  ///< the class that colours it
  const char* name; ///< in the legend and the bar's title
};

struct Bar {
  std::string name; ///< raw; escaped when drawn
  std::vector<std::uint64_t> n;
};

/// A horizontal bar chart, one bar of stacked parts per name.
void bar_chart(std::ostream& o, const std::string& caption, const std::vector<Bar>& bars,
               const std::vector<Part>& parts) {
  constexpr int k_label = 300;
  constexpr int k_width = 380;
  constexpr int k_row = 22;
  const bool legend = parts.size() > 1;
  std::uint64_t max = 1;
  for (const auto& b : bars) {
    std::uint64_t t = 0;
    for (auto v : b.n) {
      t += v;
    }
    max = std::max(max, t);
  }
  const int height = static_cast<int>(bars.size()) * k_row + (legend ? 26 : 4);
  o << "<svg class=\"chart\" role=\"img\" width=\"760\" height=\"" << height << "\" viewBox=\"0 0 760 " << height
    << "\" xmlns=\"http://www.w3.org/2000/svg\"><title>" << attr_text(caption) << "</title>\n";
  int y = 2;
  for (const auto& b : bars) {
    std::uint64_t total = 0;
    std::string title = visible(b.name) + ":";
    for (std::size_t p = 0; p < parts.size(); ++p) {
      total += b.n[p];
      title += std::string(p == 0 ? " " : ", ") + parts[p].name + " " + num(b.n[p]);
    }
    o << "<g><title>";
    std::string t;
    entities(t, title);
    o << t << "</title><text class=\"label\" x=\"" << k_label - 8 << "\" y=\"" << y + 13 << "\" text-anchor=\"end\">"
      << label(b.name) << "</text>";
    double x = k_label;
    for (std::size_t p = 0; p < parts.size(); ++p) {
      if (b.n[p] == 0) {
        continue;
      }
      double w = std::max(1.0, static_cast<double>(b.n[p]) * k_width / static_cast<double>(max));
      char buf[160];
      std::snprintf(buf, sizeof buf, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\"/>",
                    parts[p].css, x, y, w);
      o << buf;
      x += w;
    }
    char buf[96];
    std::snprintf(buf, sizeof buf, "<text class=\"n\" x=\"%.1f\" y=\"%d\">", x + 6, y + 13);
    o << buf << total << "</text></g>\n";
    y += k_row;
  }
  if (legend) {
    int x = k_label;
    for (const auto& p : parts) {
      o << "<rect class=\"" << p.css << "\" x=\"" << x << "\" y=\"" << y + 6 << "\" width=\"12\" height=\"12\"/>"
        << "<text class=\"legend\" x=\"" << x + 16 << "\" y=\"" << y + 16 << "\">" << p.name << "</text>";
      x += 20 + static_cast<int>(std::string_view(p.name).size()) * 8;
    }
  }
  o << "</svg>\n";
}

/// The bars of a tally: the largest `limit`, then one row summing the rest.
std::vector<Bar> bars_of(const Tally& t, std::size_t limit, const std::vector<std::size_t>& columns) {
  std::vector<Bar> out;
  auto rows = t.sorted();
  Bar rest{"", std::vector<std::uint64_t>(columns.size(), 0)};
  std::size_t rest_names = 0;
  for (const auto& [name, row] : rows) {
    Bar b{t.is_other(row) ? "(other names)" : name, {}};
    for (auto c : columns) {
      b.n.push_back(row->n[c]);
    }
    if (out.size() < limit) {
      out.push_back(std::move(b));
    } else {
      for (std::size_t i = 0; i < b.n.size(); ++i) {
        rest.n[i] += b.n[i];
      }
      ++rest_names;
    }
  }
  if (rest_names > 0) {
    rest.name = "(" + num(rest_names) + " more)";
    out.push_back(std::move(rest));
  }
  return out;
}

const char* k_style = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;background:#fff;margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#57606a;margin:0 0 12px}
dl.counts{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 14px}
dl.counts div{border:1px solid #d0d7de;border-radius:6px;padding:6px 14px;min-width:96px}
dt{color:#57606a;font-size:12px}dd{margin:0;font-size:22px;font-weight:600}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border-bottom:1px solid #eaeef2;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.name,td.msg{overflow-wrap:anywhere}td.key{white-space:nowrap}code{font-size:12px}
.esc{color:#cf222e;background:#fff0f0;font-family:monospace;border-radius:3px;padding:0 1px}
.more{color:#57606a;font-style:italic}
svg.chart{display:block;margin:6px 0}svg text{font:12px system-ui,sans-serif;fill:#1b1f24}svg text.n{fill:#57606a}
.valid,.converted{fill:#2da44e}.invalid,.rejected{fill:#cf222e}.unreadable{fill:#e16f24}.not-routed{fill:#8250df}
.findings{fill:#0969da}.lost{fill:#bf8700}
)";

void head(std::ostream& o, const std::string& title) {
  o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<meta name=\"generator\" content=\"altkit " << ALTKIT_VERSION << "\">\n"
    << "<title>" << attr_text(title) << "</title>\n<style>" << k_style << "</style>\n</head>\n<body>\n"
    << "<h1>" << html_text(title) << "</h1>\n";
}

void findings_table(std::ostream& o, const char* id, const std::string& title, const Listing& l, const char* none) {
  o << "<section id=\"" << id << "\">\n<h2>" << title << "</h2>\n";
  if (l.kept.empty()) {
    o << "<p>" << none << "</p>\n</section>\n";
    return;
  }
  o << "<table><thead><tr><th>where</th><th>severity</th><th>code</th><th>message</th></tr></thead><tbody>\n";
  for (const auto& d : l.kept) {
    o << "<tr><td class=\"name\">" << html_text(location(d)) << "</td><td>" << diag::to_string(d.severity)
      << "</td><td><code>" << html_text(d.code) << "</code></td><td class=\"msg\">" << html_text(d.message);
    if (!d.path.empty()) {
      o << " <span class=\"more\">at</span> <code>" << html_text(d.path) << "</code>";
    }
    o << "</td></tr>\n";
  }
  o << "</tbody></table>\n";
  if (l.more > 0) {
    o << "<p class=\"more\" id=\"" << id << "-more\">" << l.more
      << " more not listed (the counts above hold them all)</p>\n";
  }
  o << "</section>\n";
}

const char* description(const std::string& code) {
  const diag::CodeInfo* c = diag::find_code(code);
  return c == nullptr ? "" : c->summary.data();
}

} // namespace

std::string html_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  scan(
      s, [&](std::string_view v) { entities(out, v); },
      [&](const std::string& e) { out += "<span class=\"esc\">" + e + "</span>"; });
  return out;
}

// ---- the page ------------------------------------------------------------------------

struct HtmlPage::State {
  State(std::string t, HtmlLimits l)
      : tool(std::move(t)), limits(l), classes(2, l.names), schemas(5, l.names), slowest(l.top), largest(l.top),
        services(2, l.names), rejects(1, l.names), lost(1, l.names) {}
  std::string tool;
  HtmlLimits limits;
  std::uint64_t seq = 0;
  std::uint64_t findings = 0;
  bool timed = false;
  Tally classes; ///< by code: findings, documents
  Tally schemas; ///< valid, invalid, unreadable, not routed, findings
  Top slowest;
  Top largest;
  Listing listed;
  Listing schema_listed;
  Tally services; ///< converted, rejected
  Tally rejects;  ///< by code: messages
  Tally lost;     ///< by path: fields
};

HtmlPage::HtmlPage(std::string tool, HtmlLimits limits) : m(std::make_unique<State>(std::move(tool), limits)) {}
HtmlPage::~HtmlPage() = default;

void HtmlPage::schema_findings(const std::string&, const std::vector<diag::Diagnostic>& diags) {
  for (const auto& d : diags) {
    m->schema_listed.add(d, m->limits.listed);
  }
}

void HtmlPage::finding(const diag::Diagnostic& d) {
  ++m->findings;
  Tally::Row& c = m->classes.at(d.code.empty() ? "(no code)" : d.code);
  ++c.n[0];
  if (c.example.empty()) {
    c.example = capped(location(d) + ": " + d.message, 300);
  }
  m->listed.add(d, m->limits.listed);
}

void HtmlPage::document(const validate::DocumentResult& r) {
  ++m->seq;
  std::set<std::string_view> codes;
  for (const auto& d : r.diagnostics) {
    finding(d);
    if (codes.insert(d.code).second) {
      ++m->classes.at(d.code.empty() ? "(no code)" : d.code).n[1];
    }
  }
  Tally::Row& s = m->schemas.at(r.schema.empty() ? "(none)" : r.schema);
  ++s.n[static_cast<std::size_t>(r.verdict)];
  s.n[4] += r.diagnostics.size();
  auto ranked = [&](std::uint64_t value) {
    return Ranked{value, m->seq, r.file, r.schema, r.verdict, r.bytes, r.micros};
  };
  if (r.micros > 0) {
    m->timed = true;
    if (m->slowest.wants(r.micros)) {
      m->slowest.add(ranked(r.micros));
    }
  }
  if (m->largest.wants(r.bytes)) {
    m->largest.add(ranked(r.bytes));
  }
}

void HtmlPage::message(const HtmlMessage& msg) {
  Tally::Row& s = m->services.at(msg.service.empty() ? "(no shortName)" : msg.service);
  ++s.n[msg.converted ? 0 : 1];
  if (!msg.converted) {
    Tally::Row& r = m->rejects.at(msg.reject_code.empty() ? "(no code)" : msg.reject_code);
    ++r.n[0];
    if (r.example.empty()) {
      r.example = capped(msg.reject_reason, 300);
    }
    diag::Diagnostic d;
    d.file = msg.file;
    d.line = msg.line;
    d.code = msg.reject_code;
    d.message = "message '" + msg.reference + "' (" + msg.service + ") rejected: " + msg.reject_reason;
    m->listed.add(d, m->limits.listed);
  }
  for (const auto& l : msg.lost) {
    Tally::Row& r = m->lost.at(l.path);
    ++r.n[0];
    if (r.example.empty()) {
      r.example = capped(l.value, 200);
      r.note = capped(l.reason, 200);
    }
  }
}

namespace {

const std::vector<Part> k_verdicts = {
    {"valid", "valid"}, {"invalid", "invalid"}, {"unreadable", "unreadable"}, {"not-routed", "not routed"}};

void ranked_table(std::ostream& o, const char* id, const std::string& title, const std::vector<Ranked>& rows,
                  const char* none) {
  o << "<section id=\"" << id << "\">\n<h2>" << title << "</h2>\n";
  if (rows.empty()) {
    o << "<p>" << none << "</p>\n</section>\n";
    return;
  }
  o << "<table><thead><tr><th>document</th><th>schema</th><th>verdict</th><th class=\"n\">size</th><th "
       "class=\"n\">time</th></tr></thead><tbody>\n";
  for (const auto& r : rows) {
    o << "<tr><td class=\"name\">" << html_text(r.file) << "</td><td class=\"name\">"
      << html_text(std::filesystem::path(r.schema).filename().string()) << "</td><td>" << validate::to_string(r.verdict)
      << "</td><td class=\"n\" title=\"" << r.bytes << " bytes\">" << bytes_text(r.bytes) << "</td><td class=\"n\">"
      << (r.micros > 0 ? time_text(r.micros) : "") << "</td></tr>\n";
  }
  o << "</tbody></table>\n</section>\n";
}

/// A chart of a tally: which of its counts, drawn as which parts.
struct Chart {
  const char* caption;
  std::vector<std::size_t> columns;
  std::vector<Part> parts;
};

/// A tally's table: its name column, the counts shown, and the optional columns.
struct Table {
  const char* name;
  std::vector<std::pair<std::size_t, const char*>> counts;
  const char* example = nullptr; ///< the heading of Row::example, when shown
  const char* note = nullptr;    ///< the heading of Row::note, when shown
  bool described = false;        ///< the name is a finding code: its meaning from the registry
};

void tally_table(std::ostream& o, const Tally& t, const Table& spec) {
  o << "<table><thead><tr><th>" << spec.name << "</th>";
  for (const auto& c : spec.counts) {
    o << "<th class=\"n\">" << c.second << "</th>";
  }
  for (const char* h : {spec.described ? "what it means" : nullptr, spec.example, spec.note}) {
    if (h != nullptr) {
      o << "<th>" << h << "</th>";
    }
  }
  o << "</tr></thead><tbody>\n";
  for (const auto& [key, row] : t.sorted()) {
    bool other = t.is_other(row);
    o << "<tr><td class=\"" << (spec.described ? "key" : "name") << "\">" // a code is not broken at its hyphens
      << (other ? std::string("<i>(other names)</i>") : "<code>" + html_text(key) + "</code>") << "</td>";
    for (const auto& c : spec.counts) {
      o << "<td class=\"n\">" << row->n[c.first] << "</td>";
    }
    if (spec.described) {
      o << "<td>" << html_text(other ? "" : description(key)) << "</td>";
    }
    if (spec.example != nullptr) {
      o << "<td class=\"msg\">" << html_text(row->example) << "</td>";
    }
    if (spec.note != nullptr) {
      o << "<td>" << html_text(row->note) << "</td>";
    }
    o << "</tr>\n";
  }
  o << "</tbody></table>\n";
}

/// A section of charts and a table over one tally, or `none` when it counted nothing.
void tally_section(std::ostream& o, const char* id, const char* title, const char* none, const Tally& t,
                   std::size_t bars, const std::vector<Chart>& charts, const Table& table) {
  o << "<section id=\"" << id << "\">\n<h2>" << title << "</h2>\n";
  if (t.empty()) {
    o << "<p>" << none << "</p>\n";
  } else {
    for (const auto& c : charts) {
      bar_chart(o, c.caption, bars_of(t, bars, c.columns), c.parts);
    }
    tally_table(o, t, table);
  }
  o << "</section>\n";
}

/// The summary's counts (id, name, value) and a bar of them.
void summary_section(std::ostream& o, const std::vector<std::array<std::string, 3>>& counts, const char* caption,
                     const Bar& bar, const std::vector<Part>& parts) {
  o << "<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"counts\">";
  for (const auto& [id, name, value] : counts) {
    o << "<div><dt>" << name << "</dt><dd id=\"" << id << "\">" << value << "</dd></div>";
  }
  o << "</dl>\n";
  bar_chart(o, caption, {bar}, parts);
  o << "</section>\n";
}

} // namespace

void HtmlPage::write(std::ostream& o, const Summary& s) const {
  head(o, m->tool + " report");
  o << "<p class=\"meta\">altkit " << ALTKIT_VERSION << " &middot; " << s.documents
    << (s.documents == 1 ? " document" : " documents") << ", " << bytes_text(s.bytes) << "</p>\n";
  summary_section(o,
                  {{"documents", "documents", num(s.documents)},
                   {"valid", "valid", num(s.valid)},
                   {"invalid", "invalid", num(s.invalid)},
                   {"unreadable", "unreadable", num(s.unreadable)},
                   {"not-routed", "not routed", num(s.not_routed)},
                   {"findings", "findings", num(m->findings)},
                   {"bytes", "size", bytes_text(s.bytes)}},
                  "documents by verdict", {"all documents", {s.valid, s.invalid, s.unreadable, s.not_routed}},
                  k_verdicts);
  const std::size_t bars = m->limits.bars;
  tally_section(o, "classes", "Findings by class", "No findings.", m->classes, bars,
                {{"findings by class", {0}, {{"findings", "findings"}}}},
                {"code", {{0, "findings"}, {1, "documents"}}, "first seen", nullptr, true});
  tally_section(
      o, "schemas", "Documents and findings by schema", "No documents.", m->schemas, bars,
      {{"documents by schema", {0, 1, 2, 3}, k_verdicts}, {"findings by schema", {4}, {{"findings", "findings"}}}},
      {"schema", {{0, "valid"}, {1, "invalid"}, {2, "unreadable"}, {3, "not routed"}, {4, "findings"}}});
  ranked_table(o, "slowest", "Slowest documents", m->timed ? m->slowest.sorted() : std::vector<Ranked>{},
               "No times recorded (a merge of shard reports has none: jsonl reports carry no times).");
  ranked_table(o, "largest", "Largest documents", m->largest.sorted(), "No documents.");
  findings_table(o, "findings-list", "Findings", m->listed, "No findings.");
  if (!m->schema_listed.kept.empty()) {
    findings_table(o, "schema-findings", "Findings about the schemas", m->schema_listed, "");
  }
  o << "</body>\n</html>\n";
}

void HtmlPage::write(std::ostream& o, const MigrationTotals& t) const {
  head(o, m->tool + " report");
  o << "<p class=\"meta\">altkit " << ALTKIT_VERSION << " &middot; " << t.files << (t.files == 1 ? " file" : " files")
    << "</p>\n";
  const std::vector<Part> outcomes = {{"converted", "converted"}, {"rejected", "rejected"}};
  summary_section(o,
                  {{"files", "files", num(t.files)},
                   {"unreadable-files", "unreadable files", num(t.unreadable_files)},
                   {"messages", "messages", num(t.messages)},
                   {"converted", "converted", num(t.converted)},
                   {"rejected", "rejected", num(t.rejected)},
                   {"correspondences", "correspondences", num(t.correspondences)},
                   {"lost", "fields not carried over", num(t.lost)}},
                  "messages by outcome", {"all messages", {t.converted, t.rejected}}, outcomes);
  const std::size_t bars = m->limits.bars;
  tally_section(o, "services", "Messages per service", "No messages.", m->services, bars,
                {{"messages per service", {0, 1}, outcomes}},
                {"service (shortName)", {{0, "converted"}, {1, "rejected"}}});
  tally_section(o, "rejects", "Rejects by reason", "No message rejected.", m->rejects, bars,
                {{"rejects by reason", {0}, {{"rejected", "rejected"}}}},
                {"code", {{0, "messages"}}, "first reason", nullptr, true});
  tally_section(o, "lost", "Fields not carried over", "Every field was carried over.", m->lost, bars,
                {{"fields not carried over", {0}, {{"lost", "not carried over"}}}},
                {"field", {{0, "messages"}}, "first value", "why"});
  findings_table(o, "findings-list", "Rejected messages and unreadable files", m->listed, "None.");
  o << "</body>\n</html>\n";
}

namespace {

class HtmlReporter final : public Reporter {
public:
  HtmlReporter(const std::string& tool, std::ostream& out) : m_page(tool), m_out(out) {}
  void schema_findings(const std::string& schema, const std::vector<diag::Diagnostic>& diags) override {
    m_page.schema_findings(schema, diags);
  }
  void document(const validate::DocumentResult& r) override { m_page.document(r); }
  void finish(const Summary& s) override { m_page.write(m_out, s); }

private:
  HtmlPage m_page;
  std::ostream& m_out;
};

} // namespace

std::unique_ptr<Reporter> make_html_reporter(const std::string& tool, std::ostream& out) {
  return std::make_unique<HtmlReporter>(tool, out);
}

} // namespace altkit::report
