#include "altkit/diag/error.hpp"
#include "altkit/report/format_choice.hpp"

#include <catch2/catch.hpp>

using namespace altkit;
using report::Format;

TEST_CASE("report::format_for_path") {
  CHECK(report::format_for_path("out/report.jsonl") == Format::jsonl);
  CHECK(report::format_for_path("report.ndjson") == Format::jsonl);
  CHECK(report::format_for_path("report.json") == Format::jsonl);
  CHECK(report::format_for_path("junit.XML") == Format::junit);
  CHECK(report::format_for_path("results.sarif") == Format::sarif);
  CHECK(report::format_for_path("results.sarif.json") == Format::sarif);
  CHECK(report::format_for_path("findings.txt") == Format::text);
  CHECK(report::format_for_path("run.log") == Format::text);
  // Nothing implied: no or an unknown extension, stdout, a hidden file named like an extension,
  // a folder's extension.
  CHECK_FALSE(report::format_for_path("report").has_value());
  CHECK_FALSE(report::format_for_path("report.csv").has_value());
  CHECK_FALSE(report::format_for_path("-").has_value());
  CHECK_FALSE(report::format_for_path("").has_value());
  CHECK_FALSE(report::format_for_path("dir/.xml").has_value());
  CHECK_FALSE(report::format_for_path("reports.xml/out").has_value());
}

TEST_CASE("report::choose_format") {
  const std::vector<Format> all{Format::text, Format::jsonl, Format::junit, Format::sarif};
  const std::vector<Format> machine{Format::jsonl, Format::junit, Format::sarif};

  SECTION("without -f the extension decides, else the tool's default") {
    CHECK(report::choose_format("r.sarif", "", all, Format::text) == Format::sarif);
    CHECK(report::choose_format("r.txt", "", all, Format::jsonl) == Format::text);
    CHECK(report::choose_format("r.data", "", all, Format::text) == Format::text);
    CHECK(report::choose_format("-", "", machine, Format::jsonl) == Format::jsonl);
    CHECK(report::choose_format("", "", all, Format::text) == Format::text);
  }
  SECTION("an extension implying a format the tool does not write implies nothing") {
    CHECK(report::choose_format("r.txt", "", machine, Format::jsonl) == Format::jsonl);
    CHECK(report::choose_format("r.txt", "junit", machine, Format::jsonl) == Format::junit);
    CHECK(report::choose_format("r.xml", "", {Format::jsonl}, Format::jsonl) == Format::jsonl);
  }
  SECTION("-f agreeing with the extension, or with none, is taken") {
    CHECK(report::choose_format("r.sarif", "sarif", all, Format::text) == Format::sarif);
    CHECK(report::choose_format("r.out", "junit", all, Format::text) == Format::junit);
    CHECK(report::choose_format("-", "jsonl", all, Format::text) == Format::jsonl);
  }
  SECTION("a contradiction is a usage error naming both") {
    try {
      report::choose_format("x.sarif", "jsonl", all, Format::text);
      FAIL("no error");
    } catch (const diag::Error& e) {
      CHECK(e.code() == diag::ExitCode::usage);
      CHECK(std::string(e.what()) == "--report x.sarif names a sarif report, but -f/--format says jsonl");
    }
    CHECK_THROWS_AS(report::choose_format("a.sarif.json", "jsonl", all, Format::text), diag::Error);
  }
  SECTION("a format the tool does not write, or no format at all, is a usage error") {
    CHECK_THROWS_AS(report::choose_format("", "text", machine, Format::jsonl), diag::Error);
    CHECK_THROWS_AS(report::choose_format("", "yaml", all, Format::text), diag::Error);
  }
}
