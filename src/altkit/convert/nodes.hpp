#pragma once

// Walking a Message's tree by local names (namespaces ignored): shared by the pre-checks and the
// Altinn 3 builder. Pure functions on a tree nobody changes meanwhile; thread-safe so.

#include <libxml/tree.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace altkit::convert {

/// Whether `n` is an element named `local`.
inline bool is(const xmlNode* n, const char* local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(n->name), local) == 0;
}

/// The child elements of `n` named `local`, in order (none when `n` is null).
inline std::vector<const xmlNode*> children(const xmlNode* n, const char* local) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = n != nullptr ? n->children : nullptr; c != nullptr; c = c->next) {
    if (is(c, local)) {
      out.push_back(c);
    }
  }
  return out;
}

/// The first child element of `n` named `local`, or null.
inline const xmlNode* first(const xmlNode* n, const char* local) {
  for (const xmlNode* c = n != nullptr ? n->children : nullptr; c != nullptr; c = c->next) {
    if (is(c, local)) {
      return c;
    }
  }
  return nullptr;
}

/// The line of `n` in its document (libxml2's).
inline std::uint64_t line_of(const xmlNode* n) {
  return static_cast<std::uint64_t>(xmlGetLineNo(n));
}

} // namespace altkit::convert
