#pragma once

// Prefill and subscription batches (Altinn II's file-based "serviceinitiation" format, root
// ServiceOwner): each Prefill Form carries its form as XML text in FormData (escaped or in a
// CDATA section). With --deep, every such form is parsed and validated against its own form's
// schema, routed by the catalog, and its findings are placed both in the batch file and inside
// the form.

#include "altkit/io/source.hpp"
#include "altkit/schema/catalog.hpp"
#include "altkit/validate/document.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::validate {

/// The namespace of Altinn's prefill/subscription batch schema
/// (schemas.altinn.no.services.intermediary.serviceinitiation.2009.10.xsd).
inline constexpr std::string_view k_serviceinitiation_ns =
    "http://schemas.altinn.no/services/intermediary/serviceinitiation/2009/10";

/// One FormData of a batch: the form as text, and where it stands in the batch.
struct EmbeddedForm {
  std::size_t number = 0;          ///< 1-based, in document order
  std::string data_format_id;      ///< the Form's DataFormatId
  std::string data_format_version; ///< the Form's DataFormatVersion
  std::string text;                ///< the form document (UTF-8)
  std::string path;                ///< FormData's element path in the batch
  std::uint64_t line = 0;          ///< where FormData's start tag ends in the batch (the column after '>')
  std::uint64_t column = 0;
  /// Where the form's first character stands in the batch when it is in a CDATA section (line 1
  /// of the form is then that line from that column, its other lines the batch's next lines);
  /// 0 when escaped (only the start tag's place is known).
  std::uint64_t text_line = 0;
  std::uint64_t text_column = 0;
};

/// The FormData documents of a ServiceOwner batch held in `bytes` (any encoding libxml2 reads;
/// positions beyond the line only for ASCII-compatible ones). Empty when it is not well-formed or
/// not a ServiceOwner batch. An XML declaration naming another encoding than UTF-8 inside a form
/// (the text is UTF-8 once read) is blanked out, keeping every position. Thread-safe after
/// xml::init_libxml().
std::vector<EmbeddedForm> embedded_forms(std::string_view bytes, const std::string& name);

/// A finding inside form `form` as a finding of the batch: placed in the batch (exactly inside a
/// CDATA section; else at FormData's start tag), its path FormData's path followed by the form's,
/// its message saying where in the form ("in form 2 (dataFormatId 5742, version 34627) at 3:14:
/// ..."). Pure.
diag::Diagnostic place_in_batch(const diag::Diagnostic& inner, const EmbeddedForm& form, const std::string& file);

/// validate_routed, and for a ServiceOwner batch also every embedded form against the schema the
/// catalog routes it to (a form no schema claims: not-routed; without a catalog: well-formedness
/// only). A batch is read into memory for this; other documents stream as validate_routed does.
/// The verdict is the batch's, made invalid by any form that is not valid. Not thread-safe (the
/// validator is the worker's).
DocumentResult validate_deep(DocumentValidator& validator, std::unique_ptr<io::ByteSource> src,
                             const schema::CompiledSchema* single, const schema::Catalog* catalog);

} // namespace altkit::validate
