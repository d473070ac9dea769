#pragma once
// What every altkit tool's main shares (README: "One vocabulary"): the report options, the
// deprecated spellings kept for one release, command-line parsing that names an unknown flag
// before anything else, and run_tool, which turns a run's outcome into the exit code.
// CLI11 stays here, out of the library.

#include "altkit/diag/exit_code.hpp"
#include "altkit/report/reporter.hpp"
#include "altkit/validate/id_flags.hpp"
#include "altkit/xml/limits.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::tools {

/// A CLI11 app with the house rules: the exit-code table as footer, --version, and the
/// deprecated spellings registered with deprecated_alias() warned about once parsed.
class Cli {
public:
  Cli(std::string tool, const std::string& description);

  CLI::App& app() { return m_app; }

  /// One example for --help: what it does, and the command line, real and runnable as written
  /// (tests/package/man_help.sh runs them; the tool's man page, docs/man/, shows the same ones).
  struct Example {
    std::string what;
    std::string command;
  };
  /// Ends --help with `list` after the exit codes, as "Examples:" and then "  # what" and
  /// "  $ command" lines. Subcommands made after this call show them too.
  void examples(const std::vector<Example>& list);
  const std::string& tool() const { return m_tool; }

  /// `--report FILE` (- for stdout) and `-f/--format FMT`, one of `formats` (or of `hidden_values`,
  /// accepted for an old spelling but not shown), on `app`.
  void add_report_options(CLI::App& app, std::string& report, std::string& format,
                          const std::vector<std::string>& formats, const std::string& report_help,
                          const std::string& format_help, const std::vector<std::string>& hidden_values = {});

  /// After parsing: the report's format (report::choose_format). A contradiction between -f and
  /// the report's extension, or a format the tool does not write, is a usage error (throws CLI::ValidationError).
  report::Format report_format(const std::string& report, const std::string& format,
                               const std::vector<report::Format>& supported, report::Format fallback) const;

  /// `--xml-catalog FILE` (repeatable) into `files`; once parsed, the files named by
  /// XML_CATALOG_FILES are added after them (xml::catalog_files_from_env).
  void add_xml_catalog_option(CLI::App& app, std::vector<std::string>& files);

  /// The identifier checks (seres-validate, corpus-check): `--check-ids`, and needing it,
  /// `--allow-synthetic-ids`, `--check-id KIND=PATH` (repeatable) and `--id-paths FILE`.
  void add_id_check_options(CLI::App& app, validate::IdFlags& flags);

  /// `--max-document-size`, `--max-attributes`, `--max-namespaces` and `--time-budget` into
  /// `limits` (README, "Limits"); a value that does not parse is a usage error.
  void add_limit_options(CLI::App& app, xml::ParseLimits& limits);

  /// A hidden, deprecated spelling (`names`, e.g. "-o,--output") of the option now spelt `now`:
  /// its value goes to `target`, and using it warns once on stderr.
  template <class T>
  CLI::Option* deprecated_alias(CLI::App& app, const std::string& names, T& target, const std::string& now) {
    CLI::Option* opt = app.add_option(names, target)->group("");
    m_aliases.push_back({opt, now});
    return opt;
  }
  /// The same for a flag.
  CLI::Option* deprecated_flag(CLI::App& app, const std::string& names, bool& target, const std::string& now);

  /// Writes "tool: warning: OLD is deprecated; use NEW" to stderr.
  void warn_deprecated(const std::string& old_spelling, const std::string& new_spelling) const;

  /// Parses argv, then runs `check` (the tool's own rules: throw a CLI::ParseError). An unknown
  /// flag is named before any missing required option or input. Returns -1 to go on, or the exit
  /// code to end with: 0 after --help/--version, 2 (usage) otherwise; CLI11's own codes never leak.
  int parse(int argc, char** argv, const std::function<void()>& check = {});

private:
  struct Alias {
    CLI::Option* option;
    std::string now;
  };
  std::string m_tool;
  CLI::App m_app;
  std::vector<Alias> m_aliases;
  std::vector<std::string>* m_xml_catalogs = nullptr;
};

/// Runs the tool's library function and returns the process exit code: a diag::Error escaping it
/// is said in one line and ends with its own code, any other exception with internal (70);
/// standard output is flushed and checked last (io::finish_stdout: exit 5 when it failed).
int run_tool(std::string_view tool, const std::function<diag::ExitCode()>& run);

/// Where xsd/ and xslt/ are: $ALTKIT_DATA_DIR, else ../share/altkit beside an installed tool
/// (a package), else the source tree the tool was built from.
std::string data_dir();

} // namespace altkit::tools
