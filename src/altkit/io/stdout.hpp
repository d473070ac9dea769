#pragma once

#include "altkit/diag/exit_code.hpp"

#include <ostream>
#include <string_view>

namespace altkit::io {

/// Flushes standard output at the end of a run. When it could not be written (a full disk,
/// /dev/full, a closed file), says so on `err` and returns write_failed (exit 5) combined with
/// `code`; a report lost on the way out must never end with exit 0.
diag::ExitCode finish_stdout(diag::ExitCode code, std::string_view tool, std::ostream& err);

} // namespace altkit::io
