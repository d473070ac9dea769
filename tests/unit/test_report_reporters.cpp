#include "altkit/report/reporter.hpp"
#include "altkit/xml/handles.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace altkit;

namespace {
validate::DocumentResult sample() {
  validate::DocumentResult r;
  r.file = "dir/a b.xml";
  r.schema = "s.xsd";
  r.engine = "xerces";
  r.verdict = validate::Verdict::invalid;
  r.bytes = 42;
  r.diagnostics.push_back(diag::Diagnostic{"dir/a b.xml", 1, 77, "/melding/x[2]", diag::Severity::error,
                                           "value-pattern", "value '<1>' & more", "xerces"});
  return r;
}
} // namespace

TEST_CASE("report::make_reporter text") {
  std::ostringstream out;
  auto r = report::make_reporter(report::Format::text, "tool", out);
  report::Summary s;
  s.add(sample());
  r->document(sample());
  r->finish(s);
  CHECK(out.str() == "tool: dir/a b.xml:1:77: error: value '<1>' & more (at /melding/x[2]) [value-pattern]\n"
                     "tool: 1 document: 0 valid, 1 invalid, 0 unreadable\n");
}

TEST_CASE("report::make_reporter jsonl") {
  std::ostringstream out;
  auto r = report::make_reporter(report::Format::jsonl, "tool", out);
  report::Summary s;
  s.add(sample());
  r->document(sample());
  r->finish(s);
  std::istringstream in(out.str());
  std::string line;
  REQUIRE(std::getline(in, line));
  auto j = nlohmann::json::parse(line);
  CHECK(j["type"] == "document");
  CHECK(j["verdict"] == "invalid");
  CHECK(j["diagnostics"][0]["path"] == "/melding/x[2]");
  CHECK(j["diagnostics"][0]["column"] == 77);
  REQUIRE(std::getline(in, line));
  auto sum = nlohmann::json::parse(line);
  CHECK(sum["type"] == "summary");
  CHECK(sum["invalid"] == 1);
  CHECK(sum["per_schema"]["s.xsd"] == 1);
}

TEST_CASE("report::make_reporter junit") {
  std::ostringstream out;
  auto r = report::make_reporter(report::Format::junit, "tool", out);
  report::Summary s;
  s.add(sample());
  r->document(sample());
  r->finish(s);
  std::string x = out.str();
  xml::xml_ptr<xmlDoc> doc(xmlReadMemory(x.data(), static_cast<int>(x.size()), "junit.xml", nullptr, XML_PARSE_NONET));
  REQUIRE(doc); // well-formed, escaping included
  CHECK(x.find("failures=\"1\"") != std::string::npos);
  CHECK(x.find("<failure message=\"value '&lt;1&gt;' &amp; more\" type=\"invalid\">") != std::string::npos);
}

TEST_CASE("report::make_reporter sarif") {
  std::ostringstream out;
  auto r = report::make_reporter(report::Format::sarif, "tool", out);
  r->document(sample());
  r->finish(report::Summary{});
  auto j = nlohmann::json::parse(out.str());
  CHECK(j["version"] == "2.1.0");
  const auto& res = j["runs"][0]["results"][0];
  CHECK(res["ruleId"] == "value-pattern");
  CHECK(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir/a%20b.xml");
  CHECK(res["locations"][0]["physicalLocation"]["region"]["startColumn"] == 77);
  CHECK(res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "/melding/x[2]");
  CHECK(j["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "value-pattern");
}

TEST_CASE("report::to_json_line writes what nlohmann::json would, byte for byte") {
  // Every awkward string a file name, path or engine message can carry.
  const std::vector<std::string> strings = {
      "",
      "plain.xml",
      "quote \" backslash \\ slash /",
      "controls \b\f\n\r\t \x01 \x1f \x7f",
      "Norwegian æøå ÆØÅ – “quotes” and 𝄞",
      "broken \xC3 tail",
      "overlong \xC0\xAF and \xE0\x80\xAF",
      "surrogate \xED\xA0\x80 and past max \xF4\x90\x80\x80",
      "cut 4-byte \xF0\x9F\x98",
      "lone continuation \x80\xBF",
  };
  for (const auto& s : strings) {
    validate::DocumentResult r;
    r.file = s;
    r.schema = "schemas/" + s + ".xsd";
    r.engine = "libxml2";
    r.bytes = 12345;
    r.verdict = validate::Verdict::invalid;
    r.diagnostics.push_back(
        diag::Diagnostic{s, 3, 14, "/melding/" + s, diag::Severity::error, "invalid-content", s, "xerces"});
    r.diagnostics.push_back(diag::Diagnostic{"f.xml", 0, 0, "", diag::Severity::warning, "w", "no engine", ""});
    INFO(s);
    CHECK(report::to_json_line(r) == report::to_json_line_reference(r));
  }
  validate::DocumentResult empty;
  CHECK(report::to_json_line(empty) == report::to_json_line_reference(empty));
}
