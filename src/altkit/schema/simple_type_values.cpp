#include "altkit/schema/simple_type_values.hpp"

#include "altkit/io/base64.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace altkit::schema::values {

namespace {

// Seconds since 1970 of years up to 18 digits long do not fit 64 bits.
__extension__ typedef __int128 Wide;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string_view strip_leading_zeros(std::string_view d) {
  std::size_t i = 0;
  while (i < d.size() && d[i] == '0') {
    ++i;
  }
  return d.substr(i);
}

std::string_view strip_trailing_zeros(std::string_view d) {
  std::size_t n = d.size();
  while (n > 0 && d[n - 1] == '0') {
    --n;
  }
  return d.substr(0, n);
}

int compare_magnitude(const Decimal& a, const Decimal& b) {
  if (a.int_digits.size() != b.int_digits.size()) {
    return a.int_digits.size() < b.int_digits.size() ? -1 : 1;
  }
  if (int c = a.int_digits.compare(b.int_digits); c != 0) {
    return c < 0 ? -1 : 1;
  }
  // Fraction digits compare left to right; a missing digit is a zero, and no fraction ends in one.
  int c = a.frac_digits.compare(b.frac_digits);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Decodes one UTF-8 sequence (the parser hands over well-formed UTF-8).
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  int extra = b < 0x80 ? 0 : b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
  char32_t cp = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
  ++i;
  for (int k = 0; k < extra && i < s.size(); ++k, ++i) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  }
  return cp;
}

bool in(char32_t c, char32_t lo, char32_t hi) {
  return c >= lo && c <= hi;
}

// XML 1.0 Fifth Edition §2.3 NameStartChar (without ':' when `colon` is false), as Xerces-C 3.2
// applies it, but without the characters beyond the BMP (#x10000-#xEFFFF): XSD 1.0 takes Name from
// XML 1.0 Second Edition, where they are no name characters, and Xerces-C refuses them too.
// (libxml2 2.9.14 applies the Second Edition's tables throughout, so it refuses e.g. '⁰a'.)
bool is_name_start(char32_t c, bool colon) {
  if (c < 0x80) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (colon && c == ':');
  }
  return in(c, 0xC0, 0xD6) || in(c, 0xD8, 0xF6) || in(c, 0xF8, 0x2FF) || in(c, 0x370, 0x37D) || in(c, 0x37F, 0x1FFF) ||
         in(c, 0x200C, 0x200D) || in(c, 0x2070, 0x218F) || in(c, 0x2C00, 0x2FEF) || in(c, 0x3001, 0xD7FF) ||
         in(c, 0xF900, 0xFDCF) || in(c, 0xFDF0, 0xFFFD);
}

bool is_name_char(char32_t c, bool colon) {
  return is_name_start(c, colon) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7 ||
         in(c, 0x300, 0x36F) || in(c, 0x203F, 0x2040);
}

bool name_like(std::string_view s, bool colon, bool first_is_start) {
  if (s.empty()) {
    return false;
  }
  std::size_t i = 0;
  bool first = true;
  while (i < s.size()) {
    char32_t c = next_code_point(s, i);
    bool ok = (first && first_is_start) ? is_name_start(c, colon) : is_name_char(c, colon);
    if (!ok) {
      return false;
    }
    first = false;
  }
  return true;
}

