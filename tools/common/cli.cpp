#include "common/cli.hpp"

#include "altkit/diag/error.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/io/stdout.hpp"
#include "altkit/report/format_choice.hpp"
#include "altkit/xml/xml_catalog.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace altkit::tools {

namespace {

/// "-o,--output" -> "-o/--output", as the deprecation warning names it.
std::string spelling(const CLI::Option& opt) {
  std::string names;
  for (const auto& s : opt.get_snames()) {
    names += (names.empty() ? "-" : "/-") + s;
  }
  for (const auto& l : opt.get_lnames()) {
    names += (names.empty() ? "--" : "/--") + l;
  }
  return names;
}

void allow_extras(CLI::App& app) {
  // Unknown arguments are collected, not thrown at once, so parse() can name them first.
  app.allow_extras();
  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    allow_extras(*sub);
  }
}

} // namespace

Cli::Cli(std::string tool, const std::string& description) : m_tool(std::move(tool)), m_app(description, m_tool) {
  m_app.footer(diag::k_exit_code_help);
  m_app.set_version_flag("--version", m_tool + " " + ALTKIT_VERSION);
}

void Cli::examples(const std::vector<Example>& list) {
  std::string text = std::string(diag::k_exit_code_help) + "\n\nExamples:";
  for (const auto& e : list) {
    text += "\n  # " + e.what + "\n  $ " + e.command;
  }
  m_app.footer(text);
}

void Cli::add_report_options(CLI::App& app, std::string& report, std::string& format,
                             const std::vector<std::string>& formats, const std::string& report_help,
                             const std::string& format_help, const std::vector<std::string>& hidden_values) {
  app.add_option("--report", report, report_help + "; - for stdout");
  std::string help = format_help;
  if (formats.size() > 1) {
    help += "; without it, --report's extension decides (.jsonl .json: jsonl, .xml: junit, .sarif .sarif.json: "
            "sarif, .txt .log: text, .html .htm: html)";
  }
  std::string names;
  for (const auto& f : formats) {
    names += (names.empty() ? "" : ",") + f;
  }
  // Like CLI::IsMember, but values kept only for an old spelling are accepted without being shown.
  CLI::Validator member(
      [formats, hidden_values](std::string& value) {
        bool known = std::find(formats.begin(), formats.end(), value) != formats.end() ||
                     std::find(hidden_values.begin(), hidden_values.end(), value) != hidden_values.end();
        return known ? std::string() : value + " not in {" + CLI::detail::join(formats, ",") + "}";
      },
      "{" + names + "}");
  app.add_option("-f,--format", format, help)->check(member);
}

report::Format Cli::report_format(const std::string& report, const std::string& format,
                                  const std::vector<report::Format>& supported, report::Format fallback) const {
  try {
    return report::choose_format(report, format, supported, fallback);
  } catch (const diag::Error& e) {
    throw CLI::ValidationError(e.what());
  }
}

CLI::Option* Cli::deprecated_flag(CLI::App& app, const std::string& names, bool& target, const std::string& now) {
  CLI::Option* opt = app.add_flag(names, target)->group("");
  m_aliases.push_back({opt, now});
  return opt;
}

void Cli::warn_deprecated(const std::string& old_spelling, const std::string& new_spelling) const {
  std::cerr << m_tool << ": warning: " << old_spelling << " is deprecated; use " << new_spelling << '\n';
}

void Cli::add_xml_catalog_option(CLI::App& app, std::vector<std::string>& files) {
  app.add_option("--xml-catalog", files,
                 "OASIS XML catalog mapping schema import/include locations (URLs) to local files; repeatable; "
                 "XML_CATALOG_FILES adds more")
      ->type_name("FILE")
      ->allow_extra_args(false);
  m_xml_catalogs = &files;
}

void Cli::add_id_check_options(CLI::App& app, validate::IdFlags& flags) {
  CLI::Option* on = app.add_flag("--check-ids", flags.check_ids,
                                 "check the organisasjonsnummer, fodselsnummer/D-nummer and kontonummer in the "
                                 "elements the schema says hold one (MOD11, real dates)");
  app.add_flag("--allow-synthetic-ids", flags.allow_synthetic,
               "with --check-ids: accept synthetic test persons (month + 40 or + 80)")
      ->needs(on);
  app.add_option("--check-id", flags.specs,
                 "with --check-ids: check the elements at PATH as KIND (orgnr, fnr, kontonr, none); PATH is "
                 "/a/b/c or //name; repeatable")
      ->type_name("KIND=PATH")
      ->allow_extra_args(false)
      ->needs(on);
  app.add_option("--id-paths", flags.file, "with --check-ids: a file of KIND=PATH lines, as --check-id")
      ->type_name("FILE")
      ->needs(on);
}

