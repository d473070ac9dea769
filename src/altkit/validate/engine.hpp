#pragma once

#include "altkit/io/source.hpp"
#include "altkit/schema/compiled.hpp"
#include "altkit/validate/result.hpp"

#include <map>
#include <memory>

namespace altkit::validate {

/// One engine's streaming validator. Owns per-thread parser and validation contexts, created
/// lazily per schema and reused for every document; the CompiledSchema is only read.
/// Not thread-safe: one instance per worker thread. A null schema checks well-formedness only.
class EngineValidator {
public:
  virtual ~EngineValidator() = default;
  virtual EngineReport run(io::ByteSource& src, const schema::CompiledSchema* schema,
                           const ValidateSettings& settings) = 0;
};

/// A libxml2 validator (validate/libxml_validator.cpp). Requires xml::init_libxml().
std::unique_ptr<EngineValidator> make_libxml_validator();
/// The compiled engine's validator (validate/compiled_validator.cpp): a schema's
/// CompiledSchema::grammar on libxml2's SAX2 parser with the safe settings. Stops at the first
/// fault with one finding; leaves a document it cannot decide to libxml2 (EngineReport::undecided,
/// also for a schema without a grammar). Does not run the --check-ids checks. Requires
/// xml::init_libxml().
std::unique_ptr<EngineValidator> make_compiled_validator();
/// A Xerces validator, made by the Xerces module (src/altkit/xerces/). Requires a live
/// xml::XercesPlatform; throws diag::Error(load_failed) when the module cannot be loaded.
std::unique_ptr<EngineValidator> make_xerces_validator();

} // namespace altkit::validate