// Reads exactly two digits at `pos` into `out`.
bool two_digits(std::string_view s, std::size_t& pos, int& out) {
  if (pos + 2 > s.size() || !is_digit(s[pos]) || !is_digit(s[pos + 1])) {
    return false;
  }
  out = (s[pos] - '0') * 10 + (s[pos + 1] - '0');
  pos += 2;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// §3.2.7 year: '-'? yyyy+, no leading zero past four digits, not 0000 (XSD 1.0: no year zero).
bool parse_year(std::string_view s, std::size_t& pos, std::int64_t& year) {
  bool negative = expect(s, pos, '-');
  std::size_t start = pos;
  while (pos < s.size() && is_digit(s[pos])) {
    ++pos;
  }
  std::size_t n = pos - start;
  if (n < 4 || (n > 4 && s[start] == '0') || n > 18) {
    return false;
  }
  std::int64_t v = 0;
  for (std::size_t i = start; i < pos; ++i) {
    v = v * 10 + (s[i] - '0');
  }
  if (v == 0) {
    return false;
  }
  year = negative ? -v : v;
  return true;
}

bool is_leap(std::int64_t year) {
  // Xerces-C (XMLDateTime::isLeapYear) applies the Gregorian rule to the year as written, also to
  // negative years; XSD 1.0 leaves years before 1 open, so the reference's reading is taken.
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int days_in_month(std::int64_t year, int month) {
  static const int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : k_days[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (XSD 1.0 years: no year zero, so -0001 is
// the year before 0001).
Wide days_from_civil(std::int64_t year, int month, int day) {
  Wide y = year < 0 ? year + 1 : year;
  if (month <= 2) {
    y -= 1;
  }
  Wide era = (y >= 0 ? y : y - 399) / 400;
  Wide yoe = y - era * 400;
  int mp = month > 2 ? month - 3 : month + 9;
  Wide doy = (153 * mp + 2) / 5 + day - 1;
  Wide doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Reads the digits after a '.' (at least one) as a fraction scaled to 10^18; `rest` tells whether
// a digit past the 18th is not zero.
bool read_fraction(std::string_view s, std::size_t& pos, std::uint64_t& frac, bool& rest) {
  std::size_t start = pos;
  std::uint64_t scale = 100000000000000000ULL;
  while (pos < s.size() && is_digit(s[pos])) {
    if (scale > 0) {
      frac += static_cast<std::uint64_t>(s[pos] - '0') * scale;
      scale /= 10;
    } else if (s[pos] != '0') {
      rest = true;
    }
    ++pos;
  }
  return pos > start;
}

bool parse_time_part(std::string_view s, std::size_t& pos, DateTime& out) {
  if (!two_digits(s, pos, out.hour) || !expect(s, pos, ':') || !two_digits(s, pos, out.minute) ||
      !expect(s, pos, ':') || !two_digits(s, pos, out.second)) {
    return false;
  }
  if (expect(s, pos, '.') && !read_fraction(s, pos, out.frac, out.frac_rest)) {
    return false;
  }
  // Xerces-C takes a 60th second (a leap second, as ISO 8601 allows); XSD 1.0 §3.2.7 does not
  // rule it out in so many words, so the reference's reading is taken.
  if (out.minute > 59 || out.second > 60) {
    return false;
  }
  // §3.2.7 (Second Edition): 24:00:00 is allowed as the end of a day, nothing past it.
  if (out.hour > 24 || (out.hour == 24 && (out.minute != 0 || out.second != 0 || out.frac != 0 || out.frac_rest))) {
    return false;
  }
  return true;
}

bool parse_timezone(std::string_view s, std::size_t& pos, DateTime& out) {
  if (pos == s.size()) {
    return true;
  }
  if (s[pos] == 'Z') {
    ++pos;
    out.has_tz = true;
    out.tz_minutes = 0;
    return true;
  }
  if (s[pos] != '+' && s[pos] != '-') {
    return false;
  }
  int sign = s[pos] == '-' ? -1 : 1;
  ++pos;
  int h = 0, m = 0;
  if (!two_digits(s, pos, h) || !expect(s, pos, ':') || !two_digits(s, pos, m)) {
    return false;
  }
  if (h > 14 || m > 59 || (h == 14 && m != 0)) {
    return false;
  }
  out.has_tz = true;
  out.tz_minutes = sign * (h * 60 + m);
  return true;
}

void add_one_day(DateTime& d) {
  if (++d.day > days_in_month(d.year, d.month)) {
    d.day = 1;
    if (++d.month > 12) {
      d.month = 1;
      d.year = d.year == -1 ? 1 : d.year + 1;
    }
  }
}

struct Instant {
  Wide seconds;
  std::uint64_t frac;
  bool rest;
};

Instant to_instant(const DateTime& d, int extra_offset_minutes) {
  Wide s = days_from_civil(d.year, d.month, d.day) * 86400 + d.hour * 3600 + d.minute * 60 + d.second;
  s -= static_cast<Wide>(d.tz_minutes + extra_offset_minutes) * 60;
  return {s, d.frac, d.frac_rest};
}

int compare_instants(const Instant& a, const Instant& b) {
  if (a.seconds != b.seconds) {
    return a.seconds < b.seconds ? -1 : 1;
  }
  if (a.frac != b.frac) {
    return a.frac < b.frac ? -1 : 1;
  }
  if (a.rest != b.rest) {
    return a.rest ? 1 : -1; // digits past the 18th: only their presence counts
  }
  return 0;
}

// `a` has a timezone and `b` has none: §3.2.7.4 rule C.
Order compare_mixed(const DateTime& a, const DateTime& b) {
  Instant ia = to_instant(a, 0);
  if (compare_instants(ia, to_instant(b, 14 * 60)) < 0) {
    return Order::less;
  }
  if (compare_instants(ia, to_instant(b, -14 * 60)) > 0) {
    return Order::greater;
  }
  return Order::indeterminate;
}

Order flip(Order o) {
  return o == Order::less ? Order::greater : o == Order::greater ? Order::less : o;
}

// Reads digits at pos; returns their count.
std::size_t skip_digits(std::string_view s, std::size_t& pos) {
  std::size_t start = pos;
  while (pos < s.size() && is_digit(s[pos])) {
    ++pos;
  }
  return pos - start;
}

// RFC 2373 §2.2 text forms: eight groups of 1-4 hex digits, one "::" standing for one or more
// zero groups, the last 32 bits optionally dotted IPv4.
bool is_ipv6(std::string_view a) {
  std::size_t elided = a.find("::");
  if (elided != std::string_view::npos && a.find("::", elided + 1) != std::string_view::npos) {
    return false;
  }
  int groups = 0;
  std::size_t pos = 0;
  while (pos <= a.size()) {
    if (elided != std::string_view::npos && pos == elided) {
      pos += 2;
      if (pos >= a.size()) {
        break;
      }
      continue;
    }
    std::size_t end = a.find(':', pos);
    std::string_view group = a.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (end == std::string_view::npos && group.find('.') != std::string_view::npos) {
      int octets = 0;
      for (std::size_t p = 0; p <= group.size(); ++octets) {
        std::size_t dot = group.find('.', p);
        std::string_view o = group.substr(p, dot == std::string_view::npos ? std::string_view::npos : dot - p);
        if (o.empty() || o.size() > 3 || o.find_first_not_of("0123456789") != std::string_view::npos ||
            (o.size() == 3 && o > "255")) {
          return false;
        }
        p = dot == std::string_view::npos ? group.size() + 1 : dot + 1;
      }
      if (octets != 4) {
        return false;
      }
      groups += 2;
      break;
    }
    if (group.empty() || group.size() > 4 ||
        group.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos) {
      return false;
    }
    ++groups;
    if (end == std::string_view::npos) {
      break;
    }
    pos = end + (end == elided ? 0 : 1);
  }
  return elided != std::string_view::npos ? groups < 8 : groups == 8;
}

} // namespace

bool is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool parse_decimal(std::string_view s, Decimal& out, bool integer_only) {
  std::size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    negative = s[pos] == '-';
    ++pos;
  }
  std::size_t int_start = pos;
  std::size_t n_int = skip_digits(s, pos);
  std::string_view ip = s.substr(int_start, n_int);
  std::string_view fp;
  std::size_t n_frac = 0;
  if (!integer_only && pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t frac_start = pos;
    n_frac = skip_digits(s, pos);
    fp = s.substr(frac_start, n_frac);
  }
  if (pos != s.size() || n_int + n_frac == 0) {
    return false;
  }
  out.int_digits = strip_leading_zeros(ip);
  out.frac_digits = strip_trailing_zeros(fp);
  out.negative = negative && !(out.int_digits.empty() && out.frac_digits.empty());
  return true;
}

Order compare(const Decimal& a, const Decimal& b) {
  if (a.negative != b.negative) {
    return a.negative ? Order::less : Order::greater;
  }
  int c = compare_magnitude(a, b);
  if (a.negative) {
    c = -c;
  }
  return c < 0 ? Order::less : c > 0 ? Order::greater : Order::equal;
}

bool parse_floating(std::string_view s, double& out, bool single) {
  if (s == "INF") {
    out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (s == "-INF") {
    out = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (s == "NaN") {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  std::size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    negative = s[pos] == '-';
    ++pos;
  }
  std::size_t mantissa_start = pos;
  std::size_t n_int = skip_digits(s, pos);
  std::size_t n_frac = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    n_frac = skip_digits(s, pos);
  }
  if (n_int + n_frac == 0) {
    return false;
  }
  std::size_t mantissa_end = pos;
  if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
    ++pos;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
      ++pos;
    }
    if (skip_digits(s, pos) == 0) {
      return false;
    }
  }
  if (pos != s.size()) {
    return false;
  }
  // from_chars takes no '+', and reads the rest exactly as the lexical form says (round to nearest).
  std::string_view body = s.substr(mantissa_start);
  double v = 0;
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), v);
  if (ec == std::errc::result_out_of_range) {
    // Too large or too small for a double: the nearest value is infinity or zero. Decide by the
    // position of the first significant digit against the exponent.
    long first_sig = 0;
    bool found = false;
    long digits_before_point = static_cast<long>(n_int);
    long idx = 0;
    for (std::size_t i = mantissa_start; i < mantissa_end; ++i) {
      if (s[i] == '.') {
        continue;
      }
      if (s[i] != '0') {
        first_sig = digits_before_point - idx;
        found = true;
        break;
      }
      ++idx;
    }
    long exponent = 0;
    if (mantissa_end < s.size()) {
      std::string_view e = s.substr(mantissa_end + 1);
      bool eneg = !e.empty() && e[0] == '-';
      if (!e.empty() && (e[0] == '+' || e[0] == '-')) {
        e.remove_prefix(1);
      }
      for (char c : e) {
        exponent = exponent < 100000000 ? exponent * 10 + (c - '0') : exponent;
      }
      exponent = eneg ? -exponent : exponent;
    }
    v = (found && first_sig + exponent > 0) ? std::numeric_limits<double>::infinity() : 0.0;
  } else if (ec != std::errc() || ptr != body.data() + body.size()) {
    return false;
  }
  if (single) {
    v = static_cast<double>(static_cast<float>(v));
  }
  out = negative ? -v : v;
  return true;
}

Order compare_floating(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) {
    return std::isnan(a) && std::isnan(b) ? Order::equal : Order::indeterminate;
  }
  return a < b ? Order::less : a > b ? Order::greater : Order::equal;
}

