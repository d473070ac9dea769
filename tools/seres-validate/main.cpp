// seres-validate: validate documents against SERES-generated XSDs. See README.md.
#include "common/cli.hpp"

#include "altkit/diag/interrupt.hpp"
#include "altkit/report/format_choice.hpp"
#include "altkit/seres/validate_command.hpp"

#include <iostream>

int main(int argc, char** argv) {
  using altkit::report::Format;
  altkit::seres::ValidateOptions o;
  std::string engine = "xerces";
  std::string format;
  altkit::tools::Cli cli("seres-validate", "Validate XML documents against SERES-generated XML schemas.");
  CLI::App& app = cli.app();
  cli.examples(
      {{"one schema for every document", "seres-validate --schema Skjema.xsd form.xml"},
       {"let a catalog pick each document's schema, for a whole folder", "seres-validate --catalog schemas/ incoming/"},
       {"both engines, compared, with a SARIF report for code scanning",
        "seres-validate --engine both --report results.sarif --catalog schemas/ incoming/"}});
  auto* schema = app.add_option("-s,--schema", o.schema, "validate every document against this XSD");
  auto* catalog =
      app.add_option("-c,--catalog", o.catalog, "pick each document's XSD from this directory")->excludes(schema);
  schema->excludes(catalog);
  cli.add_xml_catalog_option(app, o.xml_catalogs);
  cli.add_limit_options(app, o.limits);
  app.add_option("-e,--engine", engine,
                 "xerces (default), libxml2, both, compiled or auto (compiled where it covers the schema, else "
                 "libxml2)")
      ->check(CLI::IsMember({"xerces", "libxml2", "both", "compiled", "auto"}));
  cli.add_report_options(app, o.report, format, {"text", "jsonl", "junit", "sarif", "html"},
                         "write the report to FILE (atomically); default: text on stderr, other formats on stdout",
                         "text (default), jsonl, junit, sarif or html (one page with charts)");
  auto* old_output = cli.deprecated_alias(app, "-o,--output", o.report, "--report");
  app.add_flag("--allow-altinn-row-id", o.allow_altinn_row_id, "accept the altinnRowId attributes Altinn 3 adds");
  cli.add_id_check_options(app, o.ids);
  app.add_flag("--deep", o.deep,
               "also validate each form embedded in a prefill batch (ServiceOwner FormData) against its own "
               "schema, routed by --catalog");
  app.add_option("-j,--jobs", o.jobs, "documents validated in parallel")->check(CLI::Range(1u, 256u));
  app.add_option("--include", o.include, "glob of files a directory walk takes (default *.xml); repeatable")
      ->allow_extra_args(false);
  app.add_option("--exclude", o.exclude, "glob of files a directory walk leaves out; repeatable")
      ->allow_extra_args(false);
  app.add_flag("-q,--quiet", o.quiet, "no summary line");
  app.add_option("inputs", o.inputs, "XML files, directories, @list.txt, or - for stdin")->required();
  int rc = cli.parse(argc, argv, [&] {
    if (old_output->count() > 0 && app.get_option("--report")->count() > 0) {
      throw CLI::ValidationError("-o/--output is the old spelling of --report: give --report only");
    }
    if (o.schema.empty() && o.catalog.empty()) {
      throw CLI::RequiredError("--schema or --catalog");
    }
    o.format = format_name(cli.report_format(
        o.report, format, {Format::text, Format::jsonl, Format::junit, Format::sarif, Format::html}, Format::text));
  });
  if (rc >= 0) {
    return rc;
  }
  o.engine = altkit::schema::parse_engine(engine);
  altkit::diag::install_stop_handlers();
  return altkit::tools::run_tool(cli.tool(), [&] { return altkit::seres::run_validate(o, std::cout, std::cerr); });
}
