#pragma once

// Everything the Xerces module (libaltkit-xerces.so) exports: the functions its entry table
// points at. The module is this folder, built apart from the altkit library so that only runs
// that use Xerces load Xerces-C++ and the libraries it needs; the loader that finds it and calls
// these through the table is xml/xerces_module.hpp. In the layers, this folder sits above
// validate/ (it implements validate::EngineValidator and fills schema::CompiledSchema::xerces)
// and below report/; nothing but entry.cpp's table reaches these functions.

#include "altkit/diag/diagnostic.hpp"
#include "altkit/validate/engine.hpp"
#include "altkit/xml/xerces_module.hpp"

#include <memory>
#include <string>
#include <vector>

namespace altkit::xerces {

/// XMLPlatformUtils::Initialize / Terminate, for xml::XercesPlatform. Xerces counts nested
/// calls. Main thread, before any other Xerces call / after every Xerces object is gone.
void initialize();
void terminate();

/// Loads the XSD at `path` (and what it imports or includes, from local files only) into a
/// grammar pool, with validation and full schema checking on, so an inconsistent schema fails
/// instead of passing silently. Then builds on this thread whatever Xerces would build lazily,
/// unlocked, on first use, and locks the pool: it is read-only from here on and may be shared by
/// every worker. Returns the pool (an xercesc::XMLGrammarPool) with Xerces' warnings appended to
/// `warnings`, or null after the errors went to `sink` (codes schema-error / schema-warning, exit
/// class load_failed for the caller). Imports and includes are read from local files only, after
/// `locations` (XML catalogs; may be null) had its say. Main thread only.
std::shared_ptr<void> compile_schema(const std::string& path, std::vector<diag::Diagnostic>& warnings,
                                     diag::DiagnosticSink& sink, const xml::LocationResolver* locations);

/// A streaming Xerces validator: a SAX2 reader per schema, on the schema's locked grammar pool,
/// refusing DOCTYPEs and external entities, scanned progressively so a limit stops it at once.
/// Not thread-safe: one per worker thread; schemas must outlive it.
std::unique_ptr<validate::EngineValidator> make_validator();

} // namespace altkit::xerces

/// The module's one exported symbol (`extern "C"`, so dlsym finds it by ALTKIT_XERCES_ENTRY_NAME):
/// the table of the functions above, valid for the life of the process.
extern "C" __attribute__((visibility("default"))) const altkit::xml::XercesApi* ALTKIT_XERCES_ENTRY();