bool parse_date(std::string_view s, DateKind kind, DateTime& out) {
  out = DateTime{};
  std::size_t pos = 0;
  bool has_year = false, has_month = false, has_day = false, has_time = false;
  switch (kind) {
  case DateKind::date_time:
  case DateKind::date:
    has_year = has_month = has_day = true;
    has_time = kind == DateKind::date_time;
    if (!parse_year(s, pos, out.year) || !expect(s, pos, '-') || !two_digits(s, pos, out.month) ||
        !expect(s, pos, '-') || !two_digits(s, pos, out.day)) {
      return false;
    }
    if (has_time && (!expect(s, pos, 'T') || !parse_time_part(s, pos, out))) {
      return false;
    }
    break;
  case DateKind::time:
    has_time = true;
    if (!parse_time_part(s, pos, out)) {
      return false;
    }
    break;
  case DateKind::g_year_month:
    has_year = has_month = true;
    if (!parse_year(s, pos, out.year) || !expect(s, pos, '-') || !two_digits(s, pos, out.month)) {
      return false;
    }
    break;
  case DateKind::g_year:
    has_year = true;
    if (!parse_year(s, pos, out.year)) {
      return false;
    }
    break;
  case DateKind::g_month_day:
    has_month = has_day = true;
    if (!expect(s, pos, '-') || !expect(s, pos, '-') || !two_digits(s, pos, out.month) || !expect(s, pos, '-') ||
        !two_digits(s, pos, out.day)) {
      return false;
    }
    break;
  case DateKind::g_day:
    has_day = true;
    if (!expect(s, pos, '-') || !expect(s, pos, '-') || !expect(s, pos, '-') || !two_digits(s, pos, out.day)) {
      return false;
    }
    break;
  case DateKind::g_month:
    has_month = true;
    if (!expect(s, pos, '-') || !expect(s, pos, '-') || !two_digits(s, pos, out.month)) {
      return false;
    }
    // --MM-- is the form of the First Edition, which Second Edition's erratum E2-12 replaced by
    // --MM; Xerces-C (and libxml2) still take it.
    if (s.substr(pos, 2) == "--") {
      pos += 2;
    }
    break;
  }
  if (!parse_timezone(s, pos, out) || pos != s.size()) {
    return false;
  }
  if (has_month && (out.month < 1 || out.month > 12)) {
    return false;
  }
  if (has_day) {
    // Without a year (gMonthDay) February has 29 days; without a month (gDay) every month 31.
    int max_day = has_month ? days_in_month(has_year ? out.year : 2000, out.month) : 31;
    if (out.day < 1 || out.day > max_day) {
      return false;
    }
  }
  if (has_time && out.hour == 24) {
    // 00:00:00 of the next day. For xs:time that day is the day after the reference day, as
    // Xerces-C compares it: 24:00:00 lies after every other time (XSD 1.0 leaves this open; 1.1
    // §3.3.8 makes it 00:00:00 instead).
    out.hour = 0;
    add_one_day(out);
  }
  return true;
}

