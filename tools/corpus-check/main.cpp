// corpus-check: bulk-check whole corpora on all cores. See README.md.
#include "common/cli.hpp"

#include "altkit/check/run.hpp"
#include "altkit/convert/values.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/report/format_choice.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  using altkit::report::Format;
  altkit::check::CheckOptions o;
  std::string format;
  std::string engine = "auto";
  std::string shard;
  altkit::check::MergeOptions mo;
  std::string merge_format;
  altkit::tools::Cli cli(
      "corpus-check", "Check whole corpora (directories, lists, zip/tar archives) against SERES schemas on all cores.");
  CLI::App& app = cli.app();
  cli.examples({{"route every document of a folder to its schema, with a report",
                 "corpus-check --catalog schemas/ --report report.jsonl incoming/"},
                {"only well-formedness, for the paths find gives",
                 "find incoming -name '*.xml' -print0 | corpus-check --well-formed --stdin-list -0"},
                {"what altut-convert would reject and leave out, for a whole folder",
                 "corpus-check --convert-check --map service-map.csv altut/"}});
  auto* merge = app.add_subcommand("merge", "combine the jsonl reports of the N shards of one run into its summary and "
                                            "report (refused: another run's report, a shard missing or twice, a "
                                            "report cut off or not adding up)");
  merge->add_option("reports", mo.reports, "jsonl reports of --shard K/N runs (all N)")->required();
  cli.add_report_options(*merge, mo.report, merge_format, {"jsonl", "junit", "sarif", "html"},
                         "write the merged report (atomically), as one run over everything writes it",
                         "merged report format: jsonl (default), junit, sarif or html");
  merge->add_flag("-q,--quiet", mo.quiet, "no summary");
  auto* schema = app.add_option("-s,--schema", o.schema, "validate every document against this XSD");
  auto* catalog =
      app.add_option("-c,--catalog", o.catalog, "pick each document's XSD from this directory")->excludes(schema);
  auto* wf = app.add_flag("--well-formed", o.well_formed, "only check that documents are well-formed")
                 ->excludes(schema)
                 ->excludes(catalog);
  app.add_flag("--convert-check", o.convert_check,
               "dry run of altut-convert on each AltUt file: what would be rejected or not carried over")
      ->excludes(schema)
      ->excludes(catalog)
      ->excludes(wf);
  cli.add_xml_catalog_option(app, o.xml_catalogs);
  cli.add_limit_options(app, o.limits);
  app.add_option("-m,--map", o.map, "service map CSV, for --convert-check");
  app.add_option("--map-encoding", o.map_encoding,
                 "the map's encoding when it is not UTF-8 (iconv names: windows-1252, latin1, ...)");
  std::string zone = "Europe/Oslo";
  app.add_option("--timezone", zone,
                 "for --convert-check: time zone for dates, as altut-convert (default Europe/Oslo)");
  app.add_option("-e,--engine", engine,
                 "auto (the default: the compiled engine where it covers the schema, else libxml2), compiled, "
                 "libxml2, xerces or both")
      ->check(CLI::IsMember({"xerces", "libxml2", "both", "compiled", "auto"}));
  cli.add_report_options(app, o.report, format, {"jsonl", "junit", "sarif", "html"},
                         "write a report (atomically): one line per document (jsonl), or junit/sarif/html",
                         "report format: jsonl (default), junit, sarif or html (one page with charts)");
  app.add_option("--journal", o.journal,
                 "record each finished document; the same command again goes on from there (a journal of "
                 "another run is refused)");
  app.add_flag("--restart", o.restart, "with --journal: empty a journal of another run and start over");
  app.add_flag("--fail-fast", o.fail_fast, "stop at the first document that is not valid");
  app.add_flag("--allow-altinn-row-id", o.allow_altinn_row_id, "accept the altinnRowId attributes Altinn 3 adds");
  cli.add_id_check_options(app, o.ids);
  app.add_flag("--deep", o.deep,
               "also validate each form embedded in a prefill batch (ServiceOwner FormData) against its own "
               "schema, routed by --catalog");
  app.add_option("-j,--jobs", o.jobs, "workers (default: all cores)")->check(CLI::Range(1u, 256u));
  app.add_option("--include", o.sources.include, "glob of files to take (default *.xml); repeatable")
      ->allow_extra_args(false);
  app.add_option("--exclude", o.sources.exclude, "glob of files to leave out; repeatable")->allow_extra_args(false);
  app.add_flag("--stdin-list", o.sources.stdin_list, "read more paths from stdin, one per line");
  app.add_flag("-0,--null", o.sources.nul_separated, "with --stdin-list: paths are NUL-separated");
  app.add_option("--shard", shard, "K/N: take the K-th of N disjoint shares (stable hash of the path)");
  app.add_flag("-q,--quiet", o.quiet, "no summary and no progress line");
  app.add_option("inputs", o.sources.operands, "directories, files, @list.txt, zip/tar archives");
  int rc = cli.parse(argc, argv, [&] {
    if (merge->parsed()) {
      mo.format = format_name(cli.report_format(
          mo.report, merge_format, {Format::jsonl, Format::junit, Format::sarif, Format::html}, Format::jsonl));
    } else {
      if (o.schema.empty() && o.catalog.empty() && !o.well_formed && !o.convert_check) {
        throw CLI::RequiredError("--schema, --catalog, --well-formed or --convert-check");
      }
      // The dry run converts dates as altut-convert would; the zone is set before any worker starts.
      if (auto why = o.convert_check ? altkit::convert::use_time_zone(zone) : std::string(); !why.empty()) {
        throw CLI::ValidationError("--timezone", why);
      }
      if (o.sources.operands.empty() && !o.sources.stdin_list) {
        throw CLI::RequiredError("inputs (or --stdin-list)");
      }
      if (!shard.empty()) {
        auto slash = shard.find('/');
        unsigned k = 0;
        unsigned n = 0;
        if (slash == std::string::npos || std::sscanf(shard.c_str(), "%u/%u", &k, &n) != 2 || n == 0 || k == 0 ||
            k > n) {
          throw CLI::ValidationError("--shard", "expected K/N with 1 <= K <= N, e.g. 2/3");
        }
        o.sources.shard = k;
        o.sources.shards = n;
      }
      o.format = format_name(cli.report_format(
          o.report, format, {Format::jsonl, Format::junit, Format::sarif, Format::html}, Format::jsonl));
    }
  });
  if (rc >= 0) {
    return rc;
  }
  altkit::diag::install_stop_handlers();
  if (merge->parsed()) {
    return altkit::tools::run_tool(cli.tool(), [&] { return altkit::check::run_merge(mo, std::cout, std::cerr); });
  }
  o.engine = altkit::schema::parse_engine(engine);
  o.time_zone = zone;
  o.data_dir = altkit::tools::data_dir(); // xsd/ and xslt/ for --convert-check
  return altkit::tools::run_tool(cli.tool(), [&] { return altkit::check::run_check(o, std::cout, std::cerr); });
}
