#pragma once

#include "altkit/check/sources.hpp"
#include "altkit/diag/exit_code.hpp"
#include "altkit/schema/compiled.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace altkit::check {

struct CheckOptions {
  SourceOptions sources;
  std::string schema;  ///< --schema
  std::string catalog; ///< --catalog
  std::vector<std::string> xml_catalogs; ///< --xml-catalog FILE..., then XML_CATALOG_FILES
  bool well_formed = false;
  bool convert_check = false; ///< a dry run of altut-convert on each (AltUt) document
  std::string map;            ///< --map, for --convert-check
  std::string data_dir;       ///< where xsd/ and xslt/ are (for --convert-check)
  schema::Engine engine = schema::Engine::libxml2; ///< the bulk default (README: why)
  std::string report;         ///< --report FILE
  std::string format = "jsonl"; ///< jsonl | junit | sarif
  std::string journal;        ///< --journal FILE
  bool fail_fast = false;
  bool quiet = false;
  bool allow_altinn_row_id = false;
  unsigned jobs = 0; ///< 0: all cores
};

/// corpus-check: every document checked on `jobs` workers fed through a bounded queue, results
/// emitted in input order (so -j1 and -j2 write the same report). The summary goes to `out`,
/// the progress line (on a terminal) and errors to `err`. Returns the exit code.
diag::ExitCode run_check(const CheckOptions& options, std::ostream& out, std::ostream& err);

/// corpus-check merge: the summary of several jsonl reports (shards) combined, the same as one
/// run over the whole corpus gives.
diag::ExitCode run_merge(const std::vector<std::string>& reports, std::ostream& out, std::ostream& err);

} // namespace altkit::check
