// confirmations-convert: Altinn II and Altinn 3 read/confirmed receipts into Altinn I
// AltUtConfirmationBatch files. See README.md.
#include "common/cli.hpp"

#include "altkit/confirm/command.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/report/format_choice.hpp"

#include <iostream>

int main(int argc, char** argv) {
  using altkit::report::Format;
  altkit::confirm::ConfirmCommandOptions o;
  std::string format;
  altkit::tools::Cli cli("confirmations-convert",
                         "Convert Altinn II CorrespondenceConfirmations files and Altinn 3 correspondence details "
                         "into Altinn I AltUtConfirmationBatch files, accounting for every confirmation.");
  CLI::App& app = cli.app();
  cli.examples({{"Altinn II confirmation files to Altinn I batches, legacy shortNames from the service map",
                 "confirmations-convert --map service-map.csv -o batches/ confirmations/"},
                {"Altinn 3 correspondence details, resources named through a map, LoginMethod 4 (PKI)",
                 "confirmations-convert --resource-map resources.csv --login-method 4 -o batches/ details/"},
                {"what would be converted and rejected, with a report, writing nothing",
                 "confirmations-convert --map service-map.csv --dry-run --report report.jsonl confirmations/"}});
  auto* out = app.add_option("-o,--output-dir", o.output_dir, "write the batch files under OUTDIR");
  auto* dry = app.add_flag("-n,--dry-run", o.dry_run, "convert and report, write no batch file");
  out->excludes(dry);
  app.add_option("-m,--map", o.map, "service map CSV: ServiceCode_ServiceEdition back to the legacy shortName");
  app.add_option("--map-encoding", o.map_encoding, "the map's encoding when it is not UTF-8 (iconv names)");
  app.add_option("--resource-map", o.resource_map, "CSV resourceId,shortName: Altinn 3 resources as AltUt shortNames");
  app.add_option("--login-method", o.login_method, "LoginMethod (1-4) for Altinn 3 Confirmed events, which name none")
      ->check(CLI::Range(1, 4));
  app.add_option("--sequence-start", o.sequence_start, "batchReference of the first Altinn 3 batch (default 1)")
      ->check(CLI::PositiveNumber);
  app.add_option("--receiver-reference", o.receiver_reference,
                 "receiverReference of Altinn 3 batches (default: the sender's organisation number)");
  cli.add_report_options(app, o.report, format, {"text", "jsonl", "junit", "sarif"},
                         "write the report to FILE (atomically); default: text on stderr, other formats on stdout",
                         "text (default), jsonl, junit or sarif");
  app.add_option("-j,--jobs", o.jobs, "files converted in parallel")->check(CLI::Range(1u, 256u));
  app.add_option("--include", o.include, "glob of files a directory walk takes (default *.xml, *.json, *.jsonl)")
      ->allow_extra_args(false);
  app.add_option("--exclude", o.exclude, "glob of files a directory walk leaves out; repeatable")
      ->allow_extra_args(false);
  app.add_flag("-q,--quiet", o.quiet, "no summary lines");
  app.add_option("inputs", o.inputs, "confirmation files, directories, @list.txt, or - for stdin")->required();
  int rc = cli.parse(argc, argv, [&] {
    if (o.output_dir.empty() && !o.dry_run) {
      throw CLI::RequiredError("-o/--output-dir (or --dry-run)");
    }
    o.format = format_name(
        cli.report_format(o.report, format, {Format::text, Format::jsonl, Format::junit, Format::sarif}, Format::text));
  });
  if (rc >= 0) {
    return rc;
  }
  o.data_dir = altkit::tools::data_dir();
  altkit::diag::install_stop_handlers();
  return altkit::tools::run_tool(cli.tool(),
                                 [&] { return altkit::confirm::run_confirmations(o, std::cout, std::cerr); });
}
