#pragma once

// The value conversions XSLT 1.0 does badly: shortName parsing, base64 repair, dates and times,
// attachment file names. Every output kind takes its instants and names from here.

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
/// Hidden characters are normalised first (README: shortName): a Unicode space other than XML
/// whitespace (U+00A0 no-break space, U+2007, U+202F, ...) reads as a space, an invisible one
/// (U+200B zero-width space, U+FEFF, U+00AD soft hyphen, direction marks) is removed; a legacy
/// name is looked up as written first, then normalised. `hidden` names what was found.
struct ShortNameResult {
  std::optional<ServiceRef> service;
  ShortNameProblem problem = ShortNameProblem::none;
  bool legacy = false; ///< resolved through the map
  std::string hidden;  ///< the hidden characters it held ("U+00A0 (no-break space)", ...); "" when none
};
ShortNameResult resolve_short_name(std::string_view short_name, const servicemap::ServiceMap* map);

/// `text` with every character a reader cannot see shown as `<U+XXXX>`: controls (tab, line
/// breaks), Unicode spaces other than U+0020, zero-width and format characters. For messages.
std::string show_hidden(std::string_view text);

/// True when a ServiceCode has leading zeros ("004711"): kept as written, with a warning
/// (domain.md §11 A5: normalise the edition numerically, keep the code verbatim and warn).
bool has_leading_zeros(std::string_view service_code);

/// Base64 as AltUt carries it: whitespace and line breaks anywhere, padding sometimes missing.
/// Returns the canonical form (no whitespace, padded), or nullopt when it is not base64 at all.
/// `decoded`, when given, receives the bytes.
std::optional<std::string> repair_base64(std::string_view text, std::string* decoded = nullptr);

/// How a time without an offset was placed on the time line (README: time policy).
enum class TimeRule {
  as_given,     ///< the local time exists once (or the value had an offset or Z)
  next_day,     ///< 24:00:00: the next day's 00:00:00 (XML Schema's own rule)
  spring_gap,   ///< a local time the zone skips (DST starts): moved forward by the gap
  autumn_twice, ///< a local time the zone has twice (DST ends): the first, summer-time one
};

/// A point in time read from AltUt, the one source of every output kind's dates and times.
struct Instant {
  std::time_t utc = 0;  ///< seconds since the epoch
  std::string fraction; ///< fractional seconds as written (".453"), or ""
  long offset = 0;      ///< the process time zone's UTC offset at `utc`, in seconds east
  TimeRule rule = TimeRule::as_given;
  std::string written; ///< the value as given (whitespace removed)
};

/// Reads an AltUt date or dateTime (xs:date or xs:dateTime, checked completely: month lengths,
/// leap years, 24:00:00 only as a whole hour, offsets up to 14:00). A date gets 00:00:00 (`end`
/// false) or 23:59:59 (`end` true). A value with an offset or Z is that instant; one without is
/// a local time in the process time zone (the tool sets TZ from --timezone), placed by TimeRule.
/// Returns nullopt for a value that is not a date. Thread-safe once the zone is set.
std::optional<Instant> to_instant(std::string_view value, bool end);

/// `at` as an xs:dateTime in the process time zone: local wall time, the fraction kept, and
/// `+HH:MM` when `with_offset`. Thread-safe once the zone is set.
std::string format_instant(const Instant& at, bool with_offset);

/// What a warning says about a time placed by spring_gap or autumn_twice ("" otherwise): the
/// value, the rule applied and the instant taken.
std::string describe_time_rule(const Instant& at);

/// to_instant, then format_instant: an AltUt date or dateTime as an xs:dateTime for Altinn II.
std::optional<std::string> to_datetime(std::string_view value, bool end, bool with_offset);

/// The current time (or SOURCE_DATE_EPOCH when set, for reproducible output) in the same form.
std::string now_datetime(bool with_offset);

/// An attachment's FileName: the base name of `filename`, without any folder part ('/' or '\\'
/// separated, a drive such as "C:" too); a name that is nothing but a folder, "." or ".." becomes
/// "attachment". Unchanged when it carries no path. Pure.
std::string attachment_file_name(std::string_view filename);

/// Makes `zone` (an IANA name such as Europe/Oslo) the zone dates are converted in, for the whole
/// process: sets TZ and calls tzset(). Call on the main thread before any worker starts (tzset
/// is not thread-safe). Returns "" when done; when /usr/share/zoneinfo has no such zone, the
/// reason, and nothing changes.
std::string use_time_zone(const std::string& zone);

} // namespace altkit::convert
