#pragma once

// Norwegian identifiers: the checks Altinn itself makes on organisasjonsnummer, fødselsnummer,
// D-nummer and kontonummer. Pure functions on text: no allocation beyond the result's message,
// no state; safe from any thread. Rules from Brønnøysundregistrene (organisasjonsnummer: 9 digits,
// MOD11 weights 3 2 7 6 5 4 3 2), Skatteetaten (fødselsnummer/D-nummer: 11 digits, two MOD11 check
// digits with weights 3 7 6 1 8 9 4 5 2 and 5 4 3 2 7 6 5 4 3 2, a real date; D-nummer adds 4 to
// the first digit; synthetic test numbers add 40 (NAV) or 80 (Skatteetaten) to the month) and
// Bits/the banks' standard (kontonummer: 11 digits, MOD11 weights 5 4 3 2 7 6 5 4 3 2). See
// ../shared/docs/domain.md §8.

#include <cstddef>
#include <string>
#include <string_view>

namespace altkit::ident {

/// Why an identifier is not valid (or that it is).
enum class Verdict {
  valid,
  wrong_length,         ///< not the kind's number of characters
  not_digits,           ///< a character other than ASCII 0-9
  bad_check_digit,      ///< a MOD11 check digit does not match (or the remainder allows none)
  bad_date,             ///< fødselsnummer/D-nummer: the birth date does not exist
  synthetic_not_allowed ///< a synthetic test number (month + 40 or + 80) where they are not allowed
};

/// What a valid person number turned out to be.
enum class PersonKind { none, fodselsnummer, d_nummer };

struct Result {
  Verdict verdict = Verdict::valid;
  PersonKind person = PersonKind::none; ///< person numbers only
  bool synthetic = false;               ///< person numbers only: month + 40 or + 80
  bool ok() const { return verdict == Verdict::valid; }
};

/// The MOD11 check digit of `digits` (ASCII digits, one weight each, `count` of them
/// used): 11 - (Σ dᵢ·wᵢ mod 11), 11 → 0, and -1 when the result is 10 (no valid number has
/// those leading digits). Precondition: `digits` holds at least `count` ASCII digits.
int mod11_check_digit(std::string_view digits, const int* weights, std::size_t count);

/// Organisasjonsnummer: exactly 9 ASCII digits, the last the MOD11 check digit of the first 8.
Result check_organisasjonsnummer(std::string_view text);

/// Fødselsnummer or D-nummer: exactly 11 ASCII digits, DDMMYY + individual number (3) + two check
/// digits; the date must exist (the century follows from the individual number, Skatteetaten's
/// table; 29 February only in leap years). A D-nummer has 4 added to the first digit. With
/// `allow_synthetic`, a month with 40 or 80 added (test numbers) is accepted and marked synthetic;
/// without, such a number is `synthetic_not_allowed` (once its check digits and date are right).
Result check_personnummer(std::string_view text, bool allow_synthetic);

/// Kontonummer: exactly 11 ASCII digits, the last the MOD11 check digit of the first 10.
Result check_kontonummer(std::string_view text);

/// One line in English for a verdict, e.g. "the check digit does not match".
std::string_view describe(Verdict v);

} // namespace altkit::ident
