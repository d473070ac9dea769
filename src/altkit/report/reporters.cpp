// The four output formats. Each writes only to the stream it was given.
#include "altkit/diag/codes.hpp"
#include "altkit/diag/names.hpp"
#include "altkit/report/html.hpp"
#include "altkit/report/reporter.hpp"
#include "altkit/report/streaming.hpp"
#include "altkit/xml/escape.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <filesystem>

namespace altkit::report {

using nlohmann::json;
json diag_json(const diag::Diagnostic& d);

namespace {

// ---- GNU text ------------------------------------------------------------

class TextReporter final : public Reporter {
public:
  TextReporter(std::string tool, std::ostream& out, bool quiet) : m_tool(std::move(tool)), m_out(out), m_quiet(quiet) {}
  void schema_findings(const std::string&, const std::vector<diag::Diagnostic>& diags) override {
    for (const auto& d : diags) {
      m_out << diag::format_gnu(m_tool, d) << '\n';
    }
  }
  void document(const validate::DocumentResult& r) override {
    for (const auto& d : r.diagnostics) {
      diag::Diagnostic shown = d;
      if (!d.path.empty()) {
        shown.message += " (at " + d.path + ")";
      }
      m_out << diag::format_gnu(m_tool, shown) << '\n';
    }
  }
  void finish(const Summary& s) override {
    if (m_quiet) {
      return;
    }
    m_out << m_tool << ": " << s.documents << (s.documents == 1 ? " document: " : " documents: ") << s.valid
          << " valid, " << s.invalid << " invalid, " << s.unreadable << " unreadable";
    if (s.not_routed > 0) {
      m_out << ", " << s.not_routed << " not routed";
    }
    m_out << '\n';
  }

private:
  std::string m_tool;
  std::ostream& m_out;
  bool m_quiet;
};

// ---- JSON Lines ------------------------------------------------------------

class JsonlReporter final : public Reporter {
public:
  explicit JsonlReporter(std::ostream& out) : m_out(out) {}
  void schema_findings(const std::string& schema, const std::vector<diag::Diagnostic>& diags) override {
    json arr = json::array();
    for (const auto& d : diags) {
      arr.push_back(diag_json(d));
    }
    m_out << json{{"type", "schema"}, {"schema", schema}, {"diagnostics", arr}}.dump(-1, ' ', false,
                                                                                     json::error_handler_t::replace)
          << '\n';
  }
  void document(const validate::DocumentResult& r) override { m_out << to_json_line(r) << '\n'; }
  void finish(const Summary& s) override {
    json per = json::object();
    for (const auto& [k, v] : s.per_schema) {
      per[k] = v;
    }
    m_out << json{{"type", "summary"},          {"documents", s.documents}, {"bytes", s.bytes},
                  {"valid", s.valid},           {"invalid", s.invalid},     {"unreadable", s.unreadable},
                  {"not_routed", s.not_routed}, {"per_schema", per}}
                 .dump(-1, ' ', false, json::error_handler_t::replace)
          << '\n';
  }

private:
  std::ostream& m_out;
};

// ---- JUnit XML ---------------------------------------------------------------

/// Text for JUnit XML: escaped, and well-formed whatever it holds: a byte that is not part of
/// UTF-8, or a control XML 1.0 cannot hold, is shown as escape_name shows it (`\xF8`). In an
/// attribute (`attribute`), a line feed, carriage return and tab are character references, since
/// a raw one reads back as a space. A name (`name`) also has its backslashes doubled, so it reads
/// back exactly (README "Names in reports").
std::string junit_text(std::string_view s, bool attribute, bool name = false) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = diag::utf8_length_at(s, i);
    if (attribute && (c == '\n' || c == '\r' || c == '\t')) {
      out += c == '\n' ? "&#10;" : c == '\r' ? "&#13;" : "&#9;";
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += static_cast<char>(c);
    } else if (c == '\\' && name) {
      out += "\\\\";
    } else if (n == 1 && c >= 0x20 && c != 0x7F) {
      out += xml::escape(s.substr(i, 1));
    } else {
      out += diag::escape_name(s.substr(i, n == 0 ? 1 : n)); // \xHH, \u00HH (C1), or the character
    }
    i += n == 0 ? 1 : n;
  }
  return out;
}

