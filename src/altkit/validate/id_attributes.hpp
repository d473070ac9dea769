#pragma once

// xs:ID uniqueness for the libxml2 engine. libxml2 2.9's streaming validator (xmlSchemaSAXPlug)
// checks an xs:ID value's lexical form only: the uniqueness check (XSD 1.0 cvc-id.2) registers
// IDs on the attribute node of a tree, and a stream has none. So altkit finds which attributes
// the schema types xs:ID and checks their values itself while streaming.

#include <set>
#include <string>

namespace altkit::validate {

/// The local names of the unqualified attributes that `schema_path` (with the local schema
/// documents it includes, imports or redefines) declares of type xs:ID, directly or through
/// named simple types restricting it, and of no other type anywhere (a name with two meanings
/// is left out rather than guessed). Empty when the schema cannot be read (its engines say why).
/// Reads local files only, never the network. Thread-safe.
std::set<std::string> id_attribute_names(const std::string& schema_path);

} // namespace altkit::validate
