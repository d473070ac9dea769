#pragma once

#include <string>
#include <string_view>

namespace altkit::xml {

/// Escapes text for XML 1.0 character data and attribute values (double-quoted): & < > " are
/// replaced by entities, and control characters XML 1.0 does not allow become '?'.
inline std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
        out += '?';
      } else {
        out += c;
      }
    }
  }
  return out;
}

} // namespace altkit::xml
