#pragma once

#include "altkit/diag/exit_code.hpp"

#include <cstdint>
#include <iosfwd>
#include <string>

namespace altkit::gen {

struct ConfirmationsGenOptions {
  std::uint64_t seed = 1;
  std::size_t files = 1;
  std::size_t confirmations = 100; ///< per file
  bool altinn3 = false;            ///< Altinn 3 correspondence details (JSON Lines) instead of Altinn II XML
  std::string output_dir;
};

/// corpus-gen confirmations: inputs for confirmations-convert, for benchmarks and tests. Altinn II
/// CorrespondenceConfirmations files (alternately namespace 2009/10 and 2010/10; one SystemUserCode
/// whose SequenceNo/PreviousSequenceNo run on from file to file; ServiceCode_ServiceEdition and
/// services the generated `service-map.csv` lists under a legacy name; about 40 % confirmed, with
/// AuthenticationMethod 1-4), or with `altinn3` Altinn 3 correspondence details as JSON Lines
/// (recipients as organisation and person URNs, Read and Confirmed events, some not read yet)
/// and `resources.csv`. Every confirmation converts. Same seed, same bytes; each confirmation is
/// written as it is made, so memory does not grow with the count. Files are written atomically.
/// Returns the exit code; messages go to `err`.
diag::ExitCode run_confirmations_gen(const ConfirmationsGenOptions& options, std::ostream& err);

} // namespace altkit::gen
