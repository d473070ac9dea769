// replyref-rewrite: point AltUt reply options at Altinn II services. See README.md.
#include "altkit/diag/exit_code.hpp"
#include "altkit/diag/interrupt.hpp"
#include "altkit/io/stdout.hpp"
#include "altkit/replyref/command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
  using altkit::diag::ExitCode;
  altkit::replyref::ReplyrefOptions o;
  CLI::App app{"Rewrite ReplyMessage/Form references from Altinn I formNumber/version to Altinn II "
               "ServiceCode, leaving every other byte as it is.",
               "replyref-rewrite"};
  app.footer(altkit::diag::k_exit_code_help);
  app.set_version_flag("--version", std::string("replyref-rewrite ") + ALTKIT_VERSION);
  app.add_option("-m,--map", o.map, "service map CSV: kind,name,version,serviceCode,serviceEditionCode")->required();
  auto* in_place = app.add_flag("-i,--in-place", o.in_place, "rewrite the files themselves (atomically)");
  app.add_option("--backup", o.backup_suffix, "with -i: keep the original as FILE+SUFFIX")->needs(in_place);
  app.add_option("-o,--output-dir", o.output_dir, "write rewritten copies under OUTDIR")->excludes(in_place);
  app.add_flag("--keep-legacy", o.keep_legacy, "keep formNumber/version on a rewritten Form");
  app.add_flag("--short-names", o.short_names, "also rewrite legacy free-text Message/@shortName values");
  app.add_flag("--strict", o.strict, "an unmapped reference is a finding (exit 1); nothing is written for that file");
  app.add_flag("-n,--dry-run", o.dry_run, "print the plan (file, message, old reference -> new) and write nothing");
  app.add_option("--report", o.report, "write a JSON Lines report: per file, per message, what changed and what not");
  app.add_flag("-q,--quiet", o.quiet, "no summary line");
  app.add_option("-j,--jobs", o.jobs, "files rewritten in parallel (output identical to -j 1)")->check(CLI::Range(1u, 256u));
  app.add_option("inputs", o.inputs, "AltUt files, directories, @list.txt, or - (stdin to stdout)")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  altkit::diag::install_stop_handlers();
  try {
    return static_cast<int>(altkit::io::finish_stdout(altkit::replyref::run_replyref(o, std::cout, std::cerr), "replyref-rewrite", std::cerr));
  } catch (const std::exception& e) {
    std::cerr << "replyref-rewrite: internal error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::internal);
  }
}
