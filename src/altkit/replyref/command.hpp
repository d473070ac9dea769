#pragma once

#include "altkit/diag/exit_code.hpp"
#include "altkit/io/source.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace altkit::replyref {

/// Everything replyref-rewrite was asked to do, filled by its main().
struct ReplyrefOptions {
  std::string map;                  ///< --map service-map.csv
  std::string map_encoding;         ///< --map-encoding: the map's encoding when not UTF-8
  std::vector<std::string> inputs;  ///< files, directories, @list, "-"
  std::vector<std::string> include; ///< --include GLOB: files a directory walk takes (default *.xml)
  std::vector<std::string> exclude; ///< --exclude GLOB
  bool in_place = false;            ///< -i
  std::string backup_suffix;        ///< --backup SUFFIX (with -i)
  std::string output_dir;           ///< -o OUTDIR
  bool keep_legacy = false;
  bool short_names = false;
  bool latin1_as_windows_1252 = false; ///< --latin1-as-windows-1252
  bool strict = false;
  bool dry_run = false;
  std::string report; ///< --report FILE (jsonl), written atomically; "-": `out` (not with a document or plan there)
  bool quiet = false;
  unsigned jobs = 1; ///< -j: files rewritten in parallel (put in place in input order)
};

/// The whole replyref-rewrite tool. With neither -i nor -o, the one input goes to `out`. Plans
/// (--dry-run) go to `out`; findings and the summary to `err`. Returns the exit code.
/// `open` opens each input (injectable: tests run the tool in memory; called on worker threads).
diag::ExitCode run_replyref(const ReplyrefOptions& options, std::ostream& out, std::ostream& err,
                            const io::Opener& open = io::open_input);

} // namespace altkit::replyref
