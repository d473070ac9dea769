#pragma once

#include "altkit/diag/exit_code.hpp"
#include "altkit/io/source.hpp"
#include "altkit/schema/compiled.hpp"
#include "altkit/validate/id_flags.hpp"
#include "altkit/xml/limits.hpp"

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace altkit::seres {

/// Everything seres-validate was asked to do, filled by its main() from the command line.
struct ValidateOptions {
  std::string schema;  ///< --schema: one schema for every document
  std::string catalog; ///< --catalog: route each document to a schema of this directory
  /// --xml-catalog FILE (repeatable), then XML_CATALOG_FILES: OASIS XML catalogs that map import
  /// and include locations to local files while schemas compile
  std::vector<std::string> xml_catalogs;
  std::vector<std::string> inputs;  ///< files, directories, @list, "-"
  std::vector<std::string> include; ///< --include GLOB: files a directory walk takes (default *.xml)
  std::vector<std::string> exclude; ///< --exclude GLOB
  schema::Engine engine = schema::Engine::xerces;
  std::string format = "text"; ///< -f: text | jsonl | junit | sarif (the tool takes it from --report's extension)
  std::string report;          ///< --report FILE, written atomically; "-": `out`; empty: text to `err`, others to `out`
  bool allow_altinn_row_id = false;
  validate::IdFlags ids;   ///< --check-ids, --allow-synthetic-ids, --check-id, --id-paths
  bool deep = false;       ///< --deep: validate the forms embedded in prefill batches too
  xml::ParseLimits limits; ///< --max-document-size, --max-attributes, --max-namespaces, --time-budget
  bool quiet = false;
  unsigned jobs = 1;
};

/// Opens an input by path ("-" is stdin). Injectable so tests and fuzzers run in memory.
using Opener = io::Opener;

/// The whole seres-validate tool: compiles the schema(s) once, validates every input in order
/// and reports. The report goes to --report (a file, or `out` for "-"); without it, machine
/// formats go to `out`, text findings and the summary to `err`. Never throws for bad input;
/// returns the exit code (README: exit codes).
diag::ExitCode run_validate(const ValidateOptions& options, std::ostream& out, std::ostream& err,
                            const Opener& open = io::open_input);

} // namespace altkit::seres
