#pragma once

// altut-convert --to altinn3: each Correspondence the mapping yields as the body of Altinn 3's
// `POST /correspondence/api/v1/correspondence` (InitializeCorrespondencesExt), with its
// attachments as files for the upload endpoint. The request models followed are those of
// Altinn/altinn-correspondence (src/Altinn.Correspondence.API/Models), as written down in
// schemas/altinn3/initialize-correspondences.schema.json, which names the version.

#include "altkit/convert/altinn3_request.hpp"
#include "altkit/convert/loss.hpp"
#include "altkit/convert/message.hpp"
#include "altkit/diag/diagnostic.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::convert {

using Uuid = std::array<unsigned char, 16>;

/// RFC 4122 Appendix C: the name space for URLs (6ba7b811-9dad-11d1-80b4-00c04fd430c8).
inline constexpr Uuid k_uuid_namespace_url{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                           0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
/// RFC 4122 Appendix C: the name space for DNS names (6ba7b810-9dad-11d1-80b4-00c04fd430c8).
inline constexpr Uuid k_uuid_namespace_dns{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                           0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};

/// Readies libgcrypt (the SHA-1 of UUID v5; libexslt already links it): version check, no
/// secure memory, initialisation finished. Call on the main thread before workers start;
/// harmless when something else initialised it. Throws diag::Error (exit 70) when the library
/// is older than the headers.
void init_crypto();

/// A name-based UUID, version 5 (RFC 4122 §4.3: SHA-1 of the name space's 16 bytes and the
/// name, version and variant bits set), as 36 lower-case characters. Thread-safe after
/// init_crypto().
std::string uuid_v5(const Uuid& name_space, std::string_view name);

/// The idempotentKey of a request: uuid_v5 in the URL name space of the JSON array
/// `["altkit:altinn3:idempotent-key", system_user, message_reference, recipient_urn]` (compact,
/// UTF-8): the same migration submitted twice gives the same keys, so Altinn 3 refuses the second.
std::string idempotent_key(const std::string& system_user, const std::string& message_reference,
                           const std::string& recipient_urn);

/// A Participant id as an Altinn 3 recipient URN: 9 digits that are an organisasjonsnummer →
/// urn:altinn:organization:identifier-no:N; 11 digits that are a fødselsnummer or D-nummer →
/// urn:altinn:person:identifier-no:N (ident/ident.hpp; synthetic test numbers are accepted only
/// with `allow_synthetic`). Surrounding whitespace is ignored. `urn` is empty and `problem` says
/// why when it is neither.
struct RecipientUrn {
  std::string urn;
  std::string problem;
};
RecipientUrn recipient_urn(std::string_view id, bool allow_synthetic = false);

/// The request schema (JSON Schema draft 7, valijson), loaded once on the main thread and then
/// shared read-only by every worker.
class RequestSchema {
public:
  /// Loads `path`; a file that cannot be read or parsed is `schema-unreadable`, one valijson
  /// refuses `schema-error`, both in `sink`, and the result is null.
  static std::unique_ptr<RequestSchema> load(const std::string& path, diag::DiagnosticSink& sink);
  ~RequestSchema();

  /// The rules `request` breaks, each as "<JSON pointer>: <valijson's words>", deepest first
  /// (empty: valid). Thread-safe.
  std::vector<std::string> check(const nlohmann::json& request) const;

private:
  RequestSchema();
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// Turns one Message and the Correspondences the stylesheet made of it into Altinn 3 folders.
/// One per worker, or shared: it holds nothing that changes. The schema and the options' map must
/// outlive it.
class Altinn3Builder {
public:
  Altinn3Builder(const RequestSchema& schema, const ConvertOptions& options);

  /// What Altinn 3 needs before any mapping: the service's resource id (the service map) and
  /// each Participant's id as a recipient URN. `message` is the Message element, namespaces
  /// ignored. Returns the first reason to reject it.
  std::optional<Reject> precheck(const xmlNode* message) const;

  /// The folders of `correspondences` (the stylesheet's result: Correspondence elements with
  /// dateTimes carrying their offset) made from `message` (namespaces removed). Every request
  /// is checked against the schema; the first that fails rejects the message. `losses` gets what
  /// Altinn 3 cannot carry (fields lost already, listed by find_losses, are kept unless Altinn 3
  /// carries them: Sender/Name, RequireConfirmation).
  struct Result {
    std::vector<Altinn3Folder> folders;
    std::optional<Reject> reject;
  };
  Result build(const xmlNode* message, xmlDoc* correspondences, const FileHeader& header,
               std::vector<Loss>& losses) const;

private:
  const RequestSchema& m_schema;
  const ConvertOptions& m_options;
};

} // namespace altkit::convert
