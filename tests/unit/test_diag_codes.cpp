#include "altkit/diag/codes.hpp"
#include "altkit/report/reporter.hpp"
#include "altkit/validate/result.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

using namespace altkit;
using diag::CodeInfo;
using diag::ExitCode;
using diag::Severity;

namespace {

bool kebab_case(std::string_view s) {
  static const std::regex k_kebab("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  return std::regex_match(s.begin(), s.end(), k_kebab);
}

// What a README section says: each code it names, with the exit class of its group.
using CodeList = std::map<std::string, int>;

// Reads the "### Finding codes (<tool>)" sections of README.md. Within a section, backticked
// codes are gathered until "(... exit N)" or "no effect on the exit code" names their class; a
// code named again after it was classed is a mention, not a new entry.
std::map<std::string, CodeList> readme_code_lists(const std::string& text, std::vector<std::string>& problems) {
  std::map<std::string, CodeList> out;
  static const std::regex k_heading("^### Finding codes \\(([a-z-]+)\\)$");
  static const std::regex k_token("`([a-z][a-z0-9]*(?:-[a-z0-9]+)*)`|exit ([0-9]+)\\)|no effect on the exit code");
  std::istringstream in(text);
  std::string line;
  std::string tool;
  std::string body;
  auto close = [&]() {
    if (tool.empty()) {
      return;
    }
    CodeList& list = out[tool];
    std::vector<std::string> pending;
    for (auto it = std::sregex_iterator(body.begin(), body.end(), k_token); it != std::sregex_iterator(); ++it) {
      const std::smatch& m = *it;
      if (m[1].matched) {
        if (list.count(m[1].str()) == 0) {
          pending.push_back(m[1].str());
        }
        continue;
      }
      int exit = m[2].matched ? std::stoi(m[2].str()) : 0;
      for (const auto& c : pending) {
        list[c] = exit;
      }
      pending.clear();
    }
    for (const auto& c : pending) {
      problems.push_back(tool + ": `" + c + "` is named with no exit class after it");
    }
    tool.clear();
    body.clear();
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == '#') {
      close();
      std::smatch m;
      if (std::regex_match(line, m, k_heading)) {
        tool = m[1].str();
        if (out.count(tool) != 0) {
          problems.push_back("two sections for " + tool);
        }
        out[tool];
      }
      continue;
    }
    if (!tool.empty()) {
      body += line + "\n";
    }
  }
  close();
  return out;
}

std::string read_readme() {
  std::ifstream in(std::string(ALTKIT_CORPUS_DIR) + "/../README.md");
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

TEST_CASE("diag::k_codes") {
  std::set<std::string_view> names;
  for (const CodeInfo& c : diag::k_codes) {
    INFO(c.name);
    CHECK(kebab_case(c.name));
    CHECK(names.insert(c.name).second); // unique
    CHECK(diag::find_code(c.name) == &c);
    // One line, a sentence; help says more than the line.
    CHECK(!c.summary.empty());
    CHECK(c.summary.find('\n') == std::string_view::npos);
    CHECK(c.summary.back() == '.');
    CHECK(c.help.size() > 10);
    CHECK(c.help.back() == '.');
    // An exit class a finding can call for: never usage, internal or interrupted.
    CHECK((c.exit_class == ExitCode::ok || c.exit_class == ExitCode::findings || c.exit_class == ExitCode::unreadable ||
           c.exit_class == ExitCode::load_failed || c.exit_class == ExitCode::write_failed));
    // Warnings and notes leave the exit code alone; errors call for one.
    bool quiet = c.severity == Severity::warning || c.severity == Severity::note;
    CHECK(quiet == (c.exit_class == ExitCode::ok));
    // Input that cannot be read stops the document: a fatal error; so does a failed write.
    if (c.exit_class == ExitCode::unreadable || c.exit_class == ExitCode::write_failed) {
      CHECK(c.severity == Severity::fatal);
    } else {
      CHECK(c.severity != Severity::fatal);
    }
    // Some tool emits it, and only tools that exist.
    unsigned all = 0;
    for (diag::Tool t : diag::k_tools) {
      all |= static_cast<unsigned>(t);
    }
    CHECK(c.tools != 0);
    CHECK((c.tools & ~all) == 0);
  }
  CHECK(names.size() == std::size(diag::k_codes));
}

TEST_CASE("diag::find_code") {
  CHECK(diag::find_code("value-pattern") == &diag::code::value_pattern);
  CHECK(diag::find_code("value-pattern")->exit_class == ExitCode::findings);
  CHECK(diag::find_code("not-well-formed")->exit_class == ExitCode::unreadable);
  CHECK(diag::find_code("map-conflict")->exit_class == ExitCode::load_failed);
  CHECK(diag::find_code("write-failed")->exit_class == ExitCode::write_failed);
  CHECK(diag::find_code("value_pattern") == nullptr);
  CHECK(diag::find_code("") == nullptr);
  static_assert(diag::code_index("nil") < diag::k_code_count && diag::k_codes[diag::code_index("nil")].name == "nil",
                "usable at compile time");
  // The engines' classifiers still use C strings: they are the registry's names.
  CHECK(std::string_view(validate::code::not_well_formed) == diag::code::not_well_formed.name);
  CHECK(diag::find_code(validate::code::engines_disagree) == &diag::code::engines_disagree);
}

TEST_CASE("diag::Diagnostic::of") {
  diag::Diagnostic d = diag::Diagnostic::of(diag::code::value_pattern)
                           .at("input", 3, 7)
                           .path("/melding/x[2]")
                           .message("value 'x' does not match")
                           .engine("xerces");
  CHECK(d.file == "input");
  CHECK(d.line == 3);
  CHECK(d.column == 7);
  CHECK(d.path == "/melding/x[2]");
  CHECK(d.severity == Severity::error);
  CHECK(d.code == "value-pattern");
  CHECK(d.message == "value 'x' does not match");
  CHECK(d.engine == "xerces");
  CHECK(d.is(diag::code::value_pattern));
  CHECK(!d.is(diag::code::value_length));
  CHECK(diag::format_gnu("t", d) == "t: input:3:7: error: value 'x' does not match [value-pattern]");

  // The severity is the registry's unless chosen.
  CHECK(diag::Diagnostic(diag::Diagnostic::of(diag::code::not_well_formed)).severity == Severity::fatal);
  CHECK(diag::Diagnostic(diag::Diagnostic::of(diag::code::schema_warning)).severity == Severity::warning);
  CHECK(diag::Diagnostic(diag::Diagnostic::of(diag::code::lost_field)).severity == Severity::note);
  CHECK(diag::Diagnostic(diag::Diagnostic::warning(diag::code::unmapped_form)).severity == Severity::warning);
  CHECK(diag::Diagnostic(diag::Diagnostic::of(diag::code::unmapped_form).severity(Severity::warning)).severity ==
        Severity::warning);
  CHECK(diag::Diagnostic(diag::Diagnostic::fatal(diag::code::unreadable)).severity == Severity::fatal);
  CHECK(diag::Diagnostic(diag::Diagnostic::note(diag::code::lost_field)).severity == Severity::note);
  CHECK(diag::Diagnostic(diag::Diagnostic::error(diag::code::nil)).severity == Severity::error);

  // Parts left out stay empty; position() sets the place without a file.
  diag::Diagnostic p = diag::Diagnostic::of(diag::code::not_altut).position(12, 5).message("m");
  CHECK(p.file.empty());
  CHECK(p.line == 12);
  CHECK(p.column == 5);
  CHECK(p.path.empty());
  CHECK(p.engine.empty());
  CHECK(diag::format_gnu("t", p) == "t: fatal error: m [not-altut]");

  // It converts wherever a Diagnostic is taken.
  diag::DiagnosticSink sink;
  sink.add(diag::Diagnostic::of(diag::code::catalog_empty).at("dir").message("catalog holds no .xsd file"));
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.has_errors());
  CHECK(sink.items()[0].code == "catalog-empty");
}

TEST_CASE("diag::exit_class") {
  CHECK(diag::exit_class(diag::Diagnostic::of(diag::code::value_range)) == ExitCode::findings);
  CHECK(diag::exit_class(diag::Diagnostic::of(diag::code::doctype_forbidden)) == ExitCode::unreadable);
  CHECK(diag::exit_class(diag::Diagnostic::of(diag::code::stylesheet_error)) == ExitCode::load_failed);
  CHECK(diag::exit_class(diag::Diagnostic::of(diag::code::write_failed)) == ExitCode::write_failed);
  CHECK(diag::exit_class(diag::Diagnostic::of(diag::code::schema_lint)) == ExitCode::ok);
  // A warning never sets the exit code; the same code as an error does (replyref --strict).
  CHECK(diag::exit_class(diag::Diagnostic::warning(diag::code::unmapped_form)) == ExitCode::ok);
  CHECK(diag::exit_class(diag::Diagnostic::error(diag::code::unmapped_form)) == ExitCode::findings);
  diag::Diagnostic unknown;
  unknown.code = "something-else";
  CHECK(diag::exit_class(unknown) == ExitCode::findings);
}

TEST_CASE("report::make_reporter sarif rules come from the registry") {
  validate::DocumentResult r;
  r.file = "a.xml";
  r.verdict = validate::Verdict::invalid;
  r.diagnostics.push_back(diag::Diagnostic::of(diag::code::value_pattern).at("a.xml", 2, 3).message("m"));
  r.diagnostics.push_back(diag::Diagnostic::of(diag::code::not_routed).at("a.xml", 1, 9).message("n"));
  diag::Diagnostic unknown;
  unknown.file = "a.xml";
  unknown.code = "from-elsewhere";
  unknown.message = "o";
  r.diagnostics.push_back(unknown);
  std::ostringstream out;
  auto rep = report::make_reporter(report::Format::sarif, "tool", out);
  rep->document(r);
  rep->finish(report::Summary{});
  auto j = nlohmann::json::parse(out.str());
  const auto& rules = j["runs"][0]["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 3);
  CHECK(rules[0]["id"] == "value-pattern");
  CHECK(rules[0]["shortDescription"]["text"] == std::string(diag::code::value_pattern.summary));
  CHECK(rules[0]["help"]["text"] == std::string(diag::code::value_pattern.help));
  CHECK(rules[1]["id"] == "not-routed");
  CHECK(rules[1]["shortDescription"]["text"] == std::string(diag::code::not_routed.summary));
  CHECK(rules[1]["help"]["text"] == std::string(diag::code::not_routed.help));
  CHECK(rules[2]["id"] == "from-elsewhere");
  CHECK(rules[2]["shortDescription"]["text"] == "Finding from-elsewhere.");
  CHECK(!rules[2].contains("help"));
}

TEST_CASE("README's finding codes match the registry") {
  std::vector<std::string> problems;
  auto lists = readme_code_lists(read_readme(), problems);
  for (const auto& p : problems) {
    FAIL_CHECK(p);
  }
  for (diag::Tool t : diag::k_tools) {
    const std::string tool(diag::tool_name(t));
    INFO("README section: ### Finding codes (" << tool << ")");
    REQUIRE(lists.count(tool) == 1);
    const CodeList& readme = lists[tool];
    CodeList registry;
    for (const CodeInfo& c : diag::k_codes) {
      if (c.emitted_by(t)) {
        registry[std::string(c.name)] = static_cast<int>(c.exit_class);
      }
    }
    for (const auto& [name, exit] : readme) {
      INFO("README names " << name << " with exit " << exit);
      REQUIRE(registry.count(name) == 1);
      CHECK(registry[name] == exit);
    }
    for (const auto& [name, exit] : registry) {
      INFO("the registry has " << name << " (exit " << exit << ")");
      CHECK(readme.count(name) == 1);
    }
  }
  CHECK(lists.size() == std::size(diag::k_tools)); // no section for a tool that does not exist
}

TEST_CASE("readme_code_lists reads groups and mentions") {
  std::vector<std::string> problems;
  auto lists = readme_code_lists("## x\n### Finding codes (t)\n\n`a-b`, `c` (exit 3); `d` (a note; no effect on "
                                 "the exit code).\n`a-b` again, `--strict` and `Not`.\n### Other\n`e` (exit 1)\n",
                                 problems);
  CHECK(problems.empty());
  REQUIRE(lists.size() == 1);
  CHECK(lists["t"] == CodeList{{"a-b", 3}, {"c", 3}, {"d", 0}});
  readme_code_lists("### Finding codes (t)\n`a` (exit 1), `b` alone\n", problems);
  CHECK(problems.size() == 1);
}
