#pragma once

#include "altkit/diag/diagnostic.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::schema {

/// The facets that constrain a simple value, merged along a restriction chain (XSD 1.0 Part 2
/// §4.3). Values are kept as written in the schema; the compiled engine parses them into the
/// value space of the type they constrain.
struct Facets {
  std::vector<std::string> enumeration;
  std::vector<std::string> patterns; ///< every one must match (one per restriction step)
  long length = -1;
  long min_length = -1;
  long max_length = -1;
  int total_digits = -1;
  int fraction_digits = -1;
  std::optional<std::string> min_inclusive, max_inclusive, min_exclusive, max_exclusive;
  /// "preserve", "replace" or "collapse" when a whiteSpace facet is set along the chain
  /// (otherwise the built-in's own rule applies: §4.3.6).
  std::optional<std::string> white_space;
};

/// A simple type reduced to its built-in base and its facets (XSD 1.0 Part 2 §2.5: atomic,
/// list and union varieties).
struct SimpleType {
  /// Local name of the XML Schema built-in type the restriction chain starts from ("decimal",
  /// "integer", "date", "anySimpleType", ...). For a list: the item's. For a union: "union".
  std::string builtin = "string";
  /// Atomic: the merged facets. List: the ITEM type's facets (as corpus-gen reads them).
  Facets facets;
  bool list = false; ///< an xs:list whose item type is described by builtin/facets/members
  /// List only: facets on the list type itself (length, minLength, maxLength count items;
  /// enumeration and pattern apply to the whole list value). §4.3.1-§4.3.5.
  Facets list_facets;
  /// Union (builtin == "union"), or a list whose item type is a union: the member types in
  /// declaration order (memberTypes first, then anonymous simpleType children). §2.5.1.3.
  std::vector<SimpleType> members;
  std::string name; ///< the type's name where it has one (messages), "" for an anonymous type
};

/// An element or attribute wildcard (xs:any, xs:anyAttribute; XSD 1.0 §3.10).
struct Wildcard {
  enum class Process { strict, lax, skip };
  Process process = Process::strict;
  /// ##any: every namespace and none. Otherwise `other` (##other: any namespace but the target
  /// namespace, and not unqualified) or the listed `namespaces` ("" stands for ##local).
  bool any = true;
  bool other = false;
  std::vector<std::string> namespaces;
  std::string target_namespace; ///< the schema document's, for ##other
};

struct Attribute {
  std::string name;
  std::string ns; ///< non-empty for a qualified attribute (a ref to a global one, or form="qualified")
  bool required = false;
  std::optional<std::string> fixed;
  std::optional<std::string> default_value;
  /// The fixed value stands on a reference to a global attribute that has none itself:
  /// libxml2 2.9.14 does not check such a value (Xerces does).
  bool fixed_on_reference = false;
  SimpleType type;
};

struct Element;
struct Group;

/// One particle of a content model: an element or a nested group, with its occurrence bounds
/// (max -1: unbounded).
struct Particle {
  Element* element = nullptr;
  Group* group = nullptr;
  long min = 1;
  long max = 1;
  Wildcard* wildcard = nullptr; ///< an xs:any particle (owned by SchemaModel::wildcard_store)
};

struct Group {
  enum class Kind { sequence, choice, all };
  Kind kind = Kind::sequence;
  std::vector<Particle> particles;
};

struct ComplexType {
  Group* content = nullptr; ///< null: empty or simple content
  std::vector<Attribute> attributes;
  bool simple_content = false;
  SimpleType simple; ///< the value type, with simple content
  bool mixed = false;
  /// The effective attribute wildcard (xs:anyAttribute, with those of the base type for an
  /// extension: §3.4.2), null when none. Owned by SchemaModel::wildcard_store.
  Wildcard* any_attribute = nullptr;
  bool abstract = false;
  std::string name; ///< "" for an anonymous type
};

struct Element {
  std::string name;
  std::string ns; ///< namespace the element is in (empty: none)
  bool nillable = false;
  std::optional<std::string> fixed;
  std::optional<std::string> default_value;
  bool abstract = false;
  ComplexType* complex = nullptr; ///< null: simple type element
  SimpleType simple;
};

