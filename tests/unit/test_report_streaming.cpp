#include "altkit/report/reporter.hpp"
#include "altkit/report/streaming.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace altkit;
using nlohmann::json;

namespace {

std::string dump2(const json& j) {
  return j.dump(2, ' ', false, json::error_handler_t::replace);
}

/// A log shaped like SARIF's: keys before and after the results, nested objects and arrays.
json log_with(const json& results, const json& rules) {
  return {{"$schema", "https://example/sarif.json"},
          {"version", "2.1.0"},
          {"runs", json::array({{{"tool", {{"driver", {{"name", "t"}, {"rules", rules}}}}},
                                 {"columnKind", "unicodeCodePoints"},
                                 {"results", results}}})}};
}

json result(int i) {
  return {{"ruleId", "code-" + std::to_string(i % 3)},
          {"message", {{"text", "line one\nline \"two\" \\ broken \xC3 <tag> " + std::to_string(i)}}},
          {"locations", json::array({{{"region", {{"startLine", i}, {"startColumn", 1}}}}})},
          {"empty", json::array()},
          {"nothing", json::object()}};
}

} // namespace

TEST_CASE("report::SarifStream writes what one dump(2) of the whole log prints") {
  for (int n : {0, 1, 3, 50}) {
    json results = json::array();
    json rules = json::array();
    std::ostringstream out;
    report::SarifStream stream(out, log_with(json::array(), json::array()));
    for (int i = 0; i < n; ++i) {
      results.push_back(result(i));
      stream.push_back(result(i));
      if (i < 3) {
        rules.push_back({{"id", "code-" + std::to_string(i)}});
      }
    }
    stream.finish(log_with(json::array(), rules));
    INFO(n << " results");
    CHECK(out.str() == dump2(log_with(results, rules)));
    CHECK(stream.size() == static_cast<std::uint64_t>(n));
  }
}

TEST_CASE("report::SarifStream refuses a log whose head changed") {
  std::ostringstream out;
  report::SarifStream stream(out, log_with(json::array(), json::array()));
  stream.push_back(result(1));
  json other = log_with(json::array(), json::array());
  other["$schema"] = "https://elsewhere/sarif.json";
  CHECK_THROWS_AS(stream.finish(other), std::logic_error);
}

TEST_CASE("report::SpooledText gives back what it was given, past what it keeps in memory") {
  report::SpooledText text;
  CHECK(text.empty());
  std::string expected;
  for (int i = 0; i < 40000; ++i) { // ~1.5 MiB: past the spool's 1 MiB in memory
    std::string piece = "    <testcase name=\"" + std::to_string(i) + "\"/>\n";
    text += piece;
    expected += piece;
  }
  CHECK_FALSE(text.empty());
  std::ostringstream out;
  out << "head\n" << text << "tail\n";
  CHECK(out.str() == "head\n" + expected + "tail\n");
}

TEST_CASE("report::make_reporter sarif and junit stream many documents") {
  // Counts in the JUnit header come before the cases; SARIF results before the rules.
  std::ostringstream junit;
  std::ostringstream sarif;
  auto j = report::make_reporter(report::Format::junit, "tool", junit);
  auto s = report::make_reporter(report::Format::sarif, "tool", sarif);
  report::Summary sum;
  for (int i = 0; i < 30000; ++i) {
    validate::DocumentResult r;
    r.file = "d/" + std::to_string(i) + ".xml";
    r.schema = "s.xsd";
    r.verdict = i % 10 == 3 ? validate::Verdict::invalid : validate::Verdict::valid;
    if (r.verdict == validate::Verdict::invalid) {
      r.diagnostics.push_back(diag::Diagnostic{r.file, 2, 5, "/m/x", diag::Severity::error,
                                               i % 20 == 3 ? "value-pattern" : "value-length", "bad <x>", ""});
    }
    sum.add(r);
    j->document(r);
    s->document(r);
  }
  j->finish(sum);
  s->finish(sum);
  const std::string x = junit.str();
  CHECK(
      x.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tool\" tests=\"30000\" failures=\"3000\" "
              "errors=\"0\">\n",
              0) == 0);
  CHECK(x.find("name=\"d/29999.xml\"") != std::string::npos);
  CHECK(x.size() > (1U << 20)); // the cases went through the spool's file
  auto log = json::parse(sarif.str());
  CHECK(log["runs"][0]["results"].size() == 3000);
  CHECK(log["runs"][0]["tool"]["driver"]["rules"].size() == 2);
  CHECK(log["runs"][0]["results"][1]["ruleIndex"] == 1);
  CHECK(sarif.str() == dump2(log) + "\n"); // as one dump prints it
}
