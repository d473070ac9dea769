#include "altkit/io/encoder.hpp"

#include <cctype>
#include <iconv.h>

#include <stdexcept>

namespace altkit::io {

Utf8ToEncoding::Utf8ToEncoding(const std::string& to) : m_to(to) {
  if (to == "UTF-8") {
    return;
  }
  iconv_t cd = ::iconv_open(to.c_str(), "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw std::runtime_error("no converter from UTF-8 to " + to);
  }
  m_cd = cd;
}

Utf8ToEncoding::~Utf8ToEncoding() {
  if (m_cd != nullptr) {
    ::iconv_close(static_cast<iconv_t>(m_cd));
  }
}

std::string Utf8ToEncoding::encode(std::string_view utf8) {
  if (m_cd == nullptr) {
    return std::string(utf8);
  }
  auto cd = static_cast<iconv_t>(m_cd);
  ::iconv(cd, nullptr, nullptr, nullptr, nullptr); // a fresh shift state for every call
  std::string out(utf8.size() * 4 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* o = out.data();
  std::size_t o_left = out.size();
  if (::iconv(cd, &in, &in_left, &o, &o_left) == static_cast<std::size_t>(-1)) {
    throw std::runtime_error("'" + std::string(utf8) + "' cannot be written in " + m_to);
  }
  out.resize(out.size() - o_left);
  return out;
}

bool is_ascii_transparent(const std::string& encoding) {
  std::string upper;
  for (char c : encoding) {
    if (c != '-' && c != '_') {
      upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  // Stateful encodings pass any probe in their initial state, yet a '<' byte inside a shifted
  // run is no '<': refuse them by name.
  for (const char* stateful : {"UTF7", "2022", "HZ", "UTF32", "UCS4", "UCS2", "UTF16"}) {
    if (upper.find(stateful) != std::string::npos) {
      return false;
    }
  }
  try {
    static const std::string probe =
        "<>/=\"'?!-_.:;& \t\r\nabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    return Utf8ToEncoding(encoding).encode(probe) == probe;
  } catch (const std::exception&) {
    return false;
  }
}

std::optional<std::size_t> first_invalid_utf8(std::string_view s) {
  const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
  const auto* p = begin;
  const auto* end = p + s.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n = 0;
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
      return static_cast<std::size_t>(p - begin);
    }
    bool ok = end - p > n && p[1] >= lo && p[1] <= hi;
    for (int i = 2; ok && i <= n; ++i) {
      ok = p[i] >= 0x80 && p[i] <= 0xBF;
    }
    if (!ok) {
      return static_cast<std::size_t>(p - begin);
    }
    p += n + 1;
  }
  return std::nullopt;
}

} // namespace altkit::io
