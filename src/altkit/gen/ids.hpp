#pragma once

#include "altkit/gen/rng.hpp"

#include <string>

namespace altkit::gen {

/// A valid organisasjonsnummer (9 digits, MOD11 check digit; domain.md §8).
std::string organisasjonsnummer(Rng& rng);

/// A synthetic fødselsnummer (11 digits, both check digits valid) from the Tax Administration's
/// synthetic series (month + 80), so it can never be a real person's; its individual number fits
/// the century table, so ident::check_personnummer(n, true) accepts it.
std::string synthetic_fodselsnummer(Rng& rng);

} // namespace altkit::gen
