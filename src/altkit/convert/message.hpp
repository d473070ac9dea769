#pragma once

#include "altkit/convert/altinn3_request.hpp"
#include "altkit/convert/options.hpp"
#include "altkit/convert/reader.hpp"
#include "altkit/convert/stylesheet.hpp"
#include "altkit/diag/codes.hpp"
#include "altkit/schema/compiled.hpp"
#include "altkit/validate/document.hpp"

#include <optional>
#include <string>
#include <vector>

namespace altkit::convert {

/// Why a Message cannot be converted: a stable code (README) and the reason, at `line` (0: the
/// Message's own line).
struct Reject {
  const diag::CodeInfo* code = nullptr; ///< a registered code (diag/codes.hpp)
  std::string reason;
  std::uint64_t line = 0;
};

/// The checks a Message must pass before the stylesheet sees it (domain.md §10): a shortName
/// naming an Altinn II service, a messageReference, Participants with ids, dates, base64
/// attachments, reply options naming a service (and, with --strict, mapped forms).
/// `message` is the Message element (namespaces are ignored). Thread-safe.
std::optional<Reject> precheck(const xmlNode* message, const ConvertOptions& options);

/// What a Message that passed precheck carries over with a change its reader must be told of
/// (README: shortName, time policy): a hidden character in a shortName or reply ServiceCode
/// (hidden-character), a ServiceCode's leading zeros (service-code-leading-zeros), a local time
/// in a DST gap or overlap (local-time-gap, local-time-twice). Thread-safe.
std::vector<Warning> value_warnings(const xmlNode* message, const ConvertOptions& options);

/// What became of one Message, ready to be written in its place.
struct MessageOutput {
  MessageRecord record;
  /// Converted, not a dry run: each Correspondence as it goes into a batch file (after the
  /// indentation), or for insert-v2 each payload document whole.
  std::vector<std::string> parts;
  std::vector<Altinn3Folder> folders; ///< altinn3, converted, not a dry run: one per Correspondence
  /// Rejected, not a dry run: the Message as it was: its bytes from the file, in the file's
  /// encoding (`rejected_verbatim`, the header's frame says which), else serialised again (UTF-8).
  std::string rejected_xml;
  bool rejected_verbatim = false;
  /// Our own target schema refused `parts`: the message is then rejected (output-invalid) with
  /// the first of these as its reason, and `parts` emptied. For batches, lines count from the
  /// start of a batch file holding only this message (see batch_head); for insert-v2, in the
  /// payload named by `failed_part`.
  std::vector<diag::Diagnostic> output_errors;
  std::size_t failed_part = 0;
};

/// The start of a Correspondences batch file (the k-th, 0-based, of a file) and its end.
std::string batch_head(const FileHeader& header, std::size_t k);
inline constexpr const char* k_batch_tail = "</Correspondences>\n";

/// Converts Messages one at a time: pre-checks, the loss report, the stylesheet, and (unless a
/// dry run) the output serialised and validated against the target schema. One per worker
/// thread; the stylesheet, schema and map are shared read-only and must outlive it.
class Altinn3Builder;

class MessageConverter {
public:
  MessageConverter(const Stylesheet& stylesheet, const schema::CompiledSchema& target, ConvertOptions options);
  ~MessageConverter();

  /// Converts `in` (its document is built first if need be, then changed: namespaces removed).
  /// `dry_run`: nothing is serialised or validated.
  MessageOutput convert(MessageInput& in, bool dry_run);

private:
  void serialise(xmlDocPtr out, MessageOutput& m);
  bool valid_in_place(xmlDocPtr out, const FileHeader& header, const MessageOutput& m);
  void check_output(xmlDocPtr out, const std::shared_ptr<const FileHeader>& header, MessageOutput& m);
  void reject(MessageInput& in, MessageOutput& m, bool dry_run, std::string as_read = {});

  const Stylesheet& m_stylesheet;
  const schema::CompiledSchema& m_target;
  ConvertOptions m_options;
  validate::DocumentValidator m_validator;
  /// The target schema's libxml2 context for valid_in_place(), made on first use and reused.
  xml::xml_ptr<xmlSchemaValidCtxt> m_tree_validator;
  /// batch_head(*m_head_of, 0), made once per file's header (held, so it cannot be reused).
  std::shared_ptr<const FileHeader> m_head_of;
  std::string m_head;
  std::unique_ptr<Altinn3Builder> m_altinn3; ///< --to altinn3
};

} // namespace altkit::convert
