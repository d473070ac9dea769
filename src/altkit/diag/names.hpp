#pragma once

// File names as reports show them: bytes (POSIX), written on one line and reversibly (issue 16,
// item 9), and the one UTF-8 check the library uses.

#include <cstddef>
#include <string>
#include <string_view>

namespace altkit::diag {

/// The length of the well-formed UTF-8 sequence that starts at `s[i]` (RFC 3629: no overlong
/// forms, no surrogates, nothing past U+10FFFF; 1 for ASCII), or 0 when none starts there.
/// Pure; the one UTF-8 check (io::first_invalid_utf8 walks with it).
std::size_t utf8_length_at(std::string_view s, std::size_t i);

/// A file name as text shows it, on one line and reversibly (README "Names in reports"): a
/// backslash as `\\`; a line feed, carriage return and tab as `\n`, `\r`, `\t`; any other C0
/// control, DEL, and every byte that is not part of well-formed UTF-8 as `\xHH` (upper-case hex);
/// a C1 control (U+0080 to U+009F) as `\u00HH`; everything else as it is. Names are bytes on
/// POSIX: the Latin-1 name shows as `lat\xF8.xml`, the UTF-8 one as `latø.xml`. Pure.
std::string escape_name(std::string_view name);

/// escape_name's text read back to the bytes (`\\`, `\n`, `\r`, `\t`, `\xHH`, `\u00HH`); a
/// backslash that starts none of these is taken as it is. Pure.
std::string unescape_name(std::string_view shown);

} // namespace altkit::diag
