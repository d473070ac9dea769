#pragma once

// Xerces-C++ lives in a module of its own, libaltkit-xerces.so, loaded the first time a run
// needs Xerces. Linked into every tool, Xerces and the ~40 libraries it pulls in (ICU, curl,
// GnuTLS, Kerberos, ...) cost each process ~5 ms and 28 M instructions before main(), whatever
// engine the run uses; a libxml2-only run now never loads them. Nothing outside the module
// names a Xerces type.
//
// The module's code is in src/altkit/xerces/ (what it exports: xerces/module_api.hpp). It sits
// above validate/, while this loader sits in xml/, below the schema/ and validate/ layers that
// use it: so the table speaks only in types of diag/ and the standard library, and what the
// module makes for the layers above (a grammar pool, a validator) crosses it opaque.

#include "altkit/diag/diagnostic.hpp"

#include <memory>
#include <string>
#include <vector>

namespace altkit::xml {

class LocationResolver; // xml/xml_catalog.hpp

/// What the module offers. Built by the same compiler from the same sources as the tools, so
/// C++ types cross the boundary as they are.
struct XercesApi {
  void (*initialize)();
  void (*terminate)();
  /// Compiles the XSD at `path` with Xerces: the locked xercesc::XMLGrammarPool, shared
  /// read-only (schema::CompiledSchema::xerces), with its warnings appended to `warnings`; or
  /// null after its errors went to `sink`. Main thread only (see schema::compile_schema).
  /// `locations` (may be null) maps import and include locations to local files (XML catalogs);
  /// it is the caller's object, called back from the module.
  std::shared_ptr<void> (*compile)(const std::string& path, std::vector<diag::Diagnostic>& warnings,
                                   diag::DiagnosticSink& sink, const LocationResolver* locations);
  /// A new Xerces validator: a validate::EngineValidator*, which the caller owns (deletes through
  /// its virtual destructor); validate::make_xerces_validator() is the one caller.
  void* (*make_validator)();
};

/// The module's entry point, `extern "C"` so dlsym finds it by this name.
#define ALTKIT_XERCES_ENTRY altkit_xerces_api_v1
#define ALTKIT_XERCES_ENTRY_NAME "altkit_xerces_api_v1"

/// The module, loaded on the first call (thread-safe; never unloaded). It is looked for next to
/// the executable, in ../lib/altkit beside it (an installed tree), and, for a program inside the
/// build tree, where the build put it; $ALTKIT_XERCES_MODULE, when set, is the only place looked
/// at. Throws diag::Error(load_failed) naming where it looked.
const XercesApi& xerces();

/// Initialises Xerces-C++ for its lifetime (Initialize/Terminate). Declare it before any Xerces
/// object, so those are destroyed first. Nested guards are counted by Xerces itself.
class XercesPlatform {
public:
  /// With `needed` false it does nothing and loads nothing. When the module cannot be loaded,
  /// ok() is false and error() says why (the caller exits with load_failed).
  explicit XercesPlatform(bool needed = true);
  ~XercesPlatform();
  XercesPlatform(const XercesPlatform&) = delete;
  XercesPlatform& operator=(const XercesPlatform&) = delete;
  bool ok() const { return m_error.empty(); }
  const std::string& error() const { return m_error; }

private:
  bool m_initialized = false;
  std::string m_error;
};

} // namespace altkit::xml
