#pragma once

#include <chrono>
#include <string>

namespace altkit::diag {

/// Asks every running tool loop to stop after the document in hand. Async-signal-safe: a tool's
/// main() calls it from its SIGINT/SIGTERM handler; the library never installs handlers itself.
void request_stop() noexcept;

/// True once request_stop() was called. Loops check it between documents; an interrupted run
/// writes no --output file and ends with ExitCode::interrupted.
bool stop_requested() noexcept;

/// How long after SIGINT/SIGTERM a run may take to end on its own before the watchdog ends the
/// process (below the 2 s promised in SECURITY.md).
inline constexpr std::chrono::milliseconds k_stop_grace{1000};

/// Installs request_stop() as the SIGINT and SIGTERM handler (for tools' main()), and a
/// watchdog: a run that has not ended k_stop_grace after the signal (a worker inside one long
/// library call, e.g. Xerces matching a backtracking pattern, cannot be stopped from outside)
/// is ended by it: the named temporaries registered below are removed, "interrupted" is said on
/// stderr and the process exits with 130 at once (_exit: nothing more is flushed or written;
/// outputs are O_TMPFILE files or registered temporaries, never half-written targets).
/// Call once, from main, before any other thread starts.
void install_stop_handlers() noexcept;

/// A named temporary file (a file system without O_TMPFILE) that the watchdog removes if it
/// must end the process; forget_on_abandon() once it is committed or removed. Thread-safe.
void remove_on_abandon(const std::string& path);
void forget_on_abandon(const std::string& path);

/// Counts worker threads given up while stuck in one library call (pipeline::Stages::abandon).
/// Once any was, what they use must not be freed: the Xerces platform is not terminated, and
/// a tool's main ends with _Exit after flushing its output instead of running destructors
/// (tools/common, run_tool). Thread-safe.
void note_abandoned(unsigned workers) noexcept;
unsigned abandoned_workers() noexcept;

} // namespace altkit::diag
