// altut-convert: Altinn I AltUt messages to Altinn II correspondence. See README.md.
#include "altkit/convert/command.hpp"
#include "altkit/convert/values.hpp"
#include "altkit/diag/exit_code.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/io/stdout.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  using altkit::diag::ExitCode;
  altkit::convert::ConvertCommandOptions o;
  std::string zone = "Europe/Oslo";
  CLI::App app{"Convert Altinn I AltUt messages into Altinn II correspondence (Correspondences batch files), "
               "accounting for every message and field.",
               "altut-convert"};
  app.footer(altkit::diag::k_exit_code_help);
  app.set_version_flag("--version", std::string("altut-convert ") + ALTKIT_VERSION);
  app.add_option("-m,--map", o.map, "service map CSV (legacy shortNames, Altinn I form references)");
  app.add_option("-f,--format", o.format,
                 "correspondences (the batch file, default) or insert-v2 (InsertCorrespondenceV2 payloads, one per file)")
      ->check(CLI::IsMember({"correspondences", "insert-v2"}));
  auto* out = app.add_option("-o,--output-dir", o.output_dir, "write outputs under OUTDIR");
  auto* dry = app.add_flag("-n,--dry-run", o.dry_run, "convert and report, write no output");
  out->excludes(dry);
  app.add_option("--report", o.report, "JSON Lines report: per message, status, reject reason, fields not carried over")
      ->check([](const std::string& v) {
        // Written atomically beside its path, so it must be a file, not stdout.
        return v == "-" ? std::string("the report is written atomically to a file: give a path, not -") : std::string();
      });
  app.add_flag("--strict", o.strict, "reject a message whose reply option names an Altinn I form the map lacks");
  app.add_option("--timezone", zone, "time zone for dates and dateTimes (default Europe/Oslo)");
  app.add_flag("--with-offset", o.with_offset, "write dateTimes with their UTC offset (default: local time, no offset)");
  app.add_option("--batch-size", o.batch_size, "at most N Correspondence per output file (consecutive SequenceNo)")
      ->check(CLI::PositiveNumber);
  app.add_option("--stylesheet", o.stylesheet, "XSLT to use instead of xslt/altut-to-correspondences.xsl");
  app.add_option("-j,--jobs", o.jobs, "files converted in parallel")->check(CLI::Range(1u, 256u));
  app.add_flag("-q,--quiet", o.quiet, "no summary lines");
  app.add_option("inputs", o.inputs, "AltUt files, directories, @list.txt, or - for stdin")->required();
  try {
    app.parse(argc, argv);
    if (o.format == "insert-v2" && o.batch_size != 0) {
      throw CLI::ValidationError("--batch-size", "applies to the correspondences format only (insert-v2 writes one payload per file)");
    }
    if (o.output_dir.empty() && !o.dry_run) {
      throw CLI::RequiredError("-o/--output-dir (or --dry-run)");
    }
    // Dates are converted in this zone (localtime_r/mktime); set before any thread starts.
    if (auto why = altkit::convert::use_time_zone(zone); !why.empty()) {
      throw CLI::ValidationError("--timezone", why);
    }
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  // xsd/ and xslt/ ship beside the sources; ALTKIT_DATA_DIR points elsewhere (an installation).
  const char* data = std::getenv("ALTKIT_DATA_DIR");
  o.data_dir = data != nullptr ? data : ALTKIT_SOURCE_DIR;
  altkit::diag::install_stop_handlers();
  try {
    return static_cast<int>(altkit::io::finish_stdout(altkit::convert::run_convert(o, std::cerr), "altut-convert", std::cerr));
  } catch (const std::exception& e) {
    std::cerr << "altut-convert: internal error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::internal);
  }
}
