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

ShortNameResult resolve_short_name(std::string_view short_name, const servicemap::ServiceMap* map) {
  ShortNameResult r;
  std::string_view s = short_name;
  while (!s.empty() && is_xml_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_xml_space(s.back())) {
    s.remove_suffix(1);
  }
  if (s.empty()) {
    r.problem = ShortNameProblem::empty;
    return r;
  }
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
  if (two_tokens && ascii && utf8_length(tokens[0]) <= 7) {
    r.service = ServiceRef{tokens[0], strip_zeros(tokens[1])};
    return r;
  }
  // Free text ("Skatteoppgjør 2007" splits, but into no valid code): the map, never a guess.
  if (map != nullptr) {
    if (auto svc = map->short_name(std::string(s))) {
      r.service = ServiceRef{svc->code, svc->edition};
      r.legacy = true;
      return r;
    }
  }
  r.problem = two_tokens && ascii ? ShortNameProblem::code_too_long : ShortNameProblem::unmapped_legacy;
  return r;
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

} // namespace

std::optional<std::string> to_datetime(std::string_view raw, bool end, bool with_offset) {
  std::string v(raw);
  v.erase(std::remove_if(v.begin(), v.end(), is_xml_space), v.end());
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  int consumed = 0;
  if (std::sscanf(v.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3 || consumed != 10 || mo < 1 || mo > 12 ||
      d < 1 || d > 31) {
    return std::nullopt;
  }
  std::string rest = v.substr(10);
  std::string fraction;
  bool has_zone = false;
  long zone_seconds = 0;
  if (rest.empty()) {
    h = end ? 23 : 0;
    mi = end ? 59 : 0;
    sec = end ? 59 : 0;
  } else {
    int n = 0;
    if (rest[0] != 'T' || std::sscanf(rest.c_str(), "T%2d:%2d:%2d%n", &h, &mi, &sec, &n) != 3 || n != 9 || h > 24 ||
        mi > 59 || sec > 60) {
      return std::nullopt;
    }
    rest = rest.substr(9);
    if (!rest.empty() && rest[0] == '.') {
      std::size_t k = 1;
      while (k < rest.size() && std::isdigit(static_cast<unsigned char>(rest[k])) != 0) {
        ++k;
      }
      fraction = rest.substr(0, k);
      rest = rest.substr(k);
    }
    if (rest == "Z") {
      has_zone = true;
    } else if (!rest.empty()) {
      int zh = 0, zm = 0;
      if ((rest[0] != '+' && rest[0] != '-') || std::sscanf(rest.c_str() + 1, "%2d:%2d%n", &zh, &zm, &n) != 2 ||
          n != 5) {
        return std::nullopt;
      }
      has_zone = true;
      zone_seconds = (zh * 3600L + zm * 60L) * (rest[0] == '-' ? -1 : 1);
    }
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  std::time_t t = 0;
  if (has_zone) {
    t = ::timegm(&tm) - zone_seconds; // an instant: show it in the target zone
  } else {
    tm.tm_isdst = -1; // local wall time in the target zone; mktime settles DST gaps and overlaps
    t = std::mktime(&tm);
  }
  if (!has_zone && !with_offset) {
    // Keep the wall time exactly as given (no DST shifting of a time that does not exist).
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, sec);
    return std::string(buf) + fraction;
  }
  std::string s = format_local(t, with_offset);
  if (!fraction.empty()) {
    s.insert(19, fraction);
  }
  return s;
}

std::string now_datetime(bool with_offset) {
  std::time_t t = std::time(nullptr);
  if (const char* sde = std::getenv("SOURCE_DATE_EPOCH")) {
    t = static_cast<std::time_t>(std::strtoll(sde, nullptr, 10));
  }
  return format_local(t, with_offset);
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
