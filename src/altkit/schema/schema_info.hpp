#pragma once

#include "altkit/diag/diagnostic.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::schema {

/// The attribute names whose fixed values identify a form: SERES (dataFormatId /
/// dataFormatVersion) and older Altinn OR forms (skjemanummer / spesifikasjonsnummer).
const std::vector<std::string>& identifying_attributes();

/// A global element of the schema set with the fixed values of its identifying attributes.
struct GlobalElement {
  std::string ns; ///< the target namespace of the document declaring it (a chameleon include: the includer's)
  std::string name;
  std::string type_name;                    ///< local part of @type, empty for an anonymous type
  std::map<std::string, std::string> fixed; ///< e.g. dataFormatId -> 5742
  /// The built-in type (XSD local name, "integer") of each fixed identifying attribute, "" when
  /// not known: routing compares a document's value with the fixed one in that type's value space.
  std::map<std::string, std::string> fixed_types;
  /// Declared by the top schema document or one it includes or redefines (the schema's own
  /// target namespace), not by an imported one.
  bool own = true;
  /// The schema document that declares it (its path made canonical), for telling a schema that
  /// declares an element from one that only includes or imports its declaration.
  std::string document;
};

/// A fixed value declared anywhere in the schema set (xs:element or xs:attribute, global or local).
struct FixedValue {
  bool attribute = false;
  std::string name;    ///< local name
  std::string value;   ///< as written in @fixed
  std::string builtin; ///< the XSD built-in type whose value space applies ("decimal"); "" when not known
};

/// An identity constraint (xs:unique, xs:key, xs:keyref; XSD 1.0 Part 1 §3.11) as declared: used
/// to explain the engines' identity-constraint findings (which constraint, which value, which
/// element), never to decide a verdict.
struct IdentityConstraint {
  enum class Kind { unique, key, keyref };
  Kind kind = Kind::unique;
  std::string name;                ///< @name
  std::string refer;               ///< keyref: local part of @refer
  std::string element;             ///< local name of the declaring element
  std::string element_ns;          ///< its namespace ("" for an unqualified local element)
  std::string selector;            ///< xs:selector/@xpath
  std::vector<std::string> fields; ///< each xs:field/@xpath
  /// The namespace prefixes in scope on the constraint, for the XPaths' QNames ("" is not bound:
  /// an unprefixed name in these XPaths is in no namespace, §3.11.6).
  std::map<std::string, std::string> prefixes;
};

/// An element declaration of the schema set (global or local; one entry per distinct name, type
/// names and built-in type), for altkit's checks that go by what an element holds (the
/// identifier checks, validate/id_check.hpp).
struct ElementDecl {
  std::string name; ///< local name
  /// The named types along its type's derivation (its @type, then the bases), nearest first, each
  /// followed by the concept name of its seres:guid when it has one ("Fødselsnummer" for NAV's
  /// IDnummerPerson); empty for an anonymous type deriving straight from a built-in.
  std::vector<std::string> type_names;
  std::string builtin; ///< the XSD built-in type its value ends in ("string"); "" when not known
};

/// What a schema set declares: enough to route a document to it, to name the root a document
/// should have had, and to compare fixed values in their value space. Read from the top schema
/// document and every document it includes, imports or redefines (local files, or what an XML
/// catalog maps a location to; never the network).
struct SchemaInfo {
  std::string path;
  std::string target_namespace;
  std::vector<GlobalElement> elements;
  std::vector<FixedValue> fixed_values;
  std::vector<ElementDecl> element_decls; ///< every element declaration with a name, see ElementDecl
  /// altkit's own schema lint (a code list whose length facets reject its own values, an import
  /// from the network that was not read, ...): reported once per schema as warnings, next to the
  /// engines' load warnings.
  std::vector<diag::Diagnostic> lint;
  /// Every identity constraint of the schema set, in document order.
  std::vector<IdentityConstraint> identity;
  /// The locations of imports and includes that were refused (remote, no catalog entry).
  std::vector<std::string> refused;

  /// The first global element named `name`, in any namespace.
  const GlobalElement* find_element(const std::string& name) const;
  /// The global element `{ns}name`, or null.
  const GlobalElement* find_element(const std::string& ns, const std::string& name) const;
  /// The global element whose type is named `type_name` (for "you used the type name as root").
  const GlobalElement* element_of_type(const std::string& type_name) const;
};

/// Reads a schema document and the documents it includes, imports or redefines (any encoding,
/// no network: a remote location is followed only when an XML catalog maps it to a local file,
/// xml::location_resolver(); otherwise it is an import-refused warning in `lint`), and extracts
/// its SchemaInfo. Returns nullopt and adds an error diagnostic when the top file cannot be
/// read or parsed; a nested document that cannot be read is left to the engines to report.
std::optional<SchemaInfo> read_schema_info(const std::string& path, diag::DiagnosticSink& sink);

/// Why the XSD pattern `regex` is known to backtrack badly on long values, or "" (README,
/// "Limits"): a group repeated without bound (`*`, `+`, `{n,}`) that itself holds a quantifier
/// without bound (`(a+)*`, `([a-z]+ ?)*`), or whose alternatives can begin with the same
/// character (`(a|aa)*`, `(\d|[0-9]x)+`). A simple heuristic on the pattern's text: it finds the
/// classic shapes, not every slow pattern, and a flagged pattern may still be fast in one engine.
/// Pure; thread-safe.
std::string pattern_backtracks(std::string_view regex);

/// Do the lexical forms `a` and `b` stand for the same value of the XSD built-in type `builtin`
/// (its local name: "decimal", "integer", "boolean", "token", ...)? Whitespace is handled as the
/// type says (collapsed for all but string and normalizedString), then compared in the value
/// space (XSD 1.0 Part 2; cvc-elt 5.2.2.2.2, cvc-au). Returns nullopt when the type is not known
/// or either form is not a valid lexical form of it. Thread-safe after xml::init_libxml().
std::optional<bool> same_value(const std::string& builtin, const std::string& a, const std::string& b);

} // namespace altkit::schema
