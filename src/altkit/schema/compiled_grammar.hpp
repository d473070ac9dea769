#pragma once

// The compiled validation engine's grammar (issue 20): a schema set as read by read_schema_model,
// compiled once into interned names, element declarations, types with their attribute uses and
// content automata, and compiled simple types. validate/compiled_validator.cpp walks it.

#include "altkit/schema/content_model.hpp"
#include "altkit/schema/simple_type.hpp"
#include "altkit/schema/xsd_model.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace altkit::schema {

/// XML Schema instance namespace (xsi:nil, xsi:type, ...).
inline constexpr std::string_view k_xsi_ns = "http://www.w3.org/2001/XMLSchema-instance";

class CompiledGrammar {
public:
  /// Why a schema is not compiled: the construct and where it stands.
  struct NotCovered {
    std::string construct;
    std::string file;
    long line = 0;
  };

  /// Compiles `model`. Returns null and fills `why` when the model uses anything the engine
  /// does not cover: a construct in model.unsupported (the first), a simple type
  /// CompiledSimpleType refuses, a non-deterministic content model, abstract elements or types,
  /// a fixed or default value on an element of complex content, more than 64 attributes on a type.
  /// Not thread-safe while compiling (main thread); immutable afterwards.
  static std::shared_ptr<const CompiledGrammar> compile(const SchemaModel& model, NotCovered& why);

  struct AttrUse {
    int symbol = -1;
    bool required = false;
    const CompiledSimpleType* type = nullptr;
    bool has_fixed = false;
    std::string fixed;
    std::string name; ///< as a message shows it
  };

  struct WildcardRule {
    Wildcard::Process process = Wildcard::Process::strict;
    bool any = true;
    bool other = false;
    std::vector<std::string> namespaces;
    std::string target_namespace;
    /// Wildcard namespace constraint (XSD 1.0 Part 1 §3.10.4, cvc-wildcard-namespace).
    bool allows(std::string_view ns) const;
  };

  struct Type {
    enum class Content { empty, simple, elements, mixed, any };
    Content content = Content::empty;
    const CompiledSimpleType* simple = nullptr; ///< Content::simple
    int automaton = -1;                         ///< Content::elements / mixed with element particles
    std::vector<AttrUse> attributes;
    std::uint64_t required = 0; ///< bits of `attributes` with use="required"
    int any_attribute = -1;     ///< index into wildcards, -1 none
  };

  struct Decl {
    int symbol = -1;
    int type = -1;
    bool nillable = false;
    bool has_fixed = false;
    bool has_default = false;
    std::string fixed;
    std::string name; ///< as a message shows it
  };

  /// The interned id of (ns, local), -1 when the schema names no such element or attribute.
  /// Thread-safe (read-only). Hashes the two strings: callers cache by the parser's pointers.
  int symbol(std::string_view ns, std::string_view local) const;
  const std::string& symbol_ns(int s) const { return m_symbol_ns[static_cast<std::size_t>(s)]; }
  /// The global element declaration of a name, -1 when none.
  int global(int symbol) const {
    return symbol >= 0 && static_cast<std::size_t>(symbol) < m_globals.size()
               ? m_globals[static_cast<std::size_t>(symbol)]
               : -1;
  }

  const Decl& decl(int i) const { return m_decls[static_cast<std::size_t>(i)]; }
  const Type& type(int i) const { return m_types[static_cast<std::size_t>(i)]; }
  const ContentAutomaton& automaton(int i) const { return m_automata[static_cast<std::size_t>(i)]; }
  const WildcardRule& wildcard(int i) const { return m_wildcards[static_cast<std::size_t>(i)]; }

  int xsi_nil = -1, xsi_type = -1, xsi_schema_location = -1, xsi_no_ns_schema_location = -1;

private:
  friend class GrammarBuilder;
  std::unordered_map<std::string, int> m_symbols; ///< ns + '\x1f' + local
  std::vector<std::string> m_symbol_ns;
  std::vector<int> m_globals; ///< by symbol
  std::vector<Decl> m_decls;
  std::vector<Type> m_types;
  std::vector<ContentAutomaton> m_automata;
  std::vector<WildcardRule> m_wildcards;
  std::vector<std::shared_ptr<const CompiledSimpleType>> m_simple; ///< owns what Type/AttrUse point to
};

} // namespace altkit::schema