Order compare(const DateTime& a, const DateTime& b) {
  if (a.has_tz == b.has_tz) {
    int c = compare_instants(to_instant(a, 0), to_instant(b, 0));
    return c < 0 ? Order::less : c > 0 ? Order::greater : Order::equal;
  }
  return a.has_tz ? compare_mixed(a, b) : flip(compare_mixed(b, a));
}

bool parse_duration(std::string_view s, Duration& out) {
  out = Duration{};
  std::size_t pos = 0;
  out.negative = expect(s, pos, '-');
  if (!expect(s, pos, 'P')) {
    return false;
  }
  bool any = false;
  bool in_time = false;
  bool time_part = false;
  // Designators in their order; each at most once.
  const char* order = "YMDHMS";
  static const std::int64_t k_seconds[] = {0, 0, 0, 3600, 60, 1};
  int next = 0;
  while (pos < s.size()) {
    if (s[pos] == 'T') {
      if (in_time) {
        return false;
      }
      in_time = true;
      next = 3;
      ++pos;
      continue;
    }
    std::size_t start = pos;
    std::size_t n = skip_digits(s, pos);
    std::string_view digits = s.substr(start, n);
    bool fraction = false;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      if (!read_fraction(s, pos, out.frac, out.frac_rest)) {
        return false;
      }
      fraction = true;
    }
    // Seconds may be written ".5" (Xerces-C takes it, XSD 1.1 §3.3.6.2 writes it out), not "1.".
    if ((n == 0 && !fraction) || pos == s.size()) {
      return false;
    }
    char d = s[pos++];
    int found = -1;
    for (int k = next; k < (in_time ? 6 : 3); ++k) {
      if (order[k] == d) {
        found = k;
        break;
      }
    }
    if (found < 0 || (fraction && d != 'S') || (d == 'S' && !in_time)) {
      return false;
    }
    digits = strip_leading_zeros(digits);
    if (digits.size() > 12) {
      out.huge = true; // any number of digits is valid; such a value is compared as written
    } else {
      std::int64_t v = 0;
      for (char c : digits) {
        v = v * 10 + (c - '0');
      }
      if (found == 0) {
        out.months += v * 12;
      } else if (found == 1) {
        out.months += v;
      } else if (found == 2) {
        out.days += v;
      } else {
        out.seconds += v * k_seconds[found];
      }
    }
    next = found + 1;
    any = true;
    time_part = time_part || in_time;
  }
  return any && (!in_time || time_part);
}

