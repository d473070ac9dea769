#include "altkit/check/summary.hpp"
#include "altkit/report/reporter.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace altkit;
using validate::Verdict;

namespace {

diag::Diagnostic finding(const std::string& file, std::uint64_t line, std::uint64_t col, const std::string& code,
                         const std::string& message, diag::Severity severity = diag::Severity::error) {
  diag::Diagnostic d;
  d.file = file;
  d.line = line;
  d.column = col;
  d.code = code;
  d.message = message;
  d.severity = severity;
  return d;
}

validate::DocumentResult result(const std::string& file, Verdict verdict, std::uint64_t bytes,
                                std::vector<diag::Diagnostic> diags = {}, const std::string& schema = "/s/a.xsd") {
  validate::DocumentResult r;
  r.file = file;
  r.schema = schema;
  r.engine = "libxml2";
  r.verdict = verdict;
  r.bytes = bytes;
  r.diagnostics = std::move(diags);
  return r;
}

/// Three documents: one valid, one with two findings of one class and a warning, one unreadable.
std::vector<validate::DocumentResult> sample() {
  return {result("b.xml", Verdict::valid, 1000),
          result("a.xml", Verdict::invalid, 2048,
                 {finding("a.xml", 7, 3, "invalid-value", "value 'x' is not a valid value"),
                  finding("a.xml", 2, 9, "invalid-value", "value 'y' is not a valid value"),
                  finding("a.xml", 4, 1, "schema-lint", "a warning", diag::Severity::warning)}),
          result("c.xml", Verdict::unreadable, 0,
                 {finding("c.xml", 0, 0, "unreadable", "cannot open", diag::Severity::fatal)}, "")};
}

} // namespace

TEST_CASE("check::CheckSummary::add") {
  check::CheckSummary s;
  for (const auto& r : sample()) {
    s.add(r);
  }
  CHECK(s.counts.documents == 3);
  CHECK(s.counts.valid == 1);
  CHECK(s.counts.invalid == 1);
  CHECK(s.counts.unreadable == 1);
  CHECK(s.counts.bytes == 3048);
  // Errors and fatal errors are classed; warnings are not.
  REQUIRE(s.classes.size() == 2);
  CHECK(s.classes.at("invalid-value").count == 2);
  CHECK(s.classes.count("schema-lint") == 0);
  // The example is the smallest "file:line:col: message", not the first seen.
  CHECK(s.classes.at("invalid-value").example == "a.xml:2:9: value 'y' is not a valid value");
  // No line: no position in the example.
  CHECK(s.classes.at("unreadable").example == "c.xml: cannot open");
}

TEST_CASE("check::CheckSummary: the same summary whatever the order of the results") {
  auto results = sample();
  check::CheckSummary forward;
  check::CheckSummary backward;
  for (auto it = results.begin(); it != results.end(); ++it) {
    forward.add(*it);
  }
  for (auto it = results.rbegin(); it != results.rend(); ++it) {
    backward.add(*it);
  }
  CHECK(forward.text("corpus-check") == backward.text("corpus-check"));
}

TEST_CASE("check::CheckSummary::add_line") {
  check::CheckSummary from_results;
  check::CheckSummary from_lines;
  for (const auto& r : sample()) {
    from_results.add(r);
    CHECK(from_lines.add_line(nlohmann::json::parse(report::to_json_line(r))));
  }
  // A report read back (merge, journal) gives the summary of the run that wrote it.
  CHECK(from_lines.text("corpus-check") == from_results.text("corpus-check"));
  CHECK(from_lines.counts.per_schema == from_results.counts.per_schema);
  CHECK(from_lines.classes.at("invalid-value").example == from_results.classes.at("invalid-value").example);

  // Lines that are not document lines are not counted.
  CHECK_FALSE(from_lines.add_line(nlohmann::json::parse(R"({"type":"summary","documents":3})")));
  CHECK_FALSE(from_lines.add_line(nlohmann::json::parse("[1, 2]")));
  CHECK_FALSE(from_lines.add_line(nlohmann::json::parse(R"({"file":"x.xml","verdict":"valid"})")));
  CHECK(from_lines.counts.documents == 3);

  // A document line needs its file and verdict (a journal line without them is damaged, not valid);
  // the other fields take their defaults.
  CHECK_FALSE(from_lines.add_line(nlohmann::json::parse(R"({"type":"document","file":"d.xml"})")));
  CHECK_FALSE(from_lines.add_line(nlohmann::json::parse(R"({"type":"document","file":"d.xml","verdict":"fine"})")));
  CHECK(from_lines.add_line(nlohmann::json::parse(R"({"type":"document","file":"d.xml","verdict":"valid"})")));
  CHECK(from_lines.counts.documents == 4);
  CHECK(from_lines.counts.valid == 2);
}

TEST_CASE("check::CheckSummary::text") {
  check::CheckSummary s;
  for (const auto& r : sample()) {
    s.add(r);
  }
  s.add(result("d.xml", Verdict::not_routed, 3 * 1024 * 1024, {}, "/other/b.xsd"));
  CHECK(s.text("corpus-check") ==
        "corpus-check: 4 documents, 3.0 MB: 1 valid, 1 invalid, 1 unreadable, 1 not routed\n"
        "  schema b.xsd: 1 document\n" // in the order of the schemas' paths: /other/b.xsd, /s/a.xsd
        "  schema a.xsd: 2 documents\n"
        "  findings by class:\n"
        "           2  invalid-value          e.g. a.xml:2:9: value 'y' is not a valid value\n"
        "           1  unreadable             e.g. c.xml: cannot open\n");
  // `top` caps the classes listed, the most frequent first.
  std::string one = s.text("corpus-check", 1);
  CHECK(one.find("invalid-value") != std::string::npos);
  CHECK(one.find("unreadable             e.g.") == std::string::npos);

  check::CheckSummary single;
  single.add(result("a.xml", Verdict::valid, 10));
  CHECK(single.text("x") == "x: 1 document, 0.0 MB: 1 valid, 0 invalid, 0 unreadable, 0 not routed\n"
                            "  schema a.xsd: 1 document\n");
}
