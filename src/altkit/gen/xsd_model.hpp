#pragma once

#include "altkit/diag/diagnostic.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace altkit::gen {

/// The facets that constrain a simple value, merged along a restriction chain.
struct Facets {
  std::vector<std::string> enumeration;
  std::vector<std::string> patterns; ///< every one must match (one per restriction step)
  long length = -1;
  long min_length = -1;
  long max_length = -1;
  int total_digits = -1;
  int fraction_digits = -1;
  std::optional<std::string> min_inclusive, max_inclusive, min_exclusive, max_exclusive;
};

/// A simple type reduced to its built-in base and its facets.
struct SimpleType {
  std::string builtin = "string"; ///< local name of the XML Schema built-in type
  Facets facets;
  bool list = false; ///< an xs:list of the item type described here
};

struct Attribute {
  std::string name;
  std::string ns; ///< non-empty for a qualified attribute (a ref to a global one, or form="qualified")
  bool required = false;
  std::optional<std::string> fixed;
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
};

struct Element {
  std::string name;
  std::string ns; ///< namespace the element is in (empty: none)
  bool nillable = false;
  std::optional<std::string> fixed;
  ComplexType* complex = nullptr; ///< null: simple type element
  SimpleType simple;
};

/// What corpus-gen needs of a schema: its global elements, resolved (types, refs, facets).
/// Owns every node; the links between them are plain pointers (types may be recursive).
struct SchemaModel {
  std::string path;
  std::string target_namespace;
  std::vector<Element*> globals;
  std::vector<std::unique_ptr<Element>> element_store;
  std::vector<std::unique_ptr<ComplexType>> type_store;
  std::vector<std::unique_ptr<Group>> group_store;
  /// The element a document of this schema starts with: the one carrying dataFormatId /
  /// skjemanummer fixed attributes, else `melding`, else the first global element.
  Element* default_root() const;
  Element* find(const std::string& name) const;
};

/// Reads an XSD of the SERES families (and its local xs:include/xs:import files) into a model.
/// Errors go to `sink`; null then.
std::unique_ptr<SchemaModel> read_schema_model(const std::string& path, diag::DiagnosticSink& sink);

} // namespace altkit::gen
