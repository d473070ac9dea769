#pragma once
// confirmations-convert's mapping: one Altinn II Confirmation, or one Altinn 3 correspondence's
// status history, into one Confirmation of an Altinn I AltUtConfirmationBatch. Pure functions of
// their inputs and the maps; safe from any thread. The table (README, "confirmations-convert"):
//
//   Altinn II CorrespondenceConfirmations      AltUtConfirmationBatch
//   SequenceNo                                 @batchReference
//   PreviousSequenceNo                         @previousReference
//   SystemUserCode                             @receiverReference
//   ShipmentDateTime                           @timeStamp
//   CountConfirmationsInShipment               checked (conf-count-mismatch); @confirmationsInBatch = written
//   ServiceCode + ServiceEdition               Confirmation/@shortName: the map's legacy name, else C_E
//   Reportee                                   Confirmation/@participantId
//   CorrespondenceReference                    Confirmation/@messageReference (empty: conf-no-reference)
//   Read/ReadDateTime                          Read/ReadDateTime
//   Confirmed/UserSSN                          Confirmed/@participantId
//   Confirmed/ConfirmedDateTime                Confirmed/ConfirmedDateTime
//   Confirmed/ConfirmedRoleList                Confirmed/ConfirmedRoleList (as written)
//   Confirmed/AuthenticationMethod             Confirmed/LoginMethod (1-4, else conf-login-method)
//
//   Altinn 3 correspondence details            AltUtConfirmationBatch
//   resourceId                                 Confirmation/@shortName (--resource-map)
//   recipient (urn:altinn:...:identifier-no)   Confirmation/@participantId, Confirmed/@participantId
//   sendersReference                           Confirmation/@messageReference
//   statusHistory: first Read                  Read/ReadDateTime (its statusChanged)
//   statusHistory: first Confirmed             Confirmed/ConfirmedDateTime (its statusChanged)
//   (none)                                     Confirmed/ConfirmedRoleList: empty
//   (none)                                     Confirmed/LoginMethod: --login-method
//   sender                                     @receiverReference (unless --receiver-reference)
//   (the run)                                  @batchReference/@previousReference: --sequence-start
//                                              on; @timeStamp: the time of the run

#include "altkit/diag/codes.hpp"
#include "altkit/diag/diagnostic.hpp"
#include "altkit/servicemap/service_map.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace altkit::confirm {

/// An Altinn II shipment's header, its elements' text as written.
struct Shipment {
  std::string sequence_no;
  std::string previous_sequence_no;
  std::string system_user_code;
  std::string shipment_datetime;
  std::string count; ///< CountConfirmationsInShipment
};

/// One Altinn II Confirmation, its elements' text as written (after the schema check).
struct Altinn2Confirmation {
  std::uint64_t line = 0;
  std::string service_code;
  std::optional<std::string> service_edition;
  std::string reportee;
  std::string reference;
  std::string read_datetime;
  bool confirmed = false;
  std::string user_ssn;
  std::string confirmed_datetime;
  std::string role_list;
  std::string authentication_method;
};

/// What the conversion reads of one Altinn 3 correspondence (CorrespondenceDetailsExt).
struct Altinn3Correspondence {
  std::uint64_t line = 0; ///< JSON Lines: its line; else 0
  std::string id;         ///< correspondenceId
  std::string resource_id;
  std::string senders_reference;
  std::string recipient;
  std::string sender;
  std::optional<std::string> read;      ///< the first Read event's statusChanged
  std::optional<std::string> confirmed; ///< the first Confirmed event's statusChanged
};

/// Who confirmed, when, in which roles and how they logged in.
struct ConfirmedBy {
  std::string participant_id;
  std::string datetime;
  std::string role_list;
  std::string login_method;
};

/// One Confirmation of an AltUtConfirmationBatch.
struct AltUtConfirmation {
  std::string participant_id;
  std::string short_name;
  std::string message_reference;
  std::string read_datetime;
  std::optional<ConfirmedBy> confirmed;
};

/// The AltUtConfirmationBatch's attributes.
struct BatchHeader {
  std::string batch_reference;
  std::string previous_reference;
  std::string receiver_reference;
  std::string timestamp;
  std::uint64_t confirmations = 0;
};

/// Altinn 3 resourceId -> AltUt shortName: CSV (RFC 4180, UTF-8) with the header
/// `resourceId,shortName`. Immutable after load; safe to share between threads.
class ResourceMap {
public:
  /// Loads and checks a map: syntax, an empty field, a resourceId listed twice (map-duplicate when
  /// the same, map-conflict when different), each with its line, go to `sink`; then null (exit 4).
  /// A file over 16 MiB is refused unread (map-unreadable).
  static std::unique_ptr<ResourceMap> load(const std::string& path, diag::DiagnosticSink& sink);
  /// The same from text; `name` names it in diagnostics.
  static std::unique_ptr<ResourceMap> parse(std::string_view text, const std::string& name, diag::DiagnosticSink& sink);
  /// The shortName for `resource_id`, if listed.
  std::optional<std::string> short_name(const std::string& resource_id) const;
  std::size_t size() const { return m_rows.size(); }

private:
  std::map<std::string, std::string> m_rows;
};

/// What the mapping of one confirmation needs besides the confirmation.
struct MapSettings {
  const servicemap::ServiceMap* map = nullptr; ///< --map: legacy shortNames; may be null
  const ResourceMap* resources = nullptr;      ///< --resource-map; may be null (then every resource is unmapped)
  int login_method = 0;                        ///< --login-method for Altinn 3 Confirmed events; 0: none given
};

/// A confirmation converted, or why not; warnings (conf-legacy-ambiguous) either way.
struct Mapped {
  std::optional<AltUtConfirmation> confirmation;
  const diag::CodeInfo* reject = nullptr; ///< set when rejected
  std::string reason;                     ///< lower-case, no trailing period
  std::vector<diag::Diagnostic> warnings; ///< without file and position: the caller places them
};

/// Maps one Altinn II Confirmation (table above). Rejects: conf-no-edition, conf-bad-service,
/// conf-no-reference, conf-login-method. Pure; thread-safe.
Mapped map_altinn2(const Altinn2Confirmation& in, const MapSettings& settings);

/// Maps one Altinn 3 correspondence that has a Read or Confirmed event (table above). Rejects:
/// conf-unmapped-resource, conf-recipient, conf-no-reference, conf-no-read, conf-login-method.
/// Pure; thread-safe.
Mapped map_altinn3(const Altinn3Correspondence& in, const MapSettings& settings);

/// The identifier an Altinn 3 party names: `urn:altinn:organization:identifier-no:N`,
/// `urn:altinn:person:identifier-no:N`, `0192:N` (an organisation, ISO 6523) or N alone; N must be
/// a valid organisasjonsnummer (organisation forms) or fødselsnummer/D-nummer (person form;
/// synthetic test numbers accepted), either for a bare N. Returns N, or nullopt with `why`.
std::optional<std::string> party_number(std::string_view party, std::string* why = nullptr);

/// The Confirmation element as the batch file holds it (indented two levels, one line each part,
/// ending in a newline). Thread-safe.
std::string confirmation_xml(const AltUtConfirmation& c);

/// The batch file's text before the Confirmations: the XML declaration, the root with its
/// attributes and the AltUtConfirmations start tag. Thread-safe.
std::string batch_head(const BatchHeader& h);

/// The batch file's text after the Confirmations.
std::string batch_tail();

/// True when `value` is an xs:dateTime (libxml2's datatype library; requires xml::init_libxml()).
bool is_datetime(const std::string& value);

} // namespace altkit::confirm
