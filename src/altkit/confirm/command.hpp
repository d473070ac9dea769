#pragma once
// confirmations-convert as a function of its options, streams and opener (README,
// "confirmations-convert"; the mapping table is in mapping.hpp).

#include "altkit/diag/exit_code.hpp"
#include "altkit/io/source.hpp"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace altkit::confirm {

/// Everything confirmations-convert was asked to do, filled by its main().
struct ConfirmCommandOptions {
  std::string map;                  ///< --map service-map.csv: legacy shortNames (optional)
  std::string map_encoding;         ///< --map-encoding: the map's encoding when not UTF-8
  std::string resource_map;         ///< --resource-map resources.csv: Altinn 3 resourceId -> shortName
  std::string output_dir;           ///< -o OUTDIR (empty with --dry-run)
  std::string report;               ///< --report FILE, written atomically; "-": `out`; empty: text on `err`
  std::string format = "text";      ///< text | jsonl | junit | sarif
  std::string data_dir;             ///< where xsd/ is (the tool passes its own)
  std::vector<std::string> inputs;  ///< files, directories, @list, "-"
  std::vector<std::string> include; ///< --include GLOB (default *.xml, *.json, *.jsonl)
  std::vector<std::string> exclude; ///< --exclude GLOB
  int login_method = 0;             ///< --login-method 1-4 for Altinn 3 Confirmed events; 0: none
  std::uint64_t sequence_start = 1; ///< --sequence-start: the first Altinn 3 batch's batchReference
  std::string receiver_reference;   ///< --receiver-reference for Altinn 3 batches (default: the sender)
  unsigned jobs = 1;
  bool dry_run = false;
  bool quiet = false;
};

/// The whole tool: loads the schemas (and maps) once, converts every input on the ordered
/// pipeline (-j files at once), writes each file's AltUtConfirmationBatch atomically as
/// OUTDIR/<input path below its operand, extension dropped>.altut-confirmations.xml in input
/// order, and reports. Findings go to `err` as GNU lines; with --report, the report in its format
/// too (`out` for "-"). Dates and times are copied, never moved; an Altinn 3 batch's timeStamp is
/// the run's time in UTC (SOURCE_DATE_EPOCH when set). Returns the exit code; never throws for
/// bad input. `open` opens each input (called on worker threads: must be thread-safe).
diag::ExitCode run_confirmations(const ConfirmCommandOptions& options, std::ostream& out, std::ostream& err,
                                 const io::Opener& open = io::open_input);

} // namespace altkit::confirm
