// Validates documents with the installed library, as a caller's program would:
//   consumer SCHEMA DOC...   prints the jsonl report and returns altkit's exit code.
#include <altkit/diag/codes.hpp>
#include <altkit/seres/validate_command.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: consumer SCHEMA DOC...\n";
    return 2;
  }
  altkit::seres::ValidateOptions options;
  options.schema = argv[1];
  options.inputs.assign(argv + 2, argv + argc);
  options.engine = altkit::schema::Engine::libxml2;
  options.format = "jsonl";
  auto rc = altkit::seres::run_validate(options, std::cout, std::cerr);
  std::cerr << "consumer: " << altkit::diag::code::not_well_formed.name << " is exit "
            << static_cast<int>(altkit::diag::code::not_well_formed.exit_class) << '\n';
  return static_cast<int>(rc);
}