bool same_duration(const Duration& a, const Duration& b) {
  // §3.2.6: months and seconds are the value (P1D = PT24H, P1Y = P12M; P1M and P30D differ).
  auto seconds = [](const Duration& d) { return static_cast<Wide>(d.days) * 86400 + d.seconds; };
  bool zero_a = a.months == 0 && seconds(a) == 0 && a.frac == 0 && !a.frac_rest;
  bool zero_b = b.months == 0 && seconds(b) == 0 && b.frac == 0 && !b.frac_rest;
  if (zero_a || zero_b) {
    return zero_a && zero_b;
  }
  return a.negative == b.negative && a.months == b.months && seconds(a) == seconds(b) && a.frac == b.frac &&
         a.frac_rest == b.frac_rest;
}

bool parse_hex_binary(std::string_view s, std::size_t& octets) {
  if (s.size() % 2 != 0) {
    return false;
  }
  for (char c : s) {
    if (!is_digit(c) && !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  octets = s.size() / 2;
  return true;
}

bool parse_base64_binary(std::string_view s, std::size_t& octets) {
  // Collect the significant characters (whitespace may stand between any two) and check the
  // Base64Binary production: quads of B64 characters; the last may end in B16 '=' or B04 '=='
  // whose unused bits are zero.
  std::size_t count = 0, pads = 0;
  int last_value = 0, before_pad_value = 0;
  for (char c : s) {
    if (is_xml_space(c)) {
      continue;
    }
    if (c == '=') {
      if (pads == 0) {
        before_pad_value = last_value;
      }
      ++pads;
      ++count;
      continue;
    }
    int v = io::base64_sextet(c);
    if (v < 0 || pads > 0) {
      return false;
    }
    last_value = v;
    ++count;
  }
  if (count % 4 != 0 || pads > 2) {
    return false;
  }
  if (pads == 1 && (before_pad_value & 0x03) != 0) {
    return false;
  }
  if (pads == 2 && (before_pad_value & 0x0F) != 0) {
    return false;
  }
  // Whitespace: after whiteSpace collapse single spaces remain between characters; the production
  // allows them anywhere between two B64 characters (and before the padding).
  octets = count / 4 * 3 - pads;
  return true;
}

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++n;
    }
  }
  return n;
}

