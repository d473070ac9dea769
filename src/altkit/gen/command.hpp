#pragma once

#include "altkit/diag/exit_code.hpp"
#include "altkit/schema/xsd_model.hpp"

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

namespace altkit::gen {

struct InstancesCommandOptions {
  std::string schema;
  std::string output_dir;
  std::string root;
  std::uint64_t seed = 1;
  std::size_t count = 10;
  double invalid_ratio = 0.0;
  long repeat = 0;
  std::string schema_location;
};

/// The model of the XSD `schema` (schema/xsd_model.hpp), or null after writing why on `err` (the
/// tool exits 4 then). Shared by the subcommands that generate forms.
std::unique_ptr<schema::SchemaModel> load_model(const std::string& schema, std::ostream& err);

/// corpus-gen instances: writes the documents and `ground-truth.tsv` (document, verdict, fault,
/// element path, detail) under the output folder, each file atomically. Returns the exit code.
diag::ExitCode run_instances(const InstancesCommandOptions& options, std::ostream& err);

} // namespace altkit::gen
