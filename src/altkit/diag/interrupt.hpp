#pragma once

namespace altkit::diag {

/// Asks every running tool loop to stop after the document in hand. Async-signal-safe: a tool's
/// main() calls it from its SIGINT/SIGTERM handler; the library never installs handlers itself.
void request_stop() noexcept;

/// True once request_stop() was called. Loops check it between documents; an interrupted run
/// writes no --output file and ends with ExitCode::interrupted.
bool stop_requested() noexcept;

/// Installs request_stop() as the SIGINT and SIGTERM handler (for tools' main()).
void install_stop_handlers() noexcept;

} // namespace altkit::diag