bool is_any_uri(std::string_view s) {
  // §3.2.17: a string that, once the characters URIs disallow are %-escaped (XLink §5.4), is a URI
  // reference (RFC 2396/2732). Escaping cannot mend three things, which Xerces-C and libxml2 both
  // refuse: a '%' not followed by two hex digits, a second '#', and a scheme that is not
  // ALPHA *(ALPHA / DIGIT / "+" / "-" / ".") or is followed by nothing. '[' and ']' stand only
  // around an IPv6 host.
  std::size_t hashes = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      auto hex = [&](std::size_t k) {
        return k < s.size() && (is_digit(s[k]) || (s[k] >= 'a' && s[k] <= 'f') || (s[k] >= 'A' && s[k] <= 'F'));
      };
      if (!hex(i + 1) || !hex(i + 2)) {
        return false;
      }
    } else if (c == '#') {
      if (++hashes > 1) {
        return false;
      }
    }
  }
  // Brackets are data in a query, a fragment and an opaque part (mailto:, urn:), and stand around
  // an IPv6 host; anywhere else (a path, the rest of an authority) they are errors.
  std::string_view main = s.substr(0, s.find_first_of("?#"));
  bool query = s.size() > main.size() && s[main.size()] == '?';
  auto bracket_free = [](std::string_view part) { return part.find_first_of("[]") == std::string_view::npos; };
  std::string_view rest = main;
  std::size_t colon = main.find_first_of(":/");
  if (colon != std::string_view::npos && main[colon] == ':') {
    std::string_view scheme = main.substr(0, colon);
    if (scheme.empty() || !((scheme[0] >= 'a' && scheme[0] <= 'z') || (scheme[0] >= 'A' && scheme[0] <= 'Z'))) {
      return false;
    }
    for (char c : scheme) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '+' || c == '-' || c == '.';
      if (!ok) {
        return false;
      }
    }
    rest = main.substr(colon + 1);
    if (rest.empty() && !query) {
      return false; // "http:", "urn:#x": nothing after the scheme
    }
    if (rest.empty() || rest[0] != '/') {
      return true; // opaque
    }
  }
  if (rest.substr(0, 2) == "//") {
    std::size_t slash = rest.find('/', 2);
    std::string_view authority = rest.substr(2, slash == std::string_view::npos ? slash : slash - 2);
    std::string_view path = rest.substr(2 + authority.size());
    std::size_t at = authority.find('@');
    std::string_view user = at == std::string_view::npos ? std::string_view() : authority.substr(0, at);
    std::string_view host = authority.substr(at == std::string_view::npos ? 0 : at + 1);
    if (!bracket_free(user)) {
      return false;
    }
    if (!host.empty() && host[0] == '[') {
      // RFC 2732: "[" IPv6address "]" [ ":" port ].
      std::size_t close = host.find(']');
      if (close == std::string_view::npos || !is_ipv6(host.substr(1, close - 1))) {
        return false;
      }
      std::string_view port = host.substr(close + 1);
      if (!port.empty() && (port[0] != ':' || port.find_first_not_of("0123456789", 1) != std::string_view::npos)) {
        return false;
      }
    } else if (!bracket_free(host)) {
      return false;
    }
    return bracket_free(path);
  }
  return bracket_free(rest);
}

bool is_name(std::string_view s) {
  return name_like(s, true, true);
}
bool is_ncname(std::string_view s) {
  return name_like(s, false, true);
}
bool is_nmtoken(std::string_view s) {
  return name_like(s, true, false);
}

bool is_language(std::string_view s) {
  std::size_t pos = 0;
  bool first = true;
  while (true) {
    std::size_t start = pos;
    while (pos < s.size() && pos - start < 9 &&
           ((s[pos] >= 'a' && s[pos] <= 'z') || (s[pos] >= 'A' && s[pos] <= 'Z') || (!first && is_digit(s[pos])))) {
      ++pos;
    }
    std::size_t n = pos - start;
    if (n < 1 || n > 8) {
      return false;
    }
    if (pos == s.size()) {
      return true;
    }
    if (s[pos] != '-') {
      return false;
    }
    ++pos;
    first = false;
  }
}

} // namespace altkit::schema::values