std::string escape(std::string_view s) {
  return junit_text(s, false);
}

std::string attribute(std::string_view s) {
  return junit_text(s, true);
}

class JunitReporter final : public Reporter {
public:
  JunitReporter(std::string tool, std::ostream& out) : m_tool(std::move(tool)), m_out(out) {}
  void schema_findings(const std::string& schema, const std::vector<diag::Diagnostic>& diags) override {
    for (const auto& d : diags) {
      m_system_out += diag::format_gnu(m_tool, d) + "\n";
    }
    (void)schema;
  }
  void document(const validate::DocumentResult& r) override {
    std::string classname = r.schema.empty() ? m_tool : std::filesystem::path(r.schema).filename().string();
    m_cases +=
        "    <testcase classname=\"" + attribute(classname) + "\" name=\"" + junit_text(r.file, true, true) + "\">\n";
    std::string text;
    std::string first;
    for (const auto& d : r.diagnostics) {
      std::string line = diag::format_gnu(m_tool, d) + (d.path.empty() ? "" : " (at " + d.path + ")");
      if (first.empty() && d.severity != diag::Severity::warning && d.severity != diag::Severity::note) {
        first = d.message;
      }
      text += line + "\n";
    }
    if (r.verdict == validate::Verdict::invalid || r.verdict == validate::Verdict::not_routed) {
      ++m_failures;
      m_cases += "      <failure message=\"" + attribute(first) + "\" type=\"" + validate::to_string(r.verdict) +
                 "\">" + escape(text) + "</failure>\n";
    } else if (r.verdict == validate::Verdict::unreadable) {
      ++m_errors;
      m_cases += "      <error message=\"" + attribute(first) + "\" type=\"unreadable\">" + escape(text) + "</error>\n";
    } else if (!text.empty()) {
      m_cases += "      <system-out>" + escape(text) + "</system-out>\n";
    }
    m_cases += "    </testcase>\n";
  }
  void finish(const Summary& s) override {
    m_out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          << "<testsuites name=\"" << m_tool << "\" tests=\"" << s.documents << "\" failures=\"" << m_failures
          << "\" errors=\"" << m_errors << "\">\n"
          << "  <testsuite name=\"" << m_tool << "\" tests=\"" << s.documents << "\" failures=\"" << m_failures
          << "\" errors=\"" << m_errors << "\" skipped=\"0\">\n"
          << m_cases;
    if (!m_system_out.empty()) {
      m_out << "    <system-out>" << escape(m_system_out) << "</system-out>\n";
    }
    m_out << "  </testsuite>\n</testsuites>\n";
  }

private:
  std::string m_tool;
  std::ostream& m_out;
  SpooledText m_cases; // the testcases wait for the counts that precede them
  std::string m_system_out;
  std::uint64_t m_failures = 0;
  std::uint64_t m_errors = 0;
};

// ---- SARIF 2.1.0 -------------------------------------------------------------

// A rule per code, from the registry: GitHub code scanning shows shortDescription in the list
// of alerts and help on an alert's page. A code the registry does not know (a report read from
// elsewhere) still gets a rule, without help.
json rule(const std::string& code) {
  const diag::CodeInfo* c = diag::find_code(code);
  if (c == nullptr) {
    return {{"id", code}, {"shortDescription", {{"text", "Finding " + code + "."}}}};
  }
  return {{"id", code},
          {"shortDescription", {{"text", std::string(c->summary)}}},
          {"help", {{"text", std::string(c->help)}}}};
}

std::string sarif_level(diag::Severity s) {
  switch (s) {
  case diag::Severity::note:
    return "note";
  case diag::Severity::warning:
    return "warning";
  default:
    return "error";
  }
}

