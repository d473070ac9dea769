// Validates documents with the installed library, as a caller's program would:
//   consumer SCHEMA DOC...   prints the jsonl report and returns altkit's exit code.
// ALTKIT_TEST_ENGINE=xerces picks the Xerces engine, whose module the library loads from
// <libdir>/altkit beside itself.
#include <altkit/diag/codes.hpp>
#include <altkit/seres/validate_command.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: consumer SCHEMA DOC...\n";
    return 2;
  }
  altkit::seres::ValidateOptions options;
  options.schema = argv[1];
  options.inputs.assign(argv + 2, argv + argc);
  const char* engine = std::getenv("ALTKIT_TEST_ENGINE");
  options.engine = engine != nullptr && std::string(engine) == "xerces" ? altkit::schema::Engine::xerces
                                                                        : altkit::schema::Engine::libxml2;
  options.format = "jsonl";
  auto rc = altkit::seres::run_validate(options, std::cout, std::cerr);
  std::cerr << "consumer: " << altkit::diag::code::not_well_formed.name << " is exit "
            << static_cast<int>(altkit::diag::code::not_well_formed.exit_class) << '\n';
  return static_cast<int>(rc);
}