void Cli::add_limit_options(CLI::App& app, xml::ParseLimits& limits) {
  // A value that does not parse is a usage error naming the option (CLI::ValidationError, exit 2).
  auto size = [](const std::string& name, std::uint64_t& target) {
    return [name, &target](const std::string& v) {
      try {
        target = xml::parse_size(v);
      } catch (const std::invalid_argument& e) {
        throw CLI::ValidationError(name, e.what());
      }
    };
  };
  auto count = [](const std::string& name, std::size_t& target) {
    return [name, &target](const std::string& v) {
      try {
        std::uint64_t n = xml::parse_size(v);
        if (n > 100'000'000) {
          throw std::invalid_argument("at most 100000000");
        }
        target = static_cast<std::size_t>(n);
      } catch (const std::invalid_argument& e) {
        throw CLI::ValidationError(name, e.what());
      }
    };
  };
  app.add_option_function<std::string>("--max-document-size", size("--max-document-size", limits.max_document_bytes),
                                       "largest document (or archive member) read, e.g. 512M (default 1G; 0: none)")
      ->type_name("SIZE");
  app.add_option_function<std::string>("--max-attributes", count("--max-attributes", limits.max_attributes),
                                       "most attributes on one element (default 10000; 0: none)")
      ->type_name("N");
  app.add_option_function<std::string>("--max-namespaces", count("--max-namespaces", limits.max_namespaces),
                                       "most namespace declarations on one element (default 1000; 0: none)")
      ->type_name("N");
  app.add_option_function<std::string>(
         "--time-budget",
         [&limits](const std::string& v) {
           try {
             limits.time_budget = xml::parse_duration(v);
           } catch (const std::invalid_argument& e) {
             throw CLI::ValidationError("--time-budget", e.what());
           }
         },
         "longest time one document may take, in seconds, e.g. 90 or 500ms (default 60; 0: none)")
      ->type_name("SECONDS");
}

int Cli::parse(int argc, char** argv, const std::function<void()>& check) {
  allow_extras(m_app);
  try {
    try {
      m_app.parse(argc, argv);
    } catch (const CLI::RequiredError&) {
      if (auto extra = m_app.remaining(true); !extra.empty()) {
        throw CLI::ExtrasError(extra); // the unknown flag is the first thing to fix
      }
      throw;
    }
    if (auto extra = m_app.remaining(true); !extra.empty()) {
      throw CLI::ExtrasError(extra);
    }
    for (const auto& a : m_aliases) {
      if (a.option->count() > 0) {
        warn_deprecated(spelling(*a.option), a.now);
      }
    }
    if (m_xml_catalogs != nullptr) {
      for (auto& f : xml::catalog_files_from_env(std::getenv("XML_CATALOG_FILES"))) {
        m_xml_catalogs->push_back(std::move(f));
      }
    }
    if (check) {
      check();
    }
  } catch (const CLI::ParseError& e) {
    int rc = m_app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(diag::ExitCode::usage);
  }
  return -1;
}

int run_tool(std::string_view tool, const std::function<diag::ExitCode()>& run) {
  diag::ExitCode code = diag::ExitCode::internal;
  try {
    code = run();
  } catch (const diag::Error& e) {
    std::cerr << tool << ": " << e.what() << '\n';
    code = e.code();
  } catch (const std::exception& e) {
    std::cerr << tool << ": internal error: " << e.what() << '\n';
    code = diag::ExitCode::internal;
  } catch (...) {
    std::cerr << tool << ": internal error: unknown exception\n";
    code = diag::ExitCode::internal;
  }
  int rc = static_cast<int>(io::finish_stdout(code, tool, std::cerr));
  if (diag::abandoned_workers() > 0) {
    // A worker is still stuck in a library call (diag/interrupt.hpp): end now, without the
    // destructors that would free what it uses. Everything was written and flushed above.
    std::cerr.flush();
    std::_Exit(rc);
  }
  return rc;
}

std::string data_dir() {
  if (const char* env = std::getenv("ALTKIT_DATA_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "altkit";
    if (std::filesystem::is_directory(installed / "xslt", ec)) {
      return installed.string();
    }
  }
  return ALTKIT_SOURCE_DIR;
}

} // namespace altkit::tools