// A relative, forward-slash URI; GitHub code scanning resolves it against the checkout root.
// UTF-8 letters stay as they are (an IRI, as GitHub shows them); every other byte, a byte that
// is not part of UTF-8 included, is percent-encoded, so the URI gives the name's bytes back.
std::string artifact_uri(const std::string& file) {
  std::string out;
  for (std::size_t i = 0; i < file.size();) {
    auto c = static_cast<unsigned char>(file[i]);
    std::size_t n = diag::utf8_length_at(file, i);
    if (n > 1 && !(c == 0xC2 && static_cast<unsigned char>(file[i + 1]) <= 0x9F)) {
      out.append(file, i, n);
      i += n;
      continue;
    }
    if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      static const char* k_hex = "0123456789ABCDEF";
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 15];
    }
    ++i;
  }
  while (out.rfind("./", 0) == 0) {
    out.erase(0, 2);
  }
  return out;
}

/// The log with no results: SarifStream writes them in their place.
json sarif_log(const std::string& tool, const json& rules) {
  return {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       json::array({{{"tool", {{"driver", {{"name", tool}, {"semanticVersion", ALTKIT_VERSION}, {"rules", rules}}}}},
                     {"columnKind", "unicodeCodePoints"},
                     {"results", json::array()}}})}};
}

class SarifReporter final : public Reporter {
public:
  SarifReporter(std::string tool, std::ostream& out)
      : m_tool(std::move(tool)), m_out(out), m_results(out, sarif_log(m_tool, json::array())) {}
  void schema_findings(const std::string&, const std::vector<diag::Diagnostic>& diags) override {
    for (const auto& d : diags) {
      add(d);
    }
  }
  void document(const validate::DocumentResult& r) override {
    for (const auto& d : r.diagnostics) {
      add(d);
    }
  }
  void finish(const Summary&) override {
    json rules = json::array();
    for (const auto& code : m_rule_order) {
      rules.push_back(rule(code));
    }
    m_results.finish(sarif_log(m_tool, rules)); // the results were written as they came
    m_out << '\n';
  }

private:
  void add(const diag::Diagnostic& d) {
    std::string code = d.code.empty() ? std::string(diag::code::schema_invalid.name) : d.code;
    auto it = m_rule_index.find(code);
    if (it == m_rule_index.end()) {
      it = m_rule_index.emplace(code, m_rule_order.size()).first;
      m_rule_order.push_back(code);
    }
    json region = json::object();
    region["startLine"] = d.line > 0 ? d.line : 1;
    if (d.column > 0) {
      region["startColumn"] = d.column;
    }
    json location{{"physicalLocation", {{"artifactLocation", {{"uri", artifact_uri(d.file)}}}, {"region", region}}}};
    if (!d.path.empty()) {
      location["logicalLocations"] = json::array({{{"fullyQualifiedName", d.path}, {"kind", "element"}}});
    }
    json result{{"ruleId", code},
                {"ruleIndex", it->second},
                {"level", sarif_level(d.severity)},
                {"message", {{"text", d.message}}},
                {"locations", json::array({location})}};
    if (d.related_line > 0) {
      json related_region{{"startLine", d.related_line}};
      if (d.related_column > 0) {
        related_region["startColumn"] = d.related_column;
      }
      result["relatedLocations"] = json::array(
          {{{"id", 1},
            {"physicalLocation", {{"artifactLocation", {{"uri", artifact_uri(d.file)}}}, {"region", related_region}}},
            {"message", {{"text", d.related_message}}}}});
    }
    m_results.push_back(std::move(result));
  }

  std::string m_tool;
  std::ostream& m_out;
  SarifStream m_results;
  std::map<std::string, std::size_t> m_rule_index;
  std::vector<std::string> m_rule_order;
};

} // namespace

std::unique_ptr<Reporter> make_reporter(Format f, const std::string& tool, std::ostream& out, bool quiet) {
  switch (f) {
  case Format::text:
    return std::make_unique<TextReporter>(tool, out, quiet);
  case Format::jsonl:
    return std::make_unique<JsonlReporter>(out);
  case Format::junit:
    return std::make_unique<JunitReporter>(tool, out);
  case Format::sarif:
    return std::make_unique<SarifReporter>(tool, out);
  case Format::html:
    return make_html_reporter(tool, out);
  }
  return nullptr;
}

} // namespace altkit::report
