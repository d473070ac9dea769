// corpus-gen: reproducible synthetic corpora. See README.md.
#include "common/cli.hpp"

#include "altkit/gen/altut_gen.hpp"
#include "altkit/gen/command.hpp"
#include "altkit/gen/confirmations_gen.hpp"
#include "altkit/gen/prefill_gen.hpp"

#include <iostream>

int main(int argc, char** argv) {
  altkit::tools::Cli cli("corpus-gen", "Generate reproducible synthetic corpora: the same seed gives the same bytes.");
  CLI::App& app = cli.app();
  cli.examples({{"a hundred documents from a schema, 5 % with one injected fault",
                 "corpus-gen instances --schema Skjema.xsd --count 100 --invalid-ratio 0.05 -o generated/"},
                {"AltUt batch files and their service map",
                 "corpus-gen altut --seed 7 --files 10 --messages 50 -o altut-generated/"}});
  app.require_subcommand(1);
  altkit::gen::InstancesCommandOptions inst;
  auto* instances =
      app.add_subcommand("instances", "documents from an XSD (SERES families), some with one injected fault");
  instances->add_option("-s,--schema", inst.schema, "the XSD")->required();
  instances->add_option("--seed", inst.seed, "seed (default 1)");
  // Every count has a range: a number past it is a usage error (exit 2), never a wrap-around.
  instances->add_option("--count", inst.count, "documents to write (default 10)")
      ->check(CLI::Range(std::size_t{0}, altkit::gen::k_max_count));
  cli.deprecated_alias(*instances, "-n", inst.count, "--count"); // -n is --dry-run in the other tools
  instances->add_option("--invalid-ratio", inst.invalid_ratio, "share of documents with one fault (0 to 1)")
      ->check(CLI::Range(0.0, 1.0));
  instances
      ->add_option("--repeat", inst.repeat, "let unbounded lists near the root repeat up to N times (large documents)")
      ->check(CLI::Range(0L, 10000000L));
  instances->add_option("--schema-location", inst.schema_location,
                        "write this URI as the xsi:schemaLocation hint (for peers such as SAX2Count)");
  instances->add_option("--root", inst.root, "global element to start from (default: the form's root)");
  instances->add_option("-o,--output-dir", inst.output_dir, "where the documents and ground-truth.tsv go")->required();
  altkit::gen::AltutGenOptions alt;
  std::string size;
  auto* altut = app.add_subcommand("altut", "AltUt batch files with seeded variety, and their service map");
  altut->add_option("--seed", alt.seed, "seed (default 1)");
  altut->add_option("--files", alt.files, "files to write (default 1)")
      ->check(CLI::Range(std::size_t{1}, altkit::gen::k_max_count));
  altut->add_option("--messages", alt.messages, "messages per file (default 10)")
      ->check(CLI::Range(std::size_t{0}, altkit::gen::k_max_count));
  auto* size_option = altut->add_option(
      "--size", size, "one file of about this size instead (e.g. 256M, 1G; at most 1024G), written as a stream");
  altut->add_option("-o,--output-dir", alt.output_dir, "where the files and service-map.csv go")->required();
  altkit::gen::ConfirmationsGenOptions conf;
  auto* confirmations =
      app.add_subcommand("confirmations", "inputs for confirmations-convert: Altinn II files or Altinn 3 details");
  confirmations->add_option("--seed", conf.seed, "seed (default 1)");
  confirmations->add_option("--files", conf.files, "files to write (default 1)");
  confirmations->add_option("--confirmations", conf.confirmations, "confirmations per file (default 100)");
  confirmations->add_flag("--altinn3", conf.altinn3, "Altinn 3 correspondence details (JSON Lines) instead");
  confirmations->add_option("-o,--output-dir", conf.output_dir, "where the files and the maps go")->required();
  altkit::gen::PrefillGenOptions pre;
  std::string style = "mixed";
  auto* prefill = app.add_subcommand(
      "prefill", "Altinn II prefill batches (ServiceOwner) whose FormData carry forms generated from an XSD");
  prefill->add_option("-s,--schema", pre.schema, "the forms' XSD")->required();
  prefill->add_option("--seed", pre.seed, "seed (default 1)");
  prefill->add_option("--batches", pre.batches, "batch files to write (default 1)");
  prefill->add_option("--forms", pre.forms, "forms per batch (default 10)");
  prefill->add_option("--invalid-ratio", pre.invalid_ratio, "share of forms with one fault (0 to 1)")
      ->check(CLI::Range(0.0, 1.0));
  prefill->add_option("--form-data", style, "cdata, escaped or mixed (default): how FormData holds the form")
      ->check(CLI::IsMember({"cdata", "escaped", "mixed"}));
  prefill->add_option("-o,--output-dir", pre.output_dir, "where the batches and ground-truth.tsv go")->required();
  int rc = cli.parse(argc, argv, [&] {
    if (size_option->count() > 0) { // given empty, it is refused too
      try {
        alt.size = altkit::gen::parse_size(size);
      } catch (const std::exception& e) {
        throw CLI::ValidationError("--size", e.what());
      }
    }
  });
  if (rc >= 0) {
    return rc;
  }
  if (confirmations->parsed()) {
    return altkit::tools::run_tool(cli.tool(), [&] { return altkit::gen::run_confirmations_gen(conf, std::cerr); });
  }
  if (prefill->parsed()) {
    pre.style = altkit::gen::parse_form_data_style(style);
    return altkit::tools::run_tool(cli.tool(), [&] { return altkit::gen::run_prefill_gen(pre, std::cerr); });
  }
  if (altut->parsed()) {
    return altkit::tools::run_tool(cli.tool(), [&] { return altkit::gen::run_altut_gen(alt, std::cerr); });
  }
  return altkit::tools::run_tool(cli.tool(), [&] { return altkit::gen::run_instances(inst, std::cerr); });
}
