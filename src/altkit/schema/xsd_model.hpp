#pragma once

#include "altkit/diag/diagnostic.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
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

/// What corpus-gen and the compiled validation engine need of a schema: its global elements, resolved (types, refs, facets).
/// Owns every node; the links between them are plain pointers (types may be recursive).
struct SchemaModel {
  std::string path;
  std::string target_namespace;
  std::vector<Element*> globals;
  std::vector<std::unique_ptr<Element>> element_store;
  std::vector<std::unique_ptr<ComplexType>> type_store;
  std::vector<std::unique_ptr<Group>> group_store;
  std::vector<std::unique_ptr<Wildcard>> wildcard_store;
  /// Every construct read only approximately, in document order (empty: the model is exact).
  std::vector<Unsupported> unsupported;
  /// The element a document of this schema starts with: the one carrying dataFormatId /
  /// skjemanummer fixed attributes, else `melding`, else the first global element.
  Element* default_root() const;
  Element* find(const std::string& name) const;
};

/// Reads an XSD of the SERES families (and its local xs:include/xs:import files) into a model.
/// Errors go to `sink`; null then.
std::unique_ptr<SchemaModel> read_schema_model(const std::string& path, diag::DiagnosticSink& sink);

} // namespace altkit::schema
