#pragma once

// The value conversions XSLT 1.0 does badly: shortName parsing, base64 repair, dates.

#include "altkit/servicemap/service_map.hpp"

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace altkit::convert {

/// The Altinn II service a Message names in its shortName.
struct ServiceRef {
  std::string code;
  std::string edition; ///< normalised: no leading zeros; empty when the shortName had none
};

/// Why a shortName names no service.
enum class ShortNameProblem { none, empty, unmapped_legacy, code_too_long };

/// Parses "C_E" or "C E" (any run of XML whitespace, trimmed): two tokens, the edition all
/// digits. Anything else is a legacy free-text shortName, looked up in `map` (never guessed).
/// A code over 7 characters is refused (Altinn II batch: maxLength 7).
struct ShortNameResult {
  std::optional<ServiceRef> service;
  ShortNameProblem problem = ShortNameProblem::none;
  bool legacy = false; ///< resolved through the map
};
ShortNameResult resolve_short_name(std::string_view short_name, const servicemap::ServiceMap* map);

/// Base64 as AltUt carries it: whitespace and line breaks anywhere, padding sometimes missing.
/// Returns the canonical form (no whitespace, padded), or nullopt when it is not base64 at all.
/// `decoded`, when given, receives the bytes.
std::optional<std::string> repair_base64(std::string_view text, std::string* decoded = nullptr);

/// Turns an AltUt date or dateTime into an xs:dateTime for Altinn II (README: date policy).
/// A date gets 00:00:00 (`end` false) or 23:59:59 (`end` true). A value with an offset or Z is
/// moved to local time in the process time zone (the tool sets TZ from --timezone). The result
/// has no offset unless `with_offset`. Returns nullopt for a value that is not a date.
std::optional<std::string> to_datetime(std::string_view value, bool end, bool with_offset);

/// The current time (or SOURCE_DATE_EPOCH when set, for reproducible output) in the same form.
std::string now_datetime(bool with_offset);

/// Makes `zone` (an IANA name such as Europe/Oslo) the zone dates are converted in, for the whole
/// process: sets TZ and calls tzset(). Call on the main thread before any worker starts (tzset
/// is not thread-safe). Returns "" when done; when /usr/share/zoneinfo has no such zone, the
/// reason, and nothing changes.
std::string use_time_zone(const std::string& zone);

} // namespace altkit::convert
