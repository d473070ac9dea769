#pragma once

#include "altkit/diag/diagnostic.hpp"
#include "altkit/schema/compiled.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace altkit::schema {

/// What a schema claims (see Catalog::from_schemas for which elements): a global element (namespace + name) and the
/// fixed values of its identifying attributes (dataFormatId/dataFormatVersion or skjemanummer/spesifikasjonsnummer).
struct CatalogKey {
  std::string ns;
  std::string root;
  std::map<std::string, std::string> fixed;

  std::string describe() const; ///< e.g. {http://x}melding dataFormatId=5742 dataFormatVersion=34627
  bool operator==(const CatalogKey& o) const { return ns == o.ns && root == o.root && fixed == o.fixed; }
};

/// The outcome of routing one document.
struct Route {
  const CompiledSchema* schema = nullptr; ///< null when no schema (or more than one) matches
  std::string problem;                    ///< why not, with the nearest candidates
};

/// Every XSD under a directory, compiled once and indexed by the keys it claims.
class Catalog {
public:
  /// Compiles every *.xsd under `dir` (recursively, sorted) and indexes it. Errors (a schema that
  /// does not compile, two schemas claiming the same key, no schema at all) go to `sink` and the
  /// result is null. Call on the main thread.
  static std::unique_ptr<Catalog> load(const std::string& dir, Engine engine, diag::DiagnosticSink& sink);

  /// Picks the schema for a document from its root element's namespace, name and attributes.
  /// Identifying attributes are compared with the fixed values by value (their declared type).
  Route route(const std::string& ns, const std::string& local,
              const std::map<std::string, std::string>& attributes) const;

  const std::vector<std::shared_ptr<const CompiledSchema>>& schemas() const { return m_schemas; }

  /// Builds a catalog from schemas compiled elsewhere (tests); same conflict checks as load().
  static std::unique_ptr<Catalog> from_schemas(std::vector<std::shared_ptr<const CompiledSchema>> schemas,
                                               diag::DiagnosticSink& sink);

private:
  struct Entry {
    CatalogKey key;
    const CompiledSchema* schema;
    std::string type_name;                          ///< the element's named type, for documents rooted at a type name
    std::map<std::string, std::string> fixed_types; ///< identifying attribute -> built-in type
    std::string document;                           ///< the schema document declaring the element (canonical path)
    /// Does a document's `value` of `attribute` equal the fixed one, in its type's value space?
    bool same(const std::string& attribute, const std::string& value) const;
  };
  /// Why no single schema matched: the keys the document carried, and the nearest claims.
  std::string explain(const std::string& ns, const std::string& local,
                      const std::map<std::string, std::string>& attributes, bool tie) const;
  std::vector<std::shared_ptr<const CompiledSchema>> m_schemas;
  std::vector<Entry> m_entries;
};

} // namespace altkit::schema
