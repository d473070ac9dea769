#pragma once

// Private to schema/simple_type.cpp (and its unit test): the lexical spaces and value spaces of
// the XSD 1.0 built-in primitive types the compiled engine checks, parsed from string_views
// without allocating. Rules: XML Schema 1.0 Part 2 (Second Edition) §3.2 and §3.3.

#include <cstdint>
#include <string>
#include <string_view>

namespace altkit::schema::values {

/// Result of comparing two values in a (possibly partial) order: §3.2.7.4 dateTimes and NaN are
/// not totally ordered.
enum class Order { less, equal, greater, indeterminate };

bool is_xml_space(char c);

/// A decimal in value space: sign, integer digits without leading zeros, fraction digits without
/// trailing zeros (zero: both empty, never negative). The views point into the parsed text.
struct Decimal {
  bool negative = false;
  std::string_view int_digits;
  std::string_view frac_digits;
};

/// §3.2.3.1 decimal (integer_only: §3.3.13 integer, no '.'). Any number of digits; exact.
bool parse_decimal(std::string_view s, Decimal& out, bool integer_only);
Order compare(const Decimal& a, const Decimal& b);

/// The same, owning its digits (facet bounds, parsed once at compile time).
struct StoredDecimal {
  bool negative = false;
  std::string int_digits, frac_digits;
  Decimal view() const { return {negative, int_digits, frac_digits}; }
  static StoredDecimal from(const Decimal& d) {
    return {d.negative, std::string(d.int_digits), std::string(d.frac_digits)};
  }
};

/// §3.2.4 float / §3.2.5 double: mantissa and exponent, INF, -INF, NaN. `single` rounds to float.
bool parse_floating(std::string_view s, double& out, bool single);
/// NaN is equal to itself and incomparable with anything else (§3.2.4, §3.2.5).
Order compare_floating(double a, double b);

/// The seven-property model of §3.2.7 for dateTime and its partial types; absent fields hold the
/// reference values (year 2000, month 1, day 1, 00:00:00), as Xerces fills them for comparison.
struct DateTime {
  std::int64_t year = 2000;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0;
  std::uint64_t frac = 0; ///< fractional seconds scaled to 10^18
  bool frac_rest = false; ///< non-zero digits beyond the 18th
  bool has_tz = false;
  int tz_minutes = 0; ///< offset from UTC (local = UTC + offset)
};

enum class DateKind { date_time, time, date, g_year_month, g_year, g_month_day, g_day, g_month };

/// Parses the lexical form of `kind` (§3.2.7-§3.2.14): four-digit (or longer, no leading zero)
/// years, no year 0000, month lengths and leap years, 24:00:00 only with zero minutes and seconds
/// (it is 00:00:00 of the next day, §3.2.7), timezones from -14:00 to +14:00.
bool parse_date(std::string_view s, DateKind kind, DateTime& out);
/// §3.2.7.4: UTC-normalised comparison; a value with a timezone against one without is decided
/// only when it lies outside the other's ±14:00 range, otherwise indeterminate.
Order compare(const DateTime& a, const DateTime& b);

/// §3.2.6 duration as months and seconds (days, hours, minutes folded into seconds).
struct Duration {
  bool negative = false;
  std::int64_t months = 0, days = 0, seconds = 0;
  std::uint64_t frac = 0; ///< fractional seconds scaled to 10^18
  bool frac_rest = false;
  bool huge = false; ///< a number of more than 12 digits: not folded, compared as written
};

/// §3.2.6 duration: PnYnMnDTnHnMnS (at least one part; T only before a time part).
bool parse_duration(std::string_view s, Duration& out);
/// Equality of two durations (not huge): the same months and the same seconds.
bool same_duration(const Duration& a, const Duration& b);

/// §3.2.15 hexBinary: an even number of hex digits; `octets` = their count / 2.
bool parse_hex_binary(std::string_view s, std::size_t& octets);
/// §3.2.16 base64Binary (the Base64Binary production: groups of four, padding only at the end
/// with zero pad bits, whitespace between characters); `octets` = decoded length.
bool parse_base64_binary(std::string_view s, std::size_t& octets);

/// Number of Unicode code points in UTF-8 text (§4.3.1: length in characters).
std::size_t count_code_points(std::string_view s);

/// §3.2.17 anyURI: what %-escaping of disallowed characters cannot turn into a URI reference.
bool is_any_uri(std::string_view s);

/// XML 1.0 (Fifth Edition) Name / NCName / Nmtoken productions over UTF-8 (§3.3.6-§3.3.8, §3.3.4).
bool is_name(std::string_view s);
bool is_ncname(std::string_view s);
bool is_nmtoken(std::string_view s);
/// RFC 3066 as §3.3.3 language states it: [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*
bool is_language(std::string_view s);

} // namespace altkit::schema::values
