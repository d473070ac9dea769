// corpus-gen: reproducible synthetic corpora. See README.md.
#include "altkit/diag/exit_code.hpp"
#include "altkit/gen/altut_gen.hpp"
#include "altkit/gen/command.hpp"
#include "altkit/io/stdout.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
  using altkit::diag::ExitCode;
  CLI::App app{"Generate reproducible synthetic corpora: the same seed gives the same bytes.", "corpus-gen"};
  app.footer(altkit::diag::k_exit_code_help);
  app.set_version_flag("--version", std::string("corpus-gen ") + ALTKIT_VERSION);
  app.require_subcommand(1);
  altkit::gen::InstancesCommandOptions inst;
  auto* instances = app.add_subcommand("instances", "documents from an XSD (SERES families), some with one injected fault");
  instances->add_option("-s,--schema", inst.schema, "the XSD")->required();
  instances->add_option("--seed", inst.seed, "seed (default 1)");
  instances->add_option("-n,--count", inst.count, "documents to write (default 10)");
  instances->add_option("--invalid-ratio", inst.invalid_ratio, "share of documents with one fault (0 to 1)")
      ->check(CLI::Range(0.0, 1.0));
  instances->add_option("--repeat", inst.repeat, "let unbounded lists near the root repeat up to N times (large documents)")
      ->check(CLI::Range(0L, 10000000L));
  instances->add_option("--schema-location", inst.schema_location,
                        "write this URI as the xsi:schemaLocation hint (for peers such as SAX2Count)");
  instances->add_option("--root", inst.root, "global element to start from (default: the form's root)");
  instances->add_option("-o,--output-dir", inst.output_dir, "where the documents and ground-truth.tsv go")->required();
  altkit::gen::AltutGenOptions alt;
  std::string size;
  auto* altut = app.add_subcommand("altut", "AltUt batch files with seeded variety, and their service map");
  altut->add_option("--seed", alt.seed, "seed (default 1)");
  altut->add_option("--files", alt.files, "files to write (default 1)");
  altut->add_option("--messages", alt.messages, "messages per file (default 10)");
  altut->add_option("--size", size, "one file of about this size instead (e.g. 256M, 1G), written as a stream");
  altut->add_option("-o,--output-dir", alt.output_dir, "where the files and service-map.csv go")->required();
  try {
    app.parse(argc, argv);
    if (!size.empty()) {
      try {
        alt.size = altkit::gen::parse_size(size);
      } catch (const std::exception& e) {
        throw CLI::ValidationError("--size", e.what());
      }
    }
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  try {
    if (altut->parsed()) {
      return static_cast<int>(altkit::io::finish_stdout(altkit::gen::run_altut_gen(alt, std::cerr), "corpus-gen", std::cerr));
    }
    return static_cast<int>(altkit::io::finish_stdout(altkit::gen::run_instances(inst, std::cerr), "corpus-gen", std::cerr));
  } catch (const std::exception& e) {
    std::cerr << "corpus-gen: internal error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::internal);
  }
}
