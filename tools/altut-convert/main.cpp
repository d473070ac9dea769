// altut-convert: Altinn I AltUt messages to Altinn II correspondence. See README.md.
#include "common/cli.hpp"

#include "altkit/convert/command.hpp"
#include "altkit/convert/values.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/ident/ident.hpp"
#include "altkit/report/format_choice.hpp"

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  using altkit::report::Format;
  altkit::convert::ConvertCommandOptions o;
  std::string zone = "Europe/Oslo";
  std::string to;
  std::string format;
  altkit::tools::Cli cli("altut-convert",
                         "Convert Altinn I AltUt messages into Altinn II correspondence (Correspondences batch files), "
                         "accounting for every message and field.");
  CLI::App& app = cli.app();
  cli.examples({{"convert a folder of AltUt files, with a report of every message and field",
                 "altut-convert --map service-map.csv -o converted/ --report report.jsonl altut/"},
                {"what would be converted and rejected, writing nothing",
                 "altut-convert --map service-map.csv --dry-run altut/"},
                {"InsertCorrespondenceV2 payloads instead of batch files",
                 "altut-convert --map service-map.csv --to insert-v2 -o payloads/ altut/"}});
  app.add_option("-m,--map", o.map, "service map CSV (legacy shortNames, Altinn I form references)");
  app.add_option("--map-encoding", o.map_encoding,
                 "the map's encoding when it is not UTF-8 (iconv names: windows-1252, latin1, ...)");
  app.add_option(
         "--to", to,
         "correspondences (the batch file, default), insert-v2 (InsertCorrespondenceV2 payloads, one per file) or "
         "altinn3 (Altinn 3 requests, one folder per Correspondence)")
      ->check(CLI::IsMember({"correspondences", "insert-v2", "altinn3"}));
  app.add_option("--sender", o.sender, "altinn3: the sending organisation's organisasjonsnummer (required)");
  app.add_flag("--allow-synthetic-ids", o.allow_synthetic_ids,
               "altinn3: accept synthetic test fødselsnummer (month + 40 or + 80) as recipients");
  auto* out = app.add_option("-o,--output-dir", o.output_dir, "write outputs under OUTDIR");
  auto* dry = app.add_flag("-n,--dry-run", o.dry_run, "convert and report, write no output");
  out->excludes(dry);
  // -f correspondences|insert-v2 is the output kind's old spelling (now --to), warned about below.
  cli.add_report_options(app, o.report, format, {"jsonl", "html"},
                         "report: per message, status, reject reason, fields not carried over (JSON Lines), or one "
                         "page with charts (html)",
                         "report format: jsonl (default) or html", {"correspondences", "insert-v2"});
  app.add_flag("--strict", o.strict, "reject a message whose reply option names an Altinn I form the map lacks");
  app.add_option("--timezone", zone, "time zone for dates and dateTimes (default Europe/Oslo)");
  app.add_flag("--with-offset", o.with_offset,
               "write dateTimes with their UTC offset (default: local time, no offset)");
  app.add_option("--batch-size", o.batch_size, "at most N Correspondence per output file (consecutive SequenceNo)")
      ->check(CLI::PositiveNumber);
  app.add_flag("--latin1-as-windows-1252", o.latin1_as_windows_1252,
               "read files declared ISO-8859-1 as Windows-1252 (bytes 0x80-0x9F as the letters Windows means)");
  app.add_option("--stylesheet", o.stylesheet, "XSLT to use instead of xslt/altut-to-correspondences.xsl");
  app.add_option("-j,--jobs", o.jobs, "files converted in parallel")->check(CLI::Range(1u, 256u));
  app.add_option("--include", o.include, "glob of files a directory walk takes (default *.xml); repeatable")
      ->allow_extra_args(false);
  app.add_option("--exclude", o.exclude, "glob of files a directory walk leaves out; repeatable")
      ->allow_extra_args(false);
  app.add_flag("-q,--quiet", o.quiet, "no summary lines");
  app.add_option("inputs", o.inputs, "AltUt files, directories, @list.txt, or - for stdin")->required();
  int rc = cli.parse(argc, argv, [&] {
    if (format == "correspondences" || format == "insert-v2") {
      cli.warn_deprecated("--format " + format, "--to " + format);
      if (!to.empty() && to != format) {
        throw CLI::ValidationError("--to " + to + " and --format " + format + " name different outputs");
      }
      to = format;
      format.clear();
    }
    o.to = to.empty() ? "correspondences" : to;
    o.format = format_name(cli.report_format(o.report, format, {Format::jsonl, Format::html}, Format::jsonl));
    if (o.to == "insert-v2" && o.batch_size != 0) {
      throw CLI::ValidationError("--batch-size",
                                 "applies to --to correspondences only (insert-v2 writes one payload per file)");
    }
    if (o.to == "altinn3" && o.batch_size != 0) {
      throw CLI::ValidationError("--batch-size",
                                 "applies to --to correspondences only (altinn3 writes one folder each)");
    }
    if (o.to != "altinn3" && (!o.sender.empty() || o.allow_synthetic_ids)) {
      throw CLI::ValidationError("--sender and --allow-synthetic-ids", "apply to --to altinn3 only");
    }
    if (o.to == "altinn3" && !altkit::ident::check_organisasjonsnummer(o.sender).ok()) {
      throw CLI::ValidationError("--sender", o.sender.empty() ? "--to altinn3 needs the sending organisation's "
                                                                "organisasjonsnummer"
                                                              : "'" + o.sender + "' is not an organisasjonsnummer");
    }
    if (o.output_dir.empty() && !o.dry_run) {
      throw CLI::RequiredError("-o/--output-dir (or --dry-run)");
    }
    // Dates are converted in this zone (localtime_r/mktime); set before any thread starts.
    if (auto why = altkit::convert::use_time_zone(zone); !why.empty()) {
      throw CLI::ValidationError("--timezone", why);
    }
  });
  if (rc >= 0) {
    return rc;
  }
  // xsd/ and xslt/ ship beside the sources; ALTKIT_DATA_DIR points elsewhere (an installation).
  o.data_dir = altkit::tools::data_dir();
  altkit::diag::install_stop_handlers();
  return altkit::tools::run_tool(cli.tool(), [&] { return altkit::convert::run_convert(o, std::cout, std::cerr); });
}