/// A construct the model does not represent exactly (identity constraints, substitution groups,
/// xs:redefine, an unresolved reference, ...). corpus-gen reads on regardless; the compiled
/// validation engine refuses such a schema and names the first one (construct, file, line).
struct Unsupported {
  std::string construct; ///< e.g. "xs:unique", "substitutionGroup", "xs:redefine"
  std::string file;
  long line = 0;
};

/// What corpus-gen and the compiled validation engine need of a schema: its global elements, resolved (types, refs,
/// facets). Owns every node; the links between them are plain pointers (types may be recursive).
struct SchemaModel {
  std::string path;
  std::string target_namespace;
  /// The global elements of the schema document read (not of the documents it includes or
  /// imports), in document order: what corpus-gen picks a root from.
  std::vector<Element*> globals;
  /// Every global element and attribute of every schema document loaded (xs:include, chameleon
  /// include, xs:import with a local schemaLocation), by namespace ("" for none) then local name.
  /// Fill: read_schema_model. Look up with find_global / find_global_attribute.
  std::map<std::string, std::map<std::string, Element*, std::less<>>, std::less<>> global_elements;
  std::map<std::string, std::map<std::string, Attribute*, std::less<>>, std::less<>> global_attributes;
  std::vector<std::unique_ptr<Element>> element_store;
  std::vector<std::unique_ptr<Attribute>> attribute_store;
  std::vector<std::unique_ptr<ComplexType>> type_store;
  std::vector<std::unique_ptr<Group>> group_store;
  std::vector<std::unique_ptr<Wildcard>> wildcard_store;
  /// Every construct read only approximately, in document order (empty: the model is exact).
  std::vector<Unsupported> unsupported;
  /// The element a document of this schema starts with: the one carrying dataFormatId /
  /// skjemanummer fixed attributes, else `melding`, else the first global element.
  Element* default_root() const;
  Element* find(const std::string& name) const;
  /// The global element declaration {ns}local of any loaded schema document, or null (XSD 1.0
  /// §3.3.2: global declarations are always qualified by their document's target namespace; ""
  /// is no namespace). The validation root and strict/lax wildcards look declarations up here.
  /// Thread-safety: const, may be called from any number of threads once the model is read.
  const Element* find_global(std::string_view ns, std::string_view local) const;
  /// The same for global attribute declarations (a wildcard's strict/lax attributes, §3.10.4).
  /// The W3C xml: attributes (xml:lang, xml:space, xml:base, xml:id) are found when a schema
  /// refers to them, with their types from the XML namespace's schema.
  const Attribute* find_global_attribute(std::string_view ns, std::string_view local) const;
};

/// Reads an XSD (and its local xs:include/xs:import files) into a model, exactly for validation
/// (XML Schema 1.0 Part 1 §3.3-§3.11, Part 2 §4): facets merged along restriction chains (several
/// patterns of one step joined as alternatives `(a)|(b)`, an enumeration of a derived step
/// replacing the base's), lists and unions with their members, complex extension (base content
/// then the extension's, in a sequence) and restriction (the restriction's own particles;
/// attributes inherited unless redeclared or prohibited), simple content, wildcards with §3.4.2's
/// attribute wildcard union/intersection, xs:anyType as mixed content with lax ##any wildcards, an
/// element without a type as xs:anyType, chameleon includes. Whatever it reads only approximately
/// is listed in SchemaModel::unsupported (with file and line) rather than guessed silently.
/// Remote schemaLocations are never fetched. Errors (the main document unreadable or not an
/// xs:schema) go to `sink` as schema-unreadable; null then. Exit class 4 for callers.
/// Thread-safety: uses only its own parsed documents; may run on any thread after
/// xml::init_libxml() (it calls it).
std::unique_ptr<SchemaModel> read_schema_model(const std::string& path, diag::DiagnosticSink& sink);

} // namespace altkit::schema
