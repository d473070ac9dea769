#include "altkit/io/encoder.hpp"

#include "altkit/diag/names.hpp"

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
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = diag::utf8_length_at(s, i);
    if (n == 0) {
      return i;
    }
    i += n;
  }
  return std::nullopt;
}

} // namespace altkit::io
