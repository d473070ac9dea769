// replyref-rewrite: point AltUt reply options at Altinn II services. See README.md.
#include "common/cli.hpp"

#include "altkit/diag/interrupt.hpp"
#include "altkit/replyref/command.hpp"

#include <iostream>

int main(int argc, char** argv) {
  using altkit::report::Format;
  altkit::replyref::ReplyrefOptions o;
  std::string format;
  altkit::tools::Cli cli("replyref-rewrite", "Rewrite ReplyMessage/Form references from Altinn I formNumber/version to "
                                             "Altinn II ServiceCode, leaving every other byte as it is.");
  CLI::App& app = cli.app();
  cli.examples(
      {{"one file to standard output", "replyref-rewrite --map service-map.csv altut/altut-00001.xml > rewritten.xml"},
       {"a folder in place, keeping the originals", "replyref-rewrite --map service-map.csv -i --backup .orig altut/"},
       {"the plan only, nothing written", "replyref-rewrite --map service-map.csv --dry-run altut/"}});
  app.add_option("-m,--map", o.map, "service map CSV: kind,name,version,serviceCode,serviceEditionCode")->required();
  app.add_option("--map-encoding", o.map_encoding,
                 "the map's encoding when it is not UTF-8 (iconv names: windows-1252, latin1, ...)");
  auto* in_place = app.add_flag("-i,--in-place", o.in_place, "rewrite the files themselves (atomically)");
  app.add_option("--backup", o.backup_suffix, "with -i: keep the original as FILE+SUFFIX")->needs(in_place);
  app.add_option("-o,--output-dir", o.output_dir, "write rewritten copies under OUTDIR")->excludes(in_place);
  app.add_flag("--keep-legacy", o.keep_legacy, "keep formNumber/version on a rewritten Form");
  app.add_flag("--short-names", o.short_names, "also rewrite legacy free-text Message/@shortName values");
  app.add_flag("--latin1-as-windows-1252", o.latin1_as_windows_1252,
               "read files declared ISO-8859-1 as Windows-1252 (bytes 0x80-0x9F as the letters Windows means)");
  app.add_flag("--strict", o.strict, "an unmapped reference is a finding (exit 1); nothing is written for that file");
  app.add_flag("-n,--dry-run", o.dry_run, "print the plan (file, message, old reference -> new) and write nothing");
  cli.add_report_options(app, o.report, format, {"jsonl"},
                         "write a JSON Lines report: per file, per message, what changed and what not",
                         "report format: jsonl (the only one)");
  app.add_option("--include", o.include, "glob of files a directory walk takes (default *.xml); repeatable")
      ->allow_extra_args(false);
  app.add_option("--exclude", o.exclude, "glob of files a directory walk leaves out; repeatable")
      ->allow_extra_args(false);
  app.add_flag("-q,--quiet", o.quiet, "no summary line");
  app.add_option("-j,--jobs", o.jobs, "files rewritten in parallel (output identical to -j 1)")
      ->check(CLI::Range(1u, 256u));
  app.add_option("inputs", o.inputs, "AltUt files, directories, @list.txt, or - (stdin to stdout)")->required();
  int rc = cli.parse(argc, argv, [&] { cli.report_format(o.report, format, {Format::jsonl}, Format::jsonl); });
  if (rc >= 0) {
    return rc;
  }
  altkit::diag::install_stop_handlers();
  return altkit::tools::run_tool(cli.tool(), [&] { return altkit::replyref::run_replyref(o, std::cout, std::cerr); });
}
