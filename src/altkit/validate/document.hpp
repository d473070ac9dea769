#pragma once

#include "altkit/io/source.hpp"
#include "altkit/schema/compiled.hpp"
#include "altkit/validate/engine.hpp"
#include "altkit/validate/id_check.hpp"
#include "altkit/validate/result.hpp"
#include "altkit/xml/encoding.hpp"
#include "altkit/xml/limits.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace altkit::validate {

/// Validates documents with the engine(s) of a run and applies altkit's own findings on top:
/// altinnRowId grouping, the root a schema expects, engine disagreement. One per worker thread;
/// schemas are shared read-only and must outlive the validator (it keeps a parser per schema).
class DocumentValidator {
public:
  DocumentValidator(schema::Engine engine, ValidateSettings settings);

  /// Validates `src` against `schema` (nullptr: well-formedness only); with settings.ids, checks
  /// the Norwegian identifiers the schema's elements hold (id_check.hpp). An encoding declaration
  /// that contradicts the bytes is `encoding-mismatch` (unreadable) before any engine reads; a
  /// Latin-1 document with bytes 0x80-0x9F gets a `windows-1252-bytes` warning.
  DocumentResult validate(io::ByteSource& src, const schema::CompiledSchema* schema);

  /// The element the Xerces engine is in with the document in hand ("" when not known).
  /// Thread-safe: for the thread that gives up a worker stuck inside one engine call.
  std::string where() const { return m_where->get(); }

  /// The compiled engine's own verdict on the last document validated (Engine::compiled/automatic):
  /// empty when it did not decide (schema not compiled, document handed to libxml2, --check-ids).
  /// For differential tests: the run's verdict is libxml2's when the compiled engine finds a
  /// document invalid.
  std::optional<Verdict> compiled_verdict() const { return m_compiled_verdict; }

  /// The limits each document is held to (ValidateSettings::limits).
  const xml::ParseLimits& limits() const { return m_settings.limits; }

private:
  DocumentResult validate_checked(const xml::EncodingCheckedSource& checked, xml::BoundedSource& src,
                                  const schema::CompiledSchema* schema, const ValidateSettings& settings);
  /// The settings for a document of `schema`: the run's, with that schema's identifier rules
  /// (made on first use, per worker) when --check-ids is on.
  const ValidateSettings& settings_for(const schema::CompiledSchema* schema);
  /// Engine::compiled/automatic with a compiled grammar: the compiled engine's verdict, libxml2's
  /// findings for a document it finds invalid or unreadable, engines-disagree when libxml2 then
  /// finds it valid.
  DocumentResult validate_compiled(const xml::EncodingCheckedSource& checked, xml::BoundedSource& src,
                                   const schema::CompiledSchema* schema, const ValidateSettings& settings);

  schema::Engine m_engine;
  ValidateSettings m_settings;
  ValidateSettings m_with_rules; ///< m_settings plus id_rules, see settings_for
  std::map<const schema::CompiledSchema*, std::unique_ptr<IdRules>> m_id_rules;
  std::unique_ptr<EngineValidator> m_xerces;
  std::unique_ptr<EngineValidator> m_libxml;
  std::unique_ptr<EngineValidator> m_compiled;
  std::optional<Verdict> m_compiled_verdict;
  std::string m_replay; ///< the bytes the compiled engine read (validate_compiled), storage kept
  std::unique_ptr<Whereabouts> m_where = std::make_unique<Whereabouts>();
};

/// Turns one engine's report into a result: groups altinnRowId findings (or drops them when
/// allowed), drops fixed-value findings whose value equals the fixed one in the declared type's
/// value space (the engines compare some as text; XSD 1.0 cvc-elt 5.2.2.2.2, cvc-au), turns the
/// engine's own "no declaration for the root" finding and its cascade into one wrong-root
/// finding at the engine's position naming the expected root (nothing when the engine did not
/// complain: the root may be declared by any document of the schema set), and sets the verdict.
/// Exposed for tests.
DocumentResult finish(EngineReport report, const schema::CompiledSchema* schema, const ValidateSettings& settings);

/// Merges the results of both engines for one document (see README, --engine both).
DocumentResult merge_engines(DocumentResult xerces, DocumentResult libxml);

} // namespace altkit::validate
