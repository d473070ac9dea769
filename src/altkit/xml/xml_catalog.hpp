#pragma once

// OASIS XML Catalogs (1.1, https://www.oasis-open.org/committees/download.php/14809/xml-catalogs.html)
// for schema loading: an import's or include's schemaLocation (a URL such as
// http://www.w3.org/2001/xml.xsd) or namespace mapped to a local file, so both engines load a
// local copy and altkit stays offline. `--catalog DIR` is something else: a folder of schemas
// to route documents by (schema/catalog.hpp).

#include "altkit/diag/diagnostic.hpp"

#include <memory>
#include <string>
#include <vector>

namespace altkit::xml {

/// Maps a schema document's location to a local file. Implemented by XmlCatalogs; crosses into
/// the Xerces module as a pointer, so both engines resolve through the same code.
class LocationResolver {
public:
  virtual ~LocationResolver() = default;
  /// The local path for `location` (an absolute URI or system id, as the engine resolved it)
  /// or, when that maps to nothing and `ns` is not empty, for the namespace name `ns`; "" when
  /// nothing maps. Never reads the network: a mapping to a remote URL counts as none.
  virtual std::string resolve(const std::string& location, const std::string& ns) const = 0;
};

/// The entries of one or more XML catalog files, read once (nextCatalog files too, local only),
/// then read-only: safe to share between threads. Supported entries: system, rewriteSystem,
/// systemSuffix, uri, rewriteURI, uriSuffix, nextCatalog, inside group or not, with xml:base.
/// Public identifiers and delegate entries are not used (schema locations have neither).
class XmlCatalogs final : public LocationResolver {
public:
  /// Reads `files` in order (the first that maps a location wins). A file that cannot be read or
  /// is not an OASIS catalog is an error in `sink` (code xml-catalog, exit 4) and the result is
  /// null.
  static std::unique_ptr<XmlCatalogs> load(const std::vector<std::string>& files, diag::DiagnosticSink& sink);

  /// system entries first (the location as a system id), then uri entries (as a URI), then the
  /// namespace as a URI.
  std::string resolve(const std::string& location, const std::string& ns) const override;

  struct Entry {
    enum Kind { system, rewrite_system, system_suffix, uri, rewrite_uri, uri_suffix } kind;
    std::string match; ///< the system id, URI, start string or suffix
    std::string to;    ///< the absolute target (rewrite: the prefix), as written after xml:base
  };

private:
  std::string lookup(const std::string& id, bool as_system) const;
  std::vector<Entry> m_entries; ///< every file's entries, in document order, nextCatalog files after
};

/// The catalog files named by XML_CATALOG_FILES (`value`: the variable's value, may be null):
/// separated by white space, file:// URLs taken as paths, as libxml2 reads it.
std::vector<std::string> catalog_files_from_env(const char* value);

/// The resolver schema loading uses (the libxml2 entity loader, schema::read_schema_info, and
/// handed to the Xerces module by schema::compile_schema): set on the main thread before any
/// schema is compiled; null (the default) maps nothing. The caller keeps it alive.
void set_location_resolver(const LocationResolver* resolver);
const LocationResolver* location_resolver();

/// Sets the resolver for its lifetime, then puts back the one it found (main thread).
class LocationResolverScope {
public:
  explicit LocationResolverScope(const LocationResolver* r) : m_saved(location_resolver()) { set_location_resolver(r); }
  ~LocationResolverScope() { set_location_resolver(m_saved); }
  LocationResolverScope(const LocationResolverScope&) = delete;
  LocationResolverScope& operator=(const LocationResolverScope&) = delete;

private:
  const LocationResolver* m_saved;
};

/// True for a location with a URL scheme other than file: (http://, https://, ftp://, urn:...).
/// Such a location is never read; only a catalog can map it to a local file.
bool is_remote_location(const std::string& location);

/// "file:///a/b" -> "/a/b"; anything else unchanged.
std::string strip_file_scheme(std::string location);

} // namespace altkit::xml
