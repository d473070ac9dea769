#pragma once

namespace altkit::diag {

/// The exit codes every altkit tool uses (README, each tool's --help).
/// Where several apply, the highest of 1-5 wins: see worst().
enum class ExitCode : int {
  ok = 0,
  findings = 1,      ///< a document invalid, a message rejected
  usage = 2,         ///< bad command line
  unreadable = 3,    ///< an input unreadable or not well-formed
  load_failed = 4,   ///< a schema, stylesheet or mapping table failed to load
  write_failed = 5,  ///< output could not be written
  internal = 70,     ///< a bug in altkit
  interrupted = 130, ///< SIGINT/SIGTERM
};

/// Combines two outcomes: 70 and 130 dominate, otherwise the higher of 0-5.
constexpr ExitCode worst(ExitCode a, ExitCode b) {
  if (a == ExitCode::interrupted || b == ExitCode::interrupted) {
    return ExitCode::interrupted;
  }
  if (a == ExitCode::internal || b == ExitCode::internal) {
    return ExitCode::internal;
  }
  return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

/// The exit-code table as printed in every tool's --help.
inline constexpr const char* k_exit_code_help = "Exit codes:\n"
                                                "  0    all good\n"
                                                "  1    findings (a document invalid, a message rejected)\n"
                                                "  2    usage error\n"
                                                "  3    an input unreadable or not well-formed\n"
                                                "  4    a schema, stylesheet or mapping table failed to load\n"
                                                "  5    output could not be written\n"
                                                "  70   internal error\n"
                                                "  130  interrupted\n"
                                                "Where several apply, the highest of 1-5 wins.";

} // namespace altkit::diag
