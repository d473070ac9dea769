#include "altkit/convert/values.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

namespace altkit::convert {

namespace {

bool is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string strip_zeros(std::string s) {
  auto p = s.find_first_not_of('0');
  return p == std::string::npos ? "0" : s.substr(p);
}

} // namespace

namespace {

/// One UTF-8 character at `s[i]`: its code point and length (an invalid byte: itself, length 1).
std::pair<char32_t, std::size_t> decode_utf8(std::string_view s, std::size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) {
    return {b, 1};
  }
  char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    auto cont = static_cast<unsigned char>(s[i + k]);
    if ((cont & 0xC0) != 0x80) {
      return {b, 1};
    }
    c = (c << 6) | (cont & 0x3F);
  }
  return {c, n};
}

enum class Hidden { no, space, invisible };

/// What a character is to someone reading a shortName: seen, a space in disguise, or nothing.
/// (Unicode: the Zs spaces other than U+0020, line and paragraph separators, NEL; the zero-width,
/// joiner, direction and byte-order marks, soft hyphen, word joiner.)
Hidden hidden_kind(char32_t c) {
  if (c == 0xA0 || c == 0x85 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
      c == 0x202F || c == 0x205F || c == 0x3000) {
    return Hidden::space;
  }
  if (c == 0xAD || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
      (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF) {
    return Hidden::invisible;
  }
  return Hidden::no;
}

const char* hidden_name(char32_t c) {
  switch (c) {
  case 0xA0:
    return "no-break space";
  case 0x2007:
    return "figure space";
  case 0x202F:
    return "narrow no-break space";
  case 0xAD:
    return "soft hyphen";
  case 0x200B:
    return "zero-width space";
  case 0x200C:
    return "zero-width non-joiner";
  case 0x200D:
    return "zero-width joiner";
  case 0x2060:
    return "word joiner";
  case 0xFEFF:
    return "zero-width no-break space (byte order mark)";
  default:
    return hidden_kind(c) == Hidden::space ? "a Unicode space" : "an invisible format character";
  }
}

std::string code_point(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

/// `s` with hidden spaces as ' ' and invisible characters removed; `found` lists them once each.
std::string normalise_hidden(std::string_view s, std::string& found) {
  std::string out;
  std::vector<char32_t> seen;
  for (std::size_t i = 0; i < s.size();) {
    auto [c, n] = decode_utf8(s, i);
    Hidden kind = hidden_kind(c);
    if (kind == Hidden::no) {
      out.append(s.substr(i, n));
    } else {
      if (kind == Hidden::space) {
        out.push_back(' ');
      }
      if (std::find(seen.begin(), seen.end(), c) == seen.end()) {
        seen.push_back(c);
        found += (found.empty() ? "" : ", ") + code_point(c) + " (" + hidden_name(c) + ")";
      }
    }
    i += n;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_xml_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_xml_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

/// "C_E" or "C E": the code and the edition, or nullopt; `too_long` when only the code's length fails.
std::optional<ServiceRef> split_short_name(std::string_view s, bool& too_long) {
  // Split on '_' or a run of whitespace.
  std::vector<std::string> tokens;
  std::string cur;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_' || is_xml_space(c)) {
      tokens.push_back(cur);
      cur.clear();
      while (c != '_' && i + 1 < s.size() && is_xml_space(s[i + 1])) {
        ++i;
      }
      continue;
    }
    cur.push_back(c);
  }
  tokens.push_back(cur);
  bool two_tokens = tokens.size() == 2 && !tokens[0].empty() && all_digits(tokens[1]);
  bool ascii = std::all_of(tokens[0].begin(), tokens[0].end(), [](char c) { return (c & 0x80) == 0; });
  too_long = two_tokens && ascii && utf8_length(tokens[0]) > 7;
  if (two_tokens && ascii && !too_long) {
    return ServiceRef{tokens[0], strip_zeros(tokens[1])};
  }
  return std::nullopt;
}

} // namespace

ShortNameResult resolve_short_name(std::string_view short_name, const servicemap::ServiceMap* map) {
  ShortNameResult r;
  std::string normalised = normalise_hidden(short_name, r.hidden);
  std::string_view s = trim(normalised);
  if (s.empty()) {
    r.problem = ShortNameProblem::empty;
    return r;
  }
  bool too_long = false;
  if (auto svc = split_short_name(s, too_long)) {
    r.service = std::move(svc);
    return r;
  }
  // Free text ("Skatteoppgjør 2007" splits, but into no valid code): the map, never a guess; a
  // name holding a hidden character as written first, then as read.
  if (map != nullptr) {
    auto svc = map->short_name(std::string(trim(short_name)));
    if (!svc && !r.hidden.empty()) {
      svc = map->short_name(std::string(s));
    }
    if (svc) {
      r.service = ServiceRef{svc->code, svc->edition};
      r.legacy = true;
      return r;
    }
  }
  r.problem = too_long ? ShortNameProblem::code_too_long : ShortNameProblem::unmapped_legacy;
  return r;
}

std::string show_hidden(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    auto [c, n] = decode_utf8(text, i);
    if ((c < 0x20 && n == 1) || c == 0x7F || hidden_kind(c) != Hidden::no) {
      out += "<" + code_point(c) + ">";
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

bool has_leading_zeros(std::string_view service_code) {
  return service_code.size() > 1 && service_code[0] == '0';
}

std::optional<std::string> repair_base64(std::string_view text, std::string* decoded) {
  static const std::string k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string clean;
  clean.reserve(text.size());
  std::size_t padding = 0;
  for (char c : text) {
    if (is_xml_space(c)) {
      continue;
    }
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0 || k_alphabet.find(c) == std::string::npos) {
      return std::nullopt; // a character that is not base64, or data after the padding
    }
    clean.push_back(c);
  }
  if (padding > 2 || clean.size() % 4 == 1) {
    return std::nullopt;
  }
  std::size_t rem = clean.size() % 4;
  if (padding != 0 && (rem == 0 || padding != 4 - rem)) {
    return std::nullopt; // padding that does not fit the data
  }
  // Decode, and check that the last character carries no bits beyond the data (canonical).
  std::string out;
  out.reserve(clean.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : clean) {
    buffer = (buffer << 6) | static_cast<unsigned>(k_alphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) {
    return std::nullopt;
  }
  if (rem != 0) {
    clean.append(4 - rem, '=');
  }
  if (decoded != nullptr) {
    *decoded = std::move(out);
  }
  return clean;
}

namespace {

std::string format_local(std::time_t t, bool with_offset) {
  std::tm tm{};
  ::localtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string s = buf;
  if (with_offset) {
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    off = off < 0 ? -off : off;
    char o[32];
    std::snprintf(o, sizeof o, "%c%02ld:%02ld", sign, off / 3600, (off % 3600) / 60);
    s += o;
  }
  return s;
}

long offset_at(std::time_t t) {
  std::tm tm{};
  ::localtime_r(&t, &tm);
  return tm.tm_gmtoff;
}

bool leap_year(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static const int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap_year(y) ? 29 : k_days[m - 1];
}

/// The fields of an xs:date or xs:dateTime, checked completely (XML Schema Part 2, 3.2.7).
struct Fields {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  std::string fraction;
  bool has_zone = false;
  long zone_seconds = 0;
};

/// `s` at `at` is "DD:DD" (two-digit numbers, a colon): their values, else false.
bool two_pairs(const std::string& s, std::size_t at, int& a, int& b) {
  if (s.size() < at + 5 || s[at + 2] != ':' || !all_digits(s.substr(at, 2)) || !all_digits(s.substr(at + 3, 2))) {
    return false;
  }
  a = (s[at] - '0') * 10 + (s[at + 1] - '0');
  b = (s[at + 3] - '0') * 10 + (s[at + 4] - '0');
  return true;
}

bool read_time(const std::string& rest_in, Fields& f) {
  if (rest_in.size() < 9 || rest_in[0] != 'T' || !two_pairs(rest_in, 1, f.h, f.mi) || rest_in[6] != ':' ||
      !all_digits(rest_in.substr(7, 2)) || f.h > 24 || f.mi > 59) {
    return false;
  }
  f.sec = (rest_in[7] - '0') * 10 + (rest_in[8] - '0');
  if (f.sec > 59) {
    return false;
  }
  std::string rest = rest_in.substr(9);
  if (!rest.empty() && rest[0] == '.') {
    std::size_t k = 1;
    while (k < rest.size() && std::isdigit(static_cast<unsigned char>(rest[k])) != 0) {
      ++k;
    }
    if (k == 1) {
      return false; // a point without digits
    }
    f.fraction = rest.substr(0, k);
    rest = rest.substr(k);
  }
  // 24:00:00 is the end of the day: the next day's 00:00:00, and only as a whole hour.
  if (f.h == 24 && (f.mi != 0 || f.sec != 0 || f.fraction.find_first_not_of(".0") != std::string::npos)) {
    return false;
  }
  if (rest == "Z") {
    f.has_zone = true;
  } else if (!rest.empty()) {
    int zh = 0, zm = 0;
    if ((rest[0] != '+' && rest[0] != '-') || rest.size() != 6 || !two_pairs(rest, 1, zh, zm) || zm > 59 || zh > 14 ||
        (zh == 14 && zm != 0)) {
      return false;
    }
    f.has_zone = true;
    f.zone_seconds = (zh * 3600L + zm * 60L) * (rest[0] == '-' ? -1 : 1);
  }
  return true;
}

std::optional<Fields> read_fields(const std::string& v, bool end) {
  Fields f;
  if (v.size() < 10 || !all_digits(v.substr(0, 4)) || v[4] != '-' || !all_digits(v.substr(5, 2)) || v[7] != '-' ||
      !all_digits(v.substr(8, 2))) {
    return std::nullopt;
  }
  f.y = std::atoi(v.substr(0, 4).c_str());
  f.mo = std::atoi(v.substr(5, 2).c_str());
  f.d = std::atoi(v.substr(8, 2).c_str());
  if (f.y < 1 || f.mo < 1 || f.mo > 12 || f.d < 1 || f.d > days_in_month(f.y, f.mo)) {
    return std::nullopt;
  }
  if (v.size() == 10) {
    f.h = end ? 23 : 0;
    f.mi = end ? 59 : 0;
    f.sec = end ? 59 : 0;
    return f;
  }
  if (!read_time(v.substr(10), f)) {
    return std::nullopt;
  }
  return f;
}

} // namespace

std::optional<Instant> to_instant(std::string_view raw, bool end) {
  Instant at;
  at.written.assign(raw);
  at.written.erase(std::remove_if(at.written.begin(), at.written.end(), is_xml_space), at.written.end());
  auto f = read_fields(at.written, end);
  if (!f) {
    return std::nullopt;
  }
  at.fraction = f->fraction;
  std::tm tm{};
  tm.tm_year = f->y - 1900;
  tm.tm_mon = f->mo - 1;
  tm.tm_mday = f->d;
  tm.tm_hour = f->h; // timegm carries 24:00:00 over into the next day
  tm.tm_min = f->mi;
  tm.tm_sec = f->sec;
  const std::time_t wall = ::timegm(&tm); // the fields as if they were UTC
  if (f->has_zone) {
    at.utc = wall - f->zone_seconds;
  } else {
    // A local time: the offsets in force around it are the candidates; one whose instant shows
    // this wall time places it. None: it falls in a gap (the offset before the gap moves it
    // forward by the gap). Two: it exists twice (the larger offset is the first occurrence).
    constexpr std::time_t k_day = 86400;
    const long before = offset_at(wall - 2 * k_day);
    std::vector<long> fits;
    for (long off : {before, offset_at(wall), offset_at(wall + 2 * k_day)}) {
      if (offset_at(wall - off) == off && std::find(fits.begin(), fits.end(), off) == fits.end()) {
        fits.push_back(off);
      }
    }
    if (fits.empty()) {
      at.utc = wall - before;
      at.rule = TimeRule::spring_gap;
    } else {
      at.utc = wall - *std::max_element(fits.begin(), fits.end());
      at.rule = fits.size() > 1 ? TimeRule::autumn_twice : f->h == 24 ? TimeRule::next_day : TimeRule::as_given;
    }
  }
  at.offset = offset_at(at.utc);
  return at;
}

std::string format_instant(const Instant& at, bool with_offset) {
  std::string s = format_local(at.utc, with_offset);
  if (!at.fraction.empty()) {
    s.insert(19, at.fraction);
  }
  return s;
}

std::string describe_time_rule(const Instant& at) {
  const char* zone = std::getenv("TZ");
  std::string in = std::string(" in ") + (zone != nullptr && *zone != '\0' ? zone : "the local time zone");
  switch (at.rule) {
  case TimeRule::spring_gap:
    return "local time '" + at.written + "' does not exist" + in +
           " (clocks go forward): moved forward by the gap, to " + format_instant(at, true);
  case TimeRule::autumn_twice:
    return "local time '" + at.written + "' occurs twice" + in +
           " (clocks go back): the first occurrence, in summer time, is taken: " + format_instant(at, true);
  default:
    return {};
  }
}

std::optional<std::string> to_datetime(std::string_view raw, bool end, bool with_offset) {
  auto at = to_instant(raw, end);
  if (!at) {
    return std::nullopt;
  }
  return format_instant(*at, with_offset);
}

std::string now_datetime(bool with_offset) {
  std::time_t t = std::time(nullptr);
  if (const char* sde = std::getenv("SOURCE_DATE_EPOCH")) {
    t = static_cast<std::time_t>(std::strtoll(sde, nullptr, 10));
  }
  return format_local(t, with_offset);
}

std::string attachment_file_name(std::string_view filename) {
  std::string_view base = filename;
  auto slash = base.find_last_of("/\\");
  if (slash != std::string_view::npos) {
    base.remove_prefix(slash + 1);
  }
  if (base.size() >= 2 && base[1] == ':' && std::isalpha(static_cast<unsigned char>(base[0])) != 0) {
    base.remove_prefix(2); // "C:a.pdf", relative to a drive
  }
  if (base == "." || base == ".." || (base.empty() && !filename.empty())) {
    return "attachment";
  }
  return std::string(base);
}

std::string use_time_zone(const std::string& zone) {
  if (zone.empty() || zone.find("..") != std::string::npos || !std::filesystem::exists("/usr/share/zoneinfo/" + zone)) {
    return "unknown time zone '" + zone + "' (no /usr/share/zoneinfo/" + zone + ")";
  }
  ::setenv("TZ", zone.c_str(), 1);
  ::tzset();
  return {};
}

} // namespace altkit::convert
