#pragma once

#include "altkit/diag/exit_code.hpp"

#include <cstdint>
#include <iosfwd>
#include <string>

namespace altkit::gen {

struct AltutGenOptions {
  std::uint64_t seed = 1;
  std::size_t files = 1;
  std::size_t messages = 10; ///< per file
  std::uint64_t size = 0;    ///< > 0: one file of about this many bytes, streamed
  std::string output_dir;
};

/// corpus-gen altut: AltUt batch files with seeded variety (1-50 participants, attachments,
/// notifications, reply options by ServiceCode and by legacy formNumber/version, legacy
/// shortNames, Norwegian letters; UTF-8, ISO-8859-1 and SOAP-wrapped files) and the matching
/// `service-map.csv`. Same seed, same bytes. Memory is bounded whatever the size: each message is
/// written as it is made. Returns the exit code; messages go to `err`.
diag::ExitCode run_altut_gen(const AltutGenOptions& options, std::ostream& err);

/// The most documents, files or messages per file a corpus-gen option takes: 100 million.
inline constexpr std::size_t k_max_count = 100'000'000;

/// The largest --size corpus-gen altut writes: 1 TiB.
inline constexpr std::uint64_t k_max_size = std::uint64_t{1} << 40;

/// Parses "1G", "256M", "64K" or a byte count, 1 byte to k_max_size; throws
/// std::invalid_argument saying why otherwise (no sign, no wrap-around: issue 16, item 13).
std::uint64_t parse_size(const std::string& text);

} // namespace altkit::gen
