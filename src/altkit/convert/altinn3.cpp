#include "altkit/convert/altinn3.hpp"

#include "altkit/convert/markdown.hpp"
#include "altkit/convert/nodes.hpp"
#include "altkit/convert/values.hpp"
#include "altkit/diag/codes.hpp"
#include "altkit/diag/error.hpp"
#include "altkit/ident/ident.hpp"
#include "altkit/io/source.hpp"
#include "altkit/xml/parser.hpp"

#define VALIJSON_USE_EXCEPTIONS 1
#include <gcrypt.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

namespace altkit::convert {

namespace {

using ordered = nlohmann::ordered_json;

std::string text(const xmlNode* n) {
  return xml::content(n);
}

std::string trimmed(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) {
    return {};
  }
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

/// The text of a child element, trimmed ("" when there is none).
std::string child_text(const xmlNode* n, const char* local) {
  const xmlNode* c = first(n, local);
  return c != nullptr ? trimmed(text(c)) : "";
}

/// "/Message/Participant[2]": a step with its position among same-named siblings (as loss paths
/// write it: no index for the first).
std::string step(const std::string& parent, const char* name, std::size_t index0) {
  return parent + "/" + name + (index0 > 0 ? "[" + std::to_string(index0 + 1) + "]" : "");
}

std::string hex_uuid(const unsigned char* b) {
  static const char* k_hex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      s += '-';
    }
    s += k_hex[b[i] >> 4];
    s += k_hex[b[i] & 0xF];
  }
  return s;
}

/// A file name safe in the folder: the base name, path separators and control characters
/// replaced, no leading dot.
std::string safe_file_name(const std::string& name) {
  std::string base = name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
  std::string out;
  for (char c : base) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|') ? '_' : c;
  }
  while (!out.empty() && (out[0] == '.' || out[0] == ' ')) {
    out.erase(0, 1);
  }
  return out.empty() ? "attachment" : out;
}

/// A file name as it goes on disk: at most 200 bytes (file systems allow 255; the request keeps
/// the whole name), cut at a character boundary, the extension kept when it is short.
std::string disk_name(const std::string& name) {
  constexpr std::size_t k_max = 200;
  if (name.size() <= k_max) {
    return name;
  }
  std::size_t dot = name.rfind('.');
  std::string ext = dot != std::string::npos && name.size() - dot <= 16 ? name.substr(dot) : "";
  std::size_t cut = k_max - ext.size();
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) {
    --cut; // not inside a UTF-8 sequence
  }
  return name.substr(0, cut) + ext;
}

/// Altinn II LanguageCode (LCID) → Altinn 3 language (ISO 639-1: Altinn 3 takes nb, nn, en).
std::optional<std::string> language_of(const std::string& lcid) {
  static const std::map<std::string, std::string> k{{"1044", "nb"}, {"2068", "nn"}, {"1033", "en"}, {"nb", "nb"},
                                                    {"nn", "nn"},   {"en", "en"},   {"no", "nb"}};
  auto it = k.find(lcid);
  return it == k.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::string dump(const ordered& j) {
  return j.dump(2, ' ', false, ordered::error_handler_t::replace) + "\n";
}

} // namespace

void init_crypto() {
  if (gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P) != 0) {
    return;
  }
  if (gcry_check_version(GCRYPT_VERSION) == nullptr) {
    throw diag::Error(diag::ExitCode::internal, std::string("libgcrypt is older than ") + GCRYPT_VERSION);
  }
  gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
  gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
}

std::string uuid_v5(const Uuid& name_space, std::string_view name) {
  std::string input(reinterpret_cast<const char*>(name_space.data()), name_space.size());
  input.append(name.data(), name.size());
  unsigned char digest[20];
  gcry_md_hash_buffer(GCRY_MD_SHA1, digest, input.data(), input.size());
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50); // version 5
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80); // RFC 4122 variant
  return hex_uuid(digest);
}

