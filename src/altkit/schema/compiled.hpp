#pragma once

#include "altkit/diag/diagnostic.hpp"
#include "altkit/schema/schema_info.hpp"
#include "altkit/xml/handles.hpp"

#include <memory>
#include <string>
#include <vector>

namespace altkit::schema {

/// The validation engines. `compiled`: the compiled engine (schema/compiled_grammar.hpp,
/// validate/compiled_validator.cpp) gives the verdict; a document it finds invalid is validated
/// again by libxml2 for the findings; a schema it does not cover is validated by libxml2 alone.
/// `automatic` ("auto"): the same; the name says that libxml2 takes over where the compiled
/// engine does not cover a schema. `both`: Xerces and libxml2.
enum class Engine { xerces, libxml2, both, compiled, automatic };

/// Parses "xerces", "libxml2", "both", "compiled" or "auto"; throws std::invalid_argument
/// otherwise.
Engine parse_engine(const std::string& name);
const char* to_string(Engine e);

/// True for the engines that run the compiled engine (compiled, auto).
inline bool uses_compiled(Engine e) {
  return e == Engine::compiled || e == Engine::automatic;
}

class CompiledGrammar;

/// A schema compiled once for the engines a run needs, then shared read-only by every worker.
/// Thread-safety: after compile_schema returns, nothing in it is modified (the Xerces grammar pool
/// is locked, the libxml2 schema is only read by validation contexts).
struct CompiledSchema {
  std::string path;
  SchemaInfo info;
  xml::xml_ptr<xmlSchema> libxml; ///< set when libxml2 is used
  /// Set when Xerces is used: the locked xercesc::XMLGrammarPool, made and freed by the Xerces
  /// module (src/altkit/xerces/, loaded by xml/xerces_module.hpp), so nothing else needs Xerces'
  /// headers or library.
  std::shared_ptr<void> xerces;
  std::vector<diag::Diagnostic> warnings; ///< reported once per schema, not per document
  /// Set for Engine::compiled/automatic when the compiled engine covers the schema (else a
  /// schema-not-compiled warning is in `warnings` and libxml2 validates its documents).
  std::shared_ptr<const CompiledGrammar> grammar;

  CompiledSchema();
  ~CompiledSchema();
  CompiledSchema(const CompiledSchema&) = delete;
  CompiledSchema& operator=(const CompiledSchema&) = delete;
};

namespace detail {

/// A finding about a schema, as both engines' loaders report it.
inline diag::Diagnostic schema_diag(const std::string& fallback_file, std::string file, long line, long col,
                                    diag::Severity sev, std::string message, const char* engine) {
  diag::Diagnostic d;
  d.file = file.empty() ? fallback_file : std::move(file);
  d.line = line > 0 ? static_cast<std::uint64_t>(line) : 0;
  d.column = col > 0 ? static_cast<std::uint64_t>(col) : 0;
  d.severity = sev;
  d.code = sev == diag::Severity::warning ? "schema-warning" : "schema-error";
  d.message = diag::tidy_message(message);
  d.engine = engine;
  return d;
}

} // namespace detail

/// Compiles `path` for `engine` (both engines for Engine::both; libxml2 and, where it covers the
/// schema, the compiled engine for Engine::compiled/automatic). Xerces loads it with validation
/// and full schema checking on, so an inconsistent schema fails instead of passing silently.
/// Errors go to `sink` and the result is nullptr; warnings are kept in the result. Requires
/// xml::init_libxml() and a live xml::XercesPlatform; call on the main thread.
std::shared_ptr<const CompiledSchema> compile_schema(const std::string& path, Engine engine,
                                                     diag::DiagnosticSink& sink);

} // namespace altkit::schema
