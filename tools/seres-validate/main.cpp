// seres-validate: validate documents against SERES-generated XSDs. See README.md.
#include "altkit/diag/exit_code.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/io/stdout.hpp"
#include "altkit/seres/validate_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
  using altkit::diag::ExitCode;
  altkit::seres::ValidateOptions o;
  std::string engine = "xerces";
  CLI::App app{"Validate XML documents against SERES-generated XML schemas.", "seres-validate"};
  app.footer(altkit::diag::k_exit_code_help);
  app.set_version_flag("--version", std::string("seres-validate ") + ALTKIT_VERSION);
  auto* schema = app.add_option("-s,--schema", o.schema, "validate every document against this XSD");
  auto* catalog = app.add_option("-c,--catalog", o.catalog, "pick each document's XSD from this directory")->excludes(schema);
  schema->excludes(catalog);
  app.add_option("-e,--engine", engine, "xerces (default), libxml2 or both")
      ->check(CLI::IsMember({"xerces", "libxml2", "both"}));
  app.add_option("-f,--format", o.format, "text (default), jsonl, junit or sarif")
      ->check(CLI::IsMember({"text", "jsonl", "junit", "sarif"}));
  app.add_option("-o,--output", o.output, "write the report to FILE (atomically) instead of stdout");
  app.add_flag("--allow-altinn-row-id", o.allow_altinn_row_id, "accept the altinnRowId attributes Altinn 3 adds");
  app.add_option("-j,--jobs", o.jobs, "documents validated in parallel")->check(CLI::Range(1u, 256u));
  app.add_flag("-q,--quiet", o.quiet, "no summary line");
  app.add_option("inputs", o.inputs, "XML files, directories, @list.txt, or - for stdin")->required();
  try {
    app.parse(argc, argv);
    if (o.schema.empty() && o.catalog.empty()) {
      throw CLI::RequiredError("--schema or --catalog");
    }
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  o.engine = altkit::schema::parse_engine(engine);
  altkit::diag::install_stop_handlers();
  try {
    return static_cast<int>(altkit::io::finish_stdout(altkit::seres::run_validate(o, std::cout, std::cerr), "seres-validate", std::cerr));
  } catch (const std::exception& e) {
    std::cerr << "seres-validate: internal error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::internal);
  }
}