std::string idempotent_key(const std::string& system_user, const std::string& message_reference,
                           const std::string& recipient_urn) {
  nlohmann::json name =
      nlohmann::json::array({"altkit:altinn3:idempotent-key", system_user, message_reference, recipient_urn});
  return uuid_v5(k_uuid_namespace_url, name.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

RecipientUrn recipient_urn(std::string_view id, bool allow_synthetic) {
  std::string s = trimmed(std::string(id));
  RecipientUrn r;
  if (s.size() == 9) {
    auto v = ident::check_organisasjonsnummer(s);
    if (v.ok()) {
      r.urn = "urn:altinn:organization:identifier-no:" + s;
    } else {
      r.problem = "'" + s + "' is not an organisasjonsnummer: it " + std::string(ident::describe(v.verdict));
    }
  } else if (s.size() == 11) {
    auto v = ident::check_personnummer(s, allow_synthetic);
    if (v.ok()) {
      r.urn = "urn:altinn:person:identifier-no:" + s;
    } else {
      std::string why(ident::describe(v.verdict));
      if (v.verdict == ident::Verdict::synthetic_not_allowed) {
        why = "is a synthetic test number (month + 40 or + 80), allowed only with --allow-synthetic-ids";
      }
      r.problem = "'" + s + "' is not a fødselsnummer or D-nummer: it " + why;
    }
  } else {
    r.problem = "'" + s + "' is neither an organisasjonsnummer (9 digits) nor a fødselsnummer/D-nummer (11 digits)";
  }
  return r;
}

struct RequestSchema::Impl {
  valijson::Schema schema;
};

RequestSchema::RequestSchema() : m_impl(std::make_unique<Impl>()) {}
RequestSchema::~RequestSchema() = default;

std::unique_ptr<RequestSchema> RequestSchema::load(const std::string& path, diag::DiagnosticSink& sink) {
  nlohmann::json doc;
  try {
    auto src = io::open_input(path);
    doc = nlohmann::json::parse(io::read_all(*src, 16U << 20));
  } catch (const std::exception& e) {
    sink.add(diag::Diagnostic::of(diag::code::schema_unreadable)
                 .at(path)
                 .message("cannot read the Altinn 3 request schema: " + diag::tidy_message(e.what())));
    return nullptr;
  }
  auto s = std::unique_ptr<RequestSchema>(new RequestSchema());
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, s->m_impl->schema);
  } catch (const std::exception& e) {
    sink.add(diag::Diagnostic::of(diag::code::schema_error)
                 .at(path)
                 .message("the Altinn 3 request schema does not load: " + diag::tidy_message(e.what())));
    return nullptr;
  }
  return s;
}

std::vector<std::string> RequestSchema::check(const nlohmann::json& request) const {
  thread_local valijson::Validator validator; // its cache of compiled patterns is per thread
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(request);
  std::vector<std::string> out;
  if (validator.validate(m_impl->schema, target, &results)) {
    return out;
  }
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    std::string pointer;
    for (std::size_t i = 1; i < e.context.size(); ++i) { // context[0] is "<root>"
      std::string c = e.context[i];
      if (c.size() >= 2 && c.front() == '[' && c.back() == ']') {
        c = c.substr(1, c.size() - 2);
        if (c.size() >= 2 && c.front() == '"') {
          c = c.substr(1, c.size() - 2);
        }
      }
      pointer += "/" + c;
    }
    std::string description = e.description;
    while (!description.empty() && (description.back() == '.' || description.back() == ' ')) {
      description.pop_back(); // findings end without a period
    }
    out.push_back((pointer.empty() ? "/" : pointer) + ": " + description);
  }
  // valijson reports the enclosing objects' failures after their members': the member first
  // says the most, so keep that order, and drop the summaries that only repeat it.
  return out;
}

Altinn3Builder::Altinn3Builder(const RequestSchema& schema, const ConvertOptions& options)
    : m_schema(schema), m_options(options) {}

