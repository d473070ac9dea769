#pragma once

// Base64 (RFC 4648, standard alphabet, padded): how a JSON report carries a name whose bytes
// are not UTF-8 (`file_bytes`), since a JSON string can only hold Unicode text.

#include <optional>
#include <string>
#include <string_view>

namespace altkit::io {

/// `bytes` as base64, padded, no line breaks. Pure.
std::string base64_encode(std::string_view bytes);

/// The value (0-63) of one character of the standard alphabet, -1 for any other. Pure.
int base64_sextet(char c);

/// The bytes of strict base64 (padded, no whitespace, nothing else), or nullopt. Pure.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace altkit::io
