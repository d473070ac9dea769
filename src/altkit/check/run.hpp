#pragma once

#include "altkit/check/fingerprint.hpp"
#include "altkit/check/sources.hpp"
#include "altkit/diag/exit_code.hpp"
#include "altkit/schema/compiled.hpp"
#include "altkit/validate/id_flags.hpp"
#include "altkit/xml/limits.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace altkit::check {

struct CheckOptions {
  SourceOptions sources;
  std::string schema;                    ///< --schema
  std::string catalog;                   ///< --catalog
  std::vector<std::string> xml_catalogs; ///< --xml-catalog FILE..., then XML_CATALOG_FILES
  bool well_formed = false;
  bool convert_check = false;                        ///< a dry run of altut-convert on each (AltUt) document
  std::string map;                                   ///< --map, for --convert-check
  std::string map_encoding;                          ///< --map-encoding: the map's encoding when not UTF-8
  std::string data_dir;                              ///< where xsd/ and xslt/ are (for --convert-check)
  schema::Engine engine = schema::Engine::automatic; ///< the bulk default (README: why)
  std::string report;                                ///< --report FILE
  std::string format = "jsonl";                      ///< jsonl | junit | sarif
  std::string journal;                               ///< --journal FILE
  bool restart = false;  ///< --restart: empty a journal of another run instead of refusing it
  std::string time_zone; ///< --timezone, for --convert-check (changes what is carried over)
  bool fail_fast = false;
  bool quiet = false;
  bool allow_altinn_row_id = false;
  validate::IdFlags ids;   ///< --check-ids, --allow-synthetic-ids, --check-id, --id-paths
  bool deep = false;       ///< --deep: validate the forms embedded in prefill batches too
  xml::ParseLimits limits; ///< --max-document-size, --max-attributes, --max-namespaces, --time-budget
  unsigned jobs = 0;       ///< 0: all cores
};

/// corpus-check: every document checked on `jobs` workers fed through a bounded queue, results
/// emitted in input order (so -j1 and -j2 write the same report). The summary goes to `out`,
/// the progress line (on a terminal) and errors to `err`. Returns the exit code.
/// `open` opens each listed file (injectable: tests run the tool in memory; called on worker
/// threads); with another opener than io::open_input, files are not read ahead.
diag::ExitCode run_check(const CheckOptions& options, std::ostream& out, std::ostream& err,
                         const io::Opener& open = io::open_input);

struct MergeOptions {
  std::vector<std::string> reports; ///< jsonl reports of shards, in any order
  std::string report;               ///< --report FILE|-: the merged report, "" for none
  std::string format = "jsonl";     ///< jsonl | junit | sarif
  bool quiet = false;
};

/// corpus-check merge: the jsonl reports of the N shards of one run, read as streams (memory
/// bounded by the number of reports, not their length): their summary, and with a report the
/// merged report, both as one run over the whole corpus writes them. Refuses (exit 2) reports of
/// different runs (fingerprints), a shard given twice or missing ("shard 4/4 missing"), a
/// document of another shard; refuses (exit 3) a report without its header or summary line (cut
/// off), whose document lines do not add up to its summary, or that is not in input order.
/// Otherwise 0, 1 (a finding) or 3 (an unreadable document) as the run would exit.
diag::ExitCode run_merge(const MergeOptions& options, std::ostream& out, std::ostream& err);

/// The fingerprint of the run `options` describe (the files it loads are read and hashed).
Fingerprint fingerprint_of(const CheckOptions& options);

} // namespace altkit::check