std::optional<Reject> Altinn3Builder::precheck(const xmlNode* message) const {
  auto sn = resolve_short_name(xml::attribute(message, "shortName"), m_options.map);
  if (!sn.service) {
    return std::nullopt; // the general pre-check rejects it with its reason
  }
  const ServiceRef& svc = *sn.service;
  if (m_options.map == nullptr || !m_options.map->resource(svc.code, svc.edition)) {
    std::string service = svc.edition.empty() ? svc.code : svc.code + "_" + svc.edition;
    return Reject{&diag::code::no_resource_id, "service " + service + " has no Altinn 3 resourceId in the service map" +
                                                   (m_options.map == nullptr ? " (no --map given)" : "")};
  }
  for (const xmlNode* p = message->children; p != nullptr; p = p->next) {
    if (!is(p, "Participant")) {
      continue;
    }
    auto r = recipient_urn(xml::attribute(p, "id"), m_options.allow_synthetic_ids);
    if (r.urn.empty()) {
      return Reject{&diag::code::invalid_recipient, "Participant id " + r.problem + ", so no Altinn 3 recipient",
                    line_of(p)};
    }
  }
  return std::nullopt;
}

namespace {

/// What one Correspondence is made into, and what it loses, while it is being built.
struct Build {
  const xmlNode* message;       ///< the AltUt Message (namespaces removed)
  const xmlNode* corr;          ///< the Correspondence element
  const xmlNode* participant;   ///< its AltUt Participant
  std::string participant_path; ///< "/Message/Participant[2]"
  std::vector<Loss>* losses;
  std::set<std::string>* lost; ///< path and value of each loss listed, so none is listed twice
  std::string unreadable;      ///< a text that could not be read to its end (its path)

