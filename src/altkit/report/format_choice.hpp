#pragma once

#include "altkit/report/reporter.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::report {

/// The report format a file name implies, from its extension (case-insensitive): .jsonl,
/// .ndjson and .json -> jsonl (every altkit JSON report is JSON Lines; SARIF has its own
/// extension), .xml -> junit, .sarif and .sarif.json -> sarif, .txt and .log -> text, .html and
/// .htm -> html.
/// Anything else, and "-" (stdout), implies nothing (nullopt). Pure; thread-safe.
std::optional<Format> format_for_path(std::string_view path);

/// The name parse_format() reads back: "text", "jsonl", "junit", "sarif" or "html".
const char* format_name(Format f);

/// The format of a tool's report (README: "Reports"). `given` is -f/--format as typed (empty:
/// not given), `path` the --report file (empty: none). An explicit format wins; without one, the
/// format the path's extension implies, when the tool writes it (`supported`), else `fallback`.
/// Throws diag::Error(usage) naming both when the extension implies another format the tool
/// writes (`--report x.sarif -f jsonl`), or when `given` is not in `supported`. Thread-safe.
Format choose_format(std::string_view path, std::string_view given, const std::vector<Format>& supported,
                     Format fallback);

} // namespace altkit::report
