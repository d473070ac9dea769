#pragma once

#include "altkit/diag/exit_code.hpp"

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
};

/// What a directory walk found: a file to read, or something that must be reported rather than
/// skipped (a dangling symlink, a folder that cannot be opened): opening it fails and the caller
/// reports it as unreadable, so no input is lost silently.
struct WalkedEntry {
  std::string path;
  bool unopenable_folder = false; ///< taken whatever its name: its files could not be listed
};

/// Every regular file (and every dangling symlink and unopenable folder) under `dir`,
/// recursively, sorted by path.
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
/// Throws diag::Error(unreadable) when a list file cannot be read.
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

} // namespace altkit::io
