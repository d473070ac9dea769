#pragma once

#include "altkit/diag/diagnostic.hpp"
#include "altkit/io/source.hpp"
#include "altkit/servicemap/service_map.hpp"
#include "altkit/xml/limits.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace altkit::replyref {

struct RewriteOptions {
  bool keep_legacy = false;            ///< keep formNumber/version on a rewritten Form
  bool short_names = false;            ///< also rewrite legacy free-text Message/@shortName values
  bool latin1_as_windows_1252 = false; ///< read a file declared ISO-8859-1 as Windows-1252 (xml/encoding.hpp)
  xml::ParseLimits limits;
};

/// What happened to one reference.
struct Change {
  enum class Kind { form, short_name };
  enum class Status {
    rewritten,        ///< the map resolved it; the output carries the new reference
    unmapped,         ///< the map does not list it; left unchanged
    has_service_code, ///< a Form that already names a ServiceCode: left alone
  };
  Kind kind = Kind::form;
  Status status = Status::rewritten;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::uint64_t message_index = 0; ///< 1-based ordinal of the enclosing Message in the document
  std::string message_reference;   ///< Message/@messageReference of the enclosing message
  std::string old_ref;             ///< "formNumber=RF-1047 version=2" or the legacy shortName
  std::string new_ref;             ///< "C_E" when rewritten
};

const char* to_string(Change::Status s);

/// The outcome for one document: counts only, so memory does not grow with the file; each
/// Change goes to the ChangeSink as it is decided.
struct FileOutcome {
  bool well_formed = true;
  bool interrupted = false; ///< stopped by SIGINT/SIGTERM (diag::stop_requested); the output is partial
  std::vector<diag::Diagnostic> diagnostics; ///< why it is not well-formed (fatal) or unreadable
  std::uint64_t messages = 0;
  std::uint64_t rewritten = 0;
  std::uint64_t unmapped = 0;
  std::uint64_t has_service_code = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;

  std::uint64_t references() const { return rewritten + unmapped + has_service_code; }
};

/// Receives output bytes in order.
using ByteSink = std::function<void(const char* data, std::size_t size)>;
/// Receives each Change in document order.
using ChangeSink = std::function<void(const Change& change)>;

/// Streams `src` to `out`, copying every byte as it is except the start tags of the Form
/// elements under Message/ReplyMessages/ReplyMessage that the map resolves (and, with
/// short_names, the shortName attribute values it lists). Memory stays bounded by the largest
/// Form plus one read chunk. The document is parsed with the same safety rules as validation
/// (no DOCTYPE, bounded depth); a document that is not well-formed stops with well_formed false,
/// and what was written to `out` by then must be discarded by the caller.
FileOutcome rewrite(io::ByteSource& src, const servicemap::ServiceMap& map, const RewriteOptions& options,
                    const ByteSink& out, const ChangeSink& changes);

} // namespace altkit::replyref
