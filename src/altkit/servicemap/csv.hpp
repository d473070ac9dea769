#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::servicemap {

/// One CSV record with the line it starts on (1-based; a quoted field may span lines).
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

/// A syntax error with its line.
struct CsvError {
  std::size_t line = 0;
  std::string message;
};

/// Parses RFC 4180 CSV: comma-separated, fields optionally in double quotes, "" for a quote
/// inside quotes, CRLF or LF line ends, a final line end optional. A UTF-8 BOM is skipped.
/// Blank lines are skipped. Returns the records, or the first error.
struct CsvResult {
  std::vector<CsvRecord> records;
  std::optional<CsvError> error;
};
CsvResult parse_csv(std::string_view text);

} // namespace altkit::servicemap
