#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace altkit::io {

/// Converts UTF-8 text into another encoding (iconv), opened once and reused: callers convert on
/// hot paths (a rewritten tag, a generated message). UTF-8 to UTF-8 is a copy. Not thread-safe.
class Utf8ToEncoding {
public:
  /// Throws std::runtime_error when iconv knows no such encoding.
  explicit Utf8ToEncoding(const std::string& to);
  ~Utf8ToEncoding();
  Utf8ToEncoding(const Utf8ToEncoding&) = delete;
  Utf8ToEncoding& operator=(const Utf8ToEncoding&) = delete;

  /// Throws std::runtime_error when the text cannot be written in the target encoding.
  std::string encode(std::string_view utf8);
  const std::string& target() const { return m_to; }

private:
  std::string m_to;
  void* m_cd = nullptr; ///< iconv_t; null for UTF-8
};

/// True when `encoding` writes XML's markup characters (ASCII letters, digits, < > / = " ' and
/// the like) as the same single bytes as ASCII and has no shift states, so markup can be found
/// and spliced byte by byte. False for UTF-7, ISO-2022-*, EBCDIC, UCS-2/4 and names iconv does
/// not know. (UTF-16 is not "transparent" either; callers handle it as 2-byte units.)
bool is_ascii_transparent(const std::string& encoding);

/// The offset of the first byte of `s` that does not belong to well-formed UTF-8 (RFC 3629: no
/// overlong forms, no surrogates, nothing past U+10FFFF), or nullopt when all of it is.
std::optional<std::size_t> first_invalid_utf8(std::string_view s);

/// True for well-formed UTF-8 (see first_invalid_utf8).
inline bool is_utf8(std::string_view s) {
  return !first_invalid_utf8(s);
}

} // namespace altkit::io
