#pragma once

#include "altkit/diag/diagnostic.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace altkit::schema {

/// The attribute names whose fixed values identify a form: SERES (dataFormatId /
/// dataFormatVersion) and older Altinn OR forms (skjemanummer / spesifikasjonsnummer).
const std::vector<std::string>& identifying_attributes();

/// A global element of a schema with the fixed values of its identifying attributes.
struct GlobalElement {
  std::string name;
  std::string type_name;                    ///< local part of @type, empty for an anonymous type
  std::map<std::string, std::string> fixed; ///< e.g. dataFormatId -> 5742
};

/// What a schema declares at its top: enough to route a document to it and to name the root a
/// document should have had.
struct SchemaInfo {
  std::string path;
  std::string target_namespace;
  std::vector<GlobalElement> elements;
  /// altkit's own schema lint (a code list whose length facets reject its own values, ...):
  /// reported once per schema as warnings, next to the engines' load warnings.
  std::vector<diag::Diagnostic> lint;

  const GlobalElement* find_element(const std::string& name) const;
  /// The global element whose type is named `type_name` (for "you used the type name as root").
  const GlobalElement* element_of_type(const std::string& type_name) const;
};

/// Reads a schema document (any encoding, no network) and extracts its SchemaInfo.
/// Returns nullopt and adds an error diagnostic when the file cannot be read or parsed.
std::optional<SchemaInfo> read_schema_info(const std::string& path, diag::DiagnosticSink& sink);

} // namespace altkit::schema