  void lose(const std::string& path, const std::string& value, const std::string& reason) {
    std::string shown = value.size() > 200 ? value.substr(0, 200) + "..." : value;
    if (lost->insert(path + '\x1f' + shown).second) {
      losses->push_back(Loss{path, shown, reason});
    }
  }
};

ordered content_of(Build& b, std::vector<Altinn3Attachment>& files) {
  const xmlNode* content = first(b.corr, "Content");
  const std::string cp = b.participant_path + "/Content";
  ordered c;
  std::string lcid = child_text(content, "LanguageCode");
  auto language = language_of(lcid);
  if (!language) {
    b.lose(cp + "/@languageCode", lcid, "Altinn 3 takes the languages nb, nn and en: nb is used");
  }
  c["language"] = language.value_or("nb");
  auto title = html_to_plain_text(content != nullptr ? text(first(content, "MessageTitle")) : "");
  if (!title.lost.empty()) {
    b.lose(cp + "/MessageHeader", title.text, "Altinn 3 titles are plain text: markup removed");
  }
  c["messageTitle"] = title.text;
  auto summary = html_to_plain_text(text(first(content, "MessageSummary")));
  if (!summary.lost.empty()) {
    b.lose(cp + "/MessageSummery", summary.text, "Altinn 3 summaries are plain text: markup removed");
  }
  c["messageSummary"] = summary.text;
  auto body = html_to_commonmark(text(first(content, "MessageBody")));
  if (!body.complete) {
    b.unreadable = cp + "/HTML";
  }
  if (!body.lost.empty()) {
    std::string what;
    for (const auto& l : body.lost) {
      what += (what.empty() ? "" : ", ") + l;
    }
    b.lose(cp + "/HTML", what, "no CommonMark form in Altinn 3's messageBody: the text is kept");
  }
  c["messageBody"] = body.text;
  ordered attachments = ordered::array();
  auto binaries = children(first(first(content, "Attachments"), "BinaryAttachments"), "BinaryAttachment");
  for (std::size_t i = 0; i < binaries.size(); ++i) {
    const xmlNode* a = binaries[i];
    const std::string ap = step(cp + "/Attachments", "Attachment", i);
    Altinn3Attachment f;
    repair_base64(child_text(a, "Data"), &f.bytes);
    std::string given = child_text(a, "FileName");
    f.file_name = safe_file_name(given);
    if (f.file_name != given) {
      b.lose(ap + "/@filename", given, "Altinn 3 file names are plain names: '" + f.file_name + "' is used");
    }
    char num[24];
    std::snprintf(num, sizeof num, "%03zu", i + 1);
    f.file = std::string("attachments/") + num + "-" + disk_name(f.file_name);
    std::string reference = child_text(a, "SendersReference");
    ordered j;
    j["fileName"] = f.file_name;
    j["displayName"] = trimmed(child_text(a, "Name")).empty() ? f.file_name : child_text(a, "Name");
    j["isEncrypted"] = false;
    j["sendersReference"] = reference.empty() ? f.file_name : reference;
    j["dataLocationType"] = "NewCorrespondenceAttachment";
    attachments.push_back(j);
    if (auto ft = child_text(a, "FunctionType"); !ft.empty()) {
      b.lose(ap + "/@functionType", ft, "Altinn 3 attachments have no function type");
    }
    if (auto at = child_text(a, "AttachmentType"); !at.empty()) {
      b.lose(ap + "/@type", at, "Altinn 3 attachments have no attachment type");
    }
    files.push_back(std::move(f));
  }
  c["attachments"] = attachments;
  return c;
}

bool usable_link(const std::string& url) {
  return url.rfind("https://", 0) == 0 && url.size() <= 255 && url.find_first_of(" \t\r\n") == std::string::npos;
}

/// The reply options: Altinn 3's are links (https, at most 255 characters); a reply to an
/// Altinn II service or archive reference has no target. Losses by the AltUt ReplyMessage.
ordered reply_options(Build& b) {
  ordered out = ordered::array();
  for (const xmlNode* o : children(first(b.corr, "ReplyOptions"), "ReplyOption")) {
    const xmlNode* url = first(o, "Url");
    if (url != nullptr && usable_link(child_text(url, "LinkUrl"))) {
      out.push_back({{"linkURL", child_text(url, "LinkUrl")}, {"linkText", child_text(url, "LinkText")}});
    }
  }
  auto replies = children(first(b.message, "ReplyMessages"), "ReplyMessage");
  for (std::size_t i = 0; i < replies.size(); ++i) {
    const xmlNode* form = first(replies[i], "Form");
    const std::string fp = step("/Message/ReplyMessages", "ReplyMessage", i) + "/Form";
    if (form == nullptr) {
      continue;
    }
    if (auto sc = child_text(form, "ServiceCode"); !sc.empty()) {
      b.lose(fp + "/ServiceCode", sc, "Altinn 3 reply options are links: a reply to an Altinn II service has none");
    } else if (auto fn = xml::attribute(form, "formNumber"); !trimmed(fn).empty()) {
      b.lose(fp + "/@formNumber", fn, "Altinn 3 reply options are links: a reply to an Altinn I/II form has none");
    }
    if (auto ar = child_text(form, "ArchiveReference"); !ar.empty()) {
      b.lose(fp + "/ArchiveReference", ar, "Altinn 3 reply options are links: an archive reference has none");
    }
    if (auto su = child_text(form, "ServiceURL"); !su.empty() && !usable_link(su)) {
      b.lose(fp + "/ServiceURL", su, "Altinn 3 takes reply links of https:// and at most 255 characters only");
    }
  }
  return out;
}

/// Altinn 3 takes one notification with one custom recipient (an e-mail address and a mobile
/// number); AltUt texts are Altinn's templates, so the generic template is used.
std::optional<ordered> notification(Build& b, const std::string& visible) {
  auto all = children(first(b.corr, "Notifications"), "Notification");
  if (all.empty()) {
    return std::nullopt;
  }
  const std::string reportee = child_text(b.corr, "Reportee");
  if (all.size() > 1) {
    b.lose("/Message/NotificationMessages", std::to_string(all.size()) + " notifications for " + reportee,
           "Altinn 3 takes one notification per correspondence: the first is used");
  }
  if (auto type = trimmed(xml::attribute(first(b.message, "NotificationMessages"), "NotificationTypeName"));
      !type.empty()) {
    b.lose("/Message/NotificationMessages/@NotificationTypeName", type,
           "Altinn 3 has no notification types: its generic template (GenericAltinnMessage) is used");
  }
  std::vector<std::string> emails;
  std::vector<std::string> phones;
  for (const xmlNode* e : children(first(all[0], "RecieverEndPoints"), "ReceiverEndPoint")) {
    (child_text(e, "TransportType") == "SMS" ? phones : emails).push_back(child_text(e, "ReceiverAdress"));
  }
  ordered n;
  n["notificationTemplate"] = "GenericAltinnMessage";
  n["notificationChannel"] = emails.empty() && phones.empty() ? "EmailPreferred"
                             : emails.empty()                 ? "Sms"
                             : phones.empty()                 ? "Email"
                                                              : "EmailAndSms";
  if (!emails.empty() || !phones.empty()) {
    ordered r;
    if (!emails.empty()) {
      r["emailAddress"] = emails[0];
    }
    if (!phones.empty()) {
      r["mobileNumber"] = phones[0];
    }
    n["customRecipient"] = r;
  }
  for (std::size_t i = 1; i < emails.size() || i < phones.size(); ++i) {
    std::string extra = i < emails.size() ? emails[i] : phones[i];
    b.lose("/Message/NotificationMessages/NotificationMessage", extra + " for " + reportee,
           "Altinn 3 notifies one custom recipient (one e-mail address, one mobile number): not used");
  }
  // ShipmentDateTime is the VisibleDate, or the conversion time when there is none: then Altinn 3
  // sends on publication.
  if (std::string at = child_text(all[0], "ShipmentDateTime"); !at.empty() && at == visible) {
    n["requestedSendTime"] = at;
  }
  return n;
}

/// The Correspondence's own fields outside its content.
void dates_and_references(Build& b, ordered& c) {
  std::string visible = child_text(b.corr, "VisibleDateTime");
  if (!visible.empty()) {
    c["requestedPublishTime"] = visible;
  }
  if (auto due = child_text(b.corr, "DueDateTime"); !due.empty()) {
    c["dueDateTime"] = due;
  }
  if (auto del = child_text(b.corr, "AllowSystemDeleteDateTime"); !del.empty()) {
    c["allowSystemDeleteAfter"] = del;
  }
  if (auto archive = child_text(b.corr, "ArchiveReference"); !archive.empty()) {
    c["externalReferences"] = ordered::array({{{"referenceValue", archive}, {"referenceType", "Generic"}}});
  }
  ordered properties = ordered::object();
  for (const xmlNode* add : children(first(first(b.corr, "Content"), "CustomMessageData"), "Add")) {
    properties[xml::attribute(add, "key")] = xml::attribute(add, "value");
  }
  c["propertyList"] = properties;
  c["replyOptions"] = reply_options(b);
  if (auto n = notification(b, visible)) {
    c["notification"] = *n;
  }
}

/// RequireConfirmation → isConfirmationNeeded (Altinn 3 then needs a due date). Lost for Altinn II:
/// that loss entry goes.
void confirmation(Build& b, ordered& c, std::vector<Loss>& base) {
  std::string confirm = child_text(b.participant, "RequireConfirmation");
  bool needed = confirm == "1" || confirm == "true";
  if (!confirm.empty()) {
    const std::string path = b.participant_path + "/RequireConfirmation";
    base.erase(std::remove_if(base.begin(), base.end(), [&](const Loss& l) { return l.path == path; }), base.end());
    if (needed && !c.contains("dueDateTime")) {
      b.lose(path, confirm, "Altinn 3 asks for a confirmation only with a due date, and the Participant has none");
      needed = false;
    }
  }
  c["isConfirmationNeeded"] = needed;
}

/// Sender/Name → messageSender (lost for Altinn II: that loss entry goes).
void message_sender(Build& b, ordered& c, std::vector<Loss>& base) {
  std::string sender = trimmed(text(first(first(b.message, "Sender"), "Name")));
  if (!sender.empty()) {
    c["messageSender"] = html_to_plain_text(sender).text;
    base.erase(std::remove_if(base.begin(), base.end(), [](const Loss& l) { return l.path == "/Message/Sender"; }),
               base.end());
  }
}

/// The AltUt Participant a Correspondence came from: the first not yet taken whose id is its
/// Reportee, else the k-th.
std::size_t participant_of(const std::vector<const xmlNode*>& participants, const std::string& reportee,
                           std::vector<bool>& taken, std::size_t k) {
  for (std::size_t i = 0; i < participants.size(); ++i) {
    if (!taken[i] && trimmed(xml::attribute(participants[i], "id")) == reportee) {
      taken[i] = true;
      return i;
    }
  }
  return std::min(k, participants.size() - 1);
}

ordered manifest_of(const Altinn3Folder& f, const std::string& key) {
  ordered parts = ordered::array();
  for (std::size_t i = 0; i < f.attachments.size(); ++i) {
    const auto& a = f.attachments[i];
    parts.push_back({{"name", "attachments"},
                     {"file", a.file},
                     {"fileName", a.file_name},
                     {"bytes", a.bytes.size()},
                     {"attachment", i}});
  }
  return ordered{{"request", "request.json"},
                 {"endpoint", f.attachments.empty()
                                  ? "POST /correspondence/api/v1/correspondence (application/json: request.json)"
                                  : "POST /correspondence/api/v1/correspondence/upload (multipart/form-data: the "
                                    "fields of request.json, then each part in this order)"},
                 {"recipient", f.recipient},
                 {"idempotentKey", key},
                 {"parts", parts}};
}

} // namespace

