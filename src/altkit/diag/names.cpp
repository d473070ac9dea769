#include "altkit/diag/names.hpp"

namespace altkit::diag {

std::size_t utf8_length_at(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = at(i);
  if (c < 0x80) {
    return 1;
  }
  std::size_t n = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 2;
    lo = c == 0xE0 ? 0xA0 : 0x80;
    hi = c == 0xED ? 0x9F : 0xBF;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 3;
    lo = c == 0xF0 ? 0x90 : 0x80;
    hi = c == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (s.size() - i <= n || at(i + 1) < lo || at(i + 1) > hi) {
    return 0;
  }
  for (std::size_t k = 2; k <= n; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) {
      return 0;
    }
  }
  return n + 1;
}

namespace {
constexpr char k_upper_hex[] = "0123456789ABCDEF";

void append_hex_escape(std::string& out, const char* prefix, unsigned char b) {
  out += prefix;
  out += k_upper_hex[b >> 4];
  out += k_upper_hex[b & 0xF];
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}
} // namespace

std::string escape_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size();) {
    auto c = static_cast<unsigned char>(name[i]);
    std::size_t n = utf8_length_at(name, i);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F || n == 0) {
      append_hex_escape(out, "\\x", c);
    } else if (c == 0xC2 && static_cast<unsigned char>(name[i + 1]) <= 0x9F) {
      append_hex_escape(out, "\\u00", static_cast<unsigned char>(name[i + 1]));
    } else {
      out.append(name.data() + i, n);
    }
    i += n == 0 ? 1 : n;
  }
  return out;
}

std::string unescape_name(std::string_view shown) {
  std::string out;
  out.reserve(shown.size());
  for (std::size_t i = 0; i < shown.size(); ++i) {
    char c = shown[i];
    char next = i + 1 < shown.size() ? shown[i + 1] : '\0';
    if (c != '\\') {
      out += c;
    } else if (next == '\\' || next == 'n' || next == 'r' || next == 't') {
      out += next == 'n' ? '\n' : next == 'r' ? '\r' : next == 't' ? '\t' : '\\';
      ++i;
    } else if (next == 'x' && i + 3 < shown.size() && hex_value(shown[i + 2]) >= 0 && hex_value(shown[i + 3]) >= 0) {
      out += static_cast<char>(hex_value(shown[i + 2]) * 16 + hex_value(shown[i + 3]));
      i += 3;
    } else if (next == 'u' && i + 5 < shown.size() && shown.substr(i + 2, 2) == "00" &&
               (shown[i + 4] == '8' || shown[i + 4] == '9') && hex_value(shown[i + 5]) >= 0) {
      // a C1 control: U+0080 to U+009F, as UTF-8
      out += static_cast<char>(0xC2);
      out += static_cast<char>(hex_value(shown[i + 4]) * 16 + hex_value(shown[i + 5]));
      i += 5;
    } else {
      out += c;
    }
  }
  return out;
}

} // namespace altkit::diag
