#pragma once

#include "altkit/diag/exit_code.hpp"
#include "altkit/io/source.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace altkit::convert {

/// Everything altut-convert was asked to do, filled by its main().
struct ConvertCommandOptions {
  std::string map;                    ///< --map service-map.csv (optional)
  std::string map_encoding;           ///< --map-encoding: the map's encoding when not UTF-8
  std::string to = "correspondences"; ///< --to: correspondences | insert-v2 | altinn3
  std::string sender;                 ///< --sender ORGNR: altinn3's sending organisation (checked by main)
  bool allow_synthetic_ids = false;   ///< --allow-synthetic-ids: synthetic test fødselsnummer as recipients
  std::string output_dir;             ///< -o OUTDIR (empty with --dry-run)
  std::string report;                 ///< --report FILE, written atomically; "-": `out`
  std::string format = "jsonl";       ///< the report's format: jsonl (a line per message and file) or html
  std::string stylesheet;             ///< --stylesheet FILE; empty: the built-in mapping
  std::string data_dir;               ///< where xsd/ and xslt/ are (the tool passes its own)
  std::vector<std::string> inputs;    ///< files, directories, @list, "-"
  std::vector<std::string> include;   ///< --include GLOB: files a directory walk takes (default *.xml)
  std::vector<std::string> exclude;   ///< --exclude GLOB
  bool strict = false;
  bool with_offset = false;
  bool dry_run = false;
  bool latin1_as_windows_1252 = false; ///< --latin1-as-windows-1252: read files declared ISO-8859-1 as Windows-1252
  std::size_t batch_size = 0;
  unsigned jobs = 1;
  bool quiet = false;
};

/// The whole altut-convert tool. Findings (rejected messages, fields not carried over when
/// there is no --report) and summaries go to `err`. Dates use the process time zone (the tool
/// sets TZ from --timezone before calling). `--report -` writes the report to `out`; an html
/// report (report::HtmlPage) is written at the end, a jsonl report as messages come. Returns the
/// exit code.
/// `open` opens each input (injectable: tests run the tool in memory; called on the producer thread).
diag::ExitCode run_convert(const ConvertCommandOptions& options, std::ostream& out, std::ostream& err,
                           const io::Opener& open = io::open_input);
/// run_convert with `out` = std::cout (where `--report -` goes).
diag::ExitCode run_convert(const ConvertCommandOptions& options, std::ostream& err);

} // namespace altkit::convert
