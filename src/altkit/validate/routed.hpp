#pragma once

#include "altkit/io/source.hpp"
#include "altkit/schema/catalog.hpp"
#include "altkit/validate/document.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace altkit::validate {

/// Validates one document against `single`, or, with a catalog, against the schema its root
/// routes to (a document no schema claims gets a not-routed finding). With neither, checks
/// well-formedness. Read errors become an unreadable result. Shared by seres-validate and
/// corpus-check. The result's `micros` says how long it took.
DocumentResult validate_routed(DocumentValidator& validator, std::unique_ptr<io::ByteSource> src,
                               const schema::CompiledSchema* single, const schema::Catalog* catalog);

/// A result for a document that could not be read at all.
DocumentResult unreadable_result(const std::string& file, const std::string& message);

/// A result for a document given up after `budget` while the engine was stuck inside one call
/// (pipeline::Stages::abandon): `too-slow` at `element` (a path; "" when not known).
DocumentResult too_slow_result(const std::string& file, const std::string& element, std::chrono::milliseconds budget);

} // namespace altkit::validate
