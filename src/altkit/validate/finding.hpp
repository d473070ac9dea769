#pragma once

// The finding model both engines share: what an engine message is about, read from the text the
// engine gives (neither libxml2's structured error nor Xerces' error reporter carries the value
// or the attribute as a field). The engines' classifiers (libxml_validator.cpp, classify();
// xerces/validator.cpp, classify()) map each message kind to a code; these helpers give the
// other two parts of a finding: the attribute it is about (its path then ends in `/@name`) and
// the offending value (which, with the code and the path, identifies one fault for
// merge_engines). Pure; thread-safe.

#include <string>
#include <string_view>

namespace altkit::validate {

/// The text between the single quote at `open` and the next one; empty when unclosed.
inline std::string quoted_at(std::string_view s, std::size_t open) {
  std::size_t close = s.find('\'', open + 1);
  return close == std::string_view::npos ? std::string() : std::string(s.substr(open + 1, close - open - 1));
}

/// The value an engine message names: "key-sequence ['X']" (libxml2 identity constraints),
/// "value 'X'" / "Value 'X'" (both engines' facets and Xerces' datatypes), or a message (after
/// libxml2's "element 'e':", "attribute 'a':" and "[facet 'f']" prefixes) that starts with a
/// quoted value ("'X' is not a valid value of the atomic type ..."). Empty when it names none.
inline std::string offending_value(std::string_view m) {
  if (std::size_t k = m.find("key-sequence ['"); k != std::string_view::npos) {
    return quoted_at(m, k + 14);
  }
  for (std::string_view v : {"value '", "Value '"}) {
    if (std::size_t k = m.find(v); k != std::string_view::npos) {
      return quoted_at(m, k + v.size() - 1);
    }
  }
  std::size_t i = 0;
  for (std::string_view prefix : {"element '", "attribute '", "[facet '"}) {
    std::size_t at = m.find(prefix, i);
    if (at == i || (at != std::string_view::npos && at == i + 2 && prefix == "attribute '")) { // ", attribute"
      std::size_t close = m.find('\'', at + prefix.size());
      if (close == std::string_view::npos) {
        return {};
      }
      i = close + 1;
      while (i < m.size() && (m[i] == ':' || m[i] == ']' || m[i] == ' ' || m[i] == ',')) {
        ++i;
      }
    }
  }
  return i < m.size() && m[i] == '\'' ? quoted_at(m, i) : std::string();
}

/// The attribute an engine message is about: "attribute 'a'" in either engine's wording
/// ("element 'e', attribute 'a': ...", "missing required attribute 'a'", "attribute 'a' is not
/// declared ..."). Empty when none is named.
inline std::string attribute_named(std::string_view m) {
  std::size_t k = m.find("attribute '");
  return k == std::string_view::npos ? std::string() : quoted_at(m, k + 10);
}

} // namespace altkit::validate