Altinn3Builder::Result Altinn3Builder::build(const xmlNode* message, xmlDoc* correspondences, const FileHeader& header,
                                             std::vector<Loss>& losses) const {
  Result result;
  std::set<std::string> lost;
  for (const auto& l : losses) {
    lost.insert(l.path + '\x1f' + l.value);
  }
  auto participants = children(message, "Participant");
  std::vector<bool> taken(participants.size(), false);
  std::string resource;
  if (auto sn = resolve_short_name(xml::attribute(message, "shortName"), m_options.map); sn.service) {
    resource = m_options.map->resource(sn.service->code, sn.service->edition).value_or("");
  }
  const xmlNode* root = xmlDocGetRootElement(correspondences);
  std::size_t k = 0;
  for (const xmlNode* corr = root != nullptr ? root->children : nullptr; corr != nullptr; corr = corr->next) {
    if (corr->type != XML_ELEMENT_NODE || participants.empty()) {
      continue;
    }
    std::string reportee = child_text(corr, "Reportee");
    std::size_t p = participant_of(participants, reportee, taken, k++);
    Build b{message, corr, participants[p], step("/Message", "Participant", p), &losses, &lost, {}};
    Altinn3Folder folder;
    folder.recipient = recipient_urn(reportee, m_options.allow_synthetic_ids).urn;
    ordered c;
    c["resourceId"] = resource;
    c["sender"] = "0192:" + m_options.sender;
    c["sendersReference"] = child_text(corr, "SendersReference");
    message_sender(b, c, losses);
    c["content"] = content_of(b, folder.attachments);
    dates_and_references(b, c);
    confirmation(b, c, losses);
    std::string key = idempotent_key(header.system_user, c["sendersReference"].get<std::string>(), folder.recipient);
    ordered request{{"correspondence", c}, {"recipients", ordered::array({folder.recipient})}, {"idempotentKey", key}};
    std::string who = folder.recipient.empty() ? reportee : folder.recipient;
    std::string why;
    if (!b.unreadable.empty()) {
      why = "the body of the Altinn 3 request for " + who +
            " cannot be read whole: libxml2's HTML parser stopped "
            "before the end of " +
            b.unreadable + " (nesting deeper than 256 levels), and the rest would be lost";
    } else if (auto errors = m_schema.check(nlohmann::json::parse(request.dump())); !errors.empty()) {
      why = "the Altinn 3 request for " + who + " breaks the request schema: " + errors.front();
    }
    if (!why.empty()) {
      result.reject = Reject{&diag::code::altinn3_request_invalid, why, line_of(participants[p])};
      result.folders.clear();
      return result;
    }
    folder.request = dump(request);
    folder.manifest = dump(manifest_of(folder, key));
    result.folders.push_back(std::move(folder));
  }
  return result;
}

} // namespace altkit::convert
