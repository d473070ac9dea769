#pragma once

// The identifier-check flags of seres-validate and corpus-check, as their options structs carry
// them (a public header: no more than the standard library). What they do: id_check.hpp.

#include <string>
#include <vector>

namespace altkit::validate {

/// The identifier flags as a tool's command line gives them. Plain data.
struct IdFlags {
  bool check_ids = false;         ///< --check-ids: check organisasjonsnummer, fødselsnummer/D-nummer, kontonummer
  bool allow_synthetic = false;   ///< --allow-synthetic-ids: test persons (month + 40 or + 80) pass
  std::vector<std::string> specs; ///< --check-id KIND=PATH (orgnr, fnr, kontonr, none; /a/b or //name), repeatable
  std::string file;               ///< --id-paths FILE: KIND=PATH lines
};

} // namespace altkit::validate
