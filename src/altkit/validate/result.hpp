#pragma once

#include "altkit/diag/diagnostic.hpp"
#include "altkit/diag/exit_code.hpp"
#include "altkit/xml/limits.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace altkit::validate {

enum class Verdict { valid, invalid, unreadable, not_routed };

const char* to_string(Verdict v);

/// The exit code a verdict calls for: invalid and not routed are findings (1), unreadable is 3.
inline diag::ExitCode exit_code_for(Verdict v) {
  switch (v) {
  case Verdict::valid:
    return diag::ExitCode::ok;
  case Verdict::invalid:
  case Verdict::not_routed:
    return diag::ExitCode::findings;
  case Verdict::unreadable:
    return diag::ExitCode::unreadable;
  }
  return diag::ExitCode::internal;
}

/// The root element of a document as the parser saw it.
struct RootInfo {
  bool found = false;
  std::string ns;
  std::string local;
  std::string qname;
  std::map<std::string, std::string> attributes; ///< unqualified attributes only
  std::uint64_t line = 0;   ///< where its start tag ends
  std::uint64_t column = 0; ///< the column after its '>' (as Xerces reports)
};

/// What one engine reported for one document, before altkit's own post-processing.
struct EngineReport {
  std::string engine;
  bool well_formed = true;
  std::vector<diag::Diagnostic> diagnostics;
  RootInfo root;
  std::uint64_t bytes = 0;
};

/// The outcome for one document: its verdict and every finding, in document order.
struct DocumentResult {
  std::string file;
  std::string schema; ///< path of the schema used, empty when none
  std::string engine;
  Verdict verdict = Verdict::valid;
  std::vector<diag::Diagnostic> diagnostics;
  std::uint64_t bytes = 0;
};

struct ValidateSettings {
  bool allow_altinn_row_id = false;
  xml::ParseLimits limits;
};

/// Stable codes shared by both engines (README lists them).
namespace code {
inline constexpr const char* not_well_formed = "not-well-formed";
inline constexpr const char* doctype_forbidden = "doctype-forbidden";
inline constexpr const char* too_deep = "too-deep";
inline constexpr const char* attribute_too_long = "attribute-too-long";
inline constexpr const char* unreadable = "unreadable";
inline constexpr const char* invalid_content = "invalid-content";
inline constexpr const char* undeclared_element = "undeclared-element";
inline constexpr const char* attribute_not_allowed = "attribute-not-allowed";
inline constexpr const char* missing_attribute = "missing-attribute";
inline constexpr const char* fixed_value = "fixed-value";
inline constexpr const char* nil = "nil";
inline constexpr const char* value_type = "value-type";
inline constexpr const char* value_pattern = "value-pattern";
inline constexpr const char* value_enumeration = "value-enumeration";
inline constexpr const char* value_length = "value-length";
inline constexpr const char* value_range = "value-range";
inline constexpr const char* value_digits = "value-digits";
inline constexpr const char* identity_constraint = "identity-constraint";
inline constexpr const char* schema_invalid = "schema-invalid";
inline constexpr const char* altinn_row_id = "altinn-row-id";
inline constexpr const char* wrong_root = "wrong-root";
inline constexpr const char* not_routed = "not-routed";
inline constexpr const char* engines_disagree = "engines-disagree";
} // namespace code

} // namespace altkit::validate
