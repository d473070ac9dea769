#pragma once

#include <cstddef>

namespace altkit::xml {

/// Resource bounds applied by every parser altkit runs, in both engines.
/// DOCTYPE declarations are refused outright, so no entity is ever declared, expanded or fetched.
struct ParseLimits {
  std::size_t max_depth = 256;                   ///< element nesting
  std::size_t max_attribute_length = 10'000'000; ///< bytes in one attribute value (libxml2's own bound)
};

} // namespace altkit::xml
