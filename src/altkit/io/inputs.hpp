#pragma once

#include "altkit/diag/exit_code.hpp"
#include "altkit/io/source.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::io {

/// One input a tool was asked to read: a path, or "-" for stdin.
struct InputRef {
  std::string path;
  std::string relative; ///< path below the directory operand it came from, else the file name
  /// Set for what a directory walk found that is not a file: "a FIFO", "a socket", "a block
  /// device", "a character device". Never opened (a FIFO would hold the run up), reported by
  /// open_ref as skipped. A FIFO named as an operand is read as given.
  std::string not_a_file = {};
};

/// Opens `in` with `open`; throws diag::Error(unreadable) "`path`: skipped: a FIFO, not a regular
/// file" for an InputRef::not_a_file (every tool reports it as it reports an unreadable input, so
/// totals account for every name; issue 16, item 11). Throws as `open` does otherwise.
std::unique_ptr<ByteSource> open_ref(const Opener& open, const InputRef& in);

/// What a directory walk found: a file to read, or something that must be reported rather than
/// skipped (a dangling symlink, a folder that cannot be opened): opening it fails and the caller
/// reports it as unreadable, so no input is lost silently.
struct WalkedEntry {
  std::string path;
  bool unopenable_folder = false; ///< taken whatever its name: its files could not be listed
  std::string not_a_file = {};    ///< a FIFO, socket or device (see InputRef::not_a_file)
};

/// Why a folder cannot be walked by this process: "cannot list folder: permission denied" (no
/// read permission), "cannot enter folder: permission denied" (read but no search permission:
/// its names can be listed, its files not opened), or "" when it can. One access(2) or two.
std::string folder_access_problem(const std::string& path);

/// Every regular file (and every dangling symlink, unopenable folder, FIFO, socket and device,
/// directly or through a symlink) under `dir`, recursively, sorted by path.
std::vector<WalkedEntry> walk_directory(const std::string& dir);

/// Which files a directory walk takes (--include/--exclude, as corpus-check has them): a glob
/// without '/' is matched (fnmatch) against the file name, one with '/' against the whole path.
/// Without an include glob, files whose name ends in one of `extensions` are taken. Operands and
/// listed paths are not filtered: a file named explicitly is taken whatever its name.
struct NameFilter {
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::vector<std::string> extensions{".xml"};

  /// Thread-safe (const); allocates nothing.
  bool wanted(const std::string& path) const;
};

/// Expands command-line operands: "@list.txt" reads one path per line (blank lines and lines
/// starting with '#' skipped), a directory is walked recursively for files whose name ends in one
/// of `extensions` (sorted, so the order is stable), anything else is taken as given.
/// Throws diag::Error(unreadable) when a list file cannot be read. Once diag::stop_requested()
/// (SIGINT/SIGTERM) it stops reading lists and walking folders and returns what it has, so the
/// caller's loop, which checks the same flag, ends the run promptly as interrupted.
std::vector<InputRef> expand_inputs(const std::vector<std::string>& operands,
                                    const std::vector<std::string>& extensions = {".xml"});
/// The same, a directory walk taking what `filter` selects.
std::vector<InputRef> expand_inputs(const std::vector<std::string>& operands, const NameFilter& filter);

/// expand_inputs for a tool's run function: on failure writes `tool: reason` to `err`, sets
/// `code` and returns nullopt.
std::optional<std::vector<InputRef>> expand_inputs_or_report(const std::vector<std::string>& operands,
                                                             std::string_view tool, std::ostream& err,
                                                             diag::ExitCode& code, const NameFilter& filter = {});

/// The input folder among `operands` that is `output_dir` or holds it, if any (paths compared
/// after resolving symbolic links and `..`; "-" and @lists are not folders). A tool that wrote
/// there would read its own outputs on the next run, or replace its inputs.
std::optional<std::string> input_folder_holding(const std::string& output_dir,
                                                const std::vector<std::string>& operands);

/// Makes `output_dir` ready for a tool's outputs: refused when it is, or is inside, an input folder
/// among `operands` (input_folder_holding: exit 2, usage — a tool never takes its own outputs as
/// inputs, nor replaces its inputs unasked), else created with its parents when missing (exit 5,
/// write_failed, when it cannot be). On a problem, writes "<tool>: ..." to `err`, sets `code` and
/// returns false. Not thread-safe only in that it writes `err`.
bool prepare_output_folder(const std::string& output_dir, const std::vector<std::string>& operands,
                           std::string_view tool, std::ostream& err, diag::ExitCode& code);

} // namespace altkit::io
