#include "altkit/confirm/mapping.hpp"

#include "altkit/ident/ident.hpp"
#include "altkit/io/source.hpp"
#include "altkit/servicemap/csv.hpp"
#include "altkit/xml/escape.hpp"

#include <libxml/xmlschemastypes.h>

#include <algorithm>

namespace altkit::confirm {

namespace {

constexpr std::size_t k_max_resource_map_bytes = 16U << 20;

Mapped rejected(const diag::CodeInfo& code, std::string reason) {
  Mapped m;
  m.reject = &code;
  m.reason = std::move(reason);
  return m;
}

std::string trimmed(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && space(s.back())) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

/// The shortName for a service: the one legacy name the map gives it, else C_E.
Mapped short_name(const std::string& code, const std::optional<std::string>& edition, const MapSettings& settings) {
  Mapped m;
  if (!edition || trimmed(*edition).empty()) {
    return rejected(diag::code::conf_no_edition,
                    "ServiceCode '" + code + "' has no ServiceEdition, so no shortName C_E can be written");
  }
  std::string c = trimmed(code);
  std::string e = trimmed(*edition);
  std::optional<std::string> joined = servicemap::short_name_for(c, e);
  std::vector<std::string> legacy;
  if (settings.map != nullptr && joined) {
    legacy = settings.map->legacy_names(c, e);
  }
  if (legacy.size() == 1) {
    m.confirmation = AltUtConfirmation{};
    m.confirmation->short_name = legacy.front();
    return m;
  }
  if (!joined) {
    return rejected(diag::code::conf_bad_service, "ServiceCode '" + code + "' and ServiceEdition '" + *edition +
                                                      "' cannot be written as a shortName that reads back");
  }
  if (legacy.size() > 1) {
    std::string names;
    for (const auto& n : legacy) {
      names += (names.empty() ? "'" : ", '") + n + "'";
    }
    m.warnings.push_back(diag::Diagnostic::of(diag::code::conf_legacy_ambiguous)
                             .message("the map names " + *joined + " " + names + ": " + *joined + " written"));
  }
  m.confirmation = AltUtConfirmation{};
  m.confirmation->short_name = *joined;
  return m;
}

} // namespace

std::unique_ptr<ResourceMap> ResourceMap::load(const std::string& path, diag::DiagnosticSink& sink) {
  std::string text;
  try {
    auto src = io::open_input(path);
    text = io::read_all(*src, k_max_resource_map_bytes);
  } catch (const std::exception& e) {
    std::string why = e.what();
    if (why.rfind(path + ": ", 0) == 0) {
      why.erase(0, path.size() + 2);
    }
    sink.add(diag::Diagnostic::of(diag::code::map_unreadable).at(path).message("cannot read resource map: " + why));
    return nullptr;
  }
  return parse(text, path, sink);
}

std::unique_ptr<ResourceMap> ResourceMap::parse(std::string_view text, const std::string& name,
                                                diag::DiagnosticSink& sink) {
  auto csv = servicemap::parse_csv(text);
  if (csv.error) {
    sink.add(diag::Diagnostic::of(diag::code::map_syntax).at(name, csv.error->line).message(csv.error->message));
    return nullptr;
  }
  auto result = std::make_unique<ResourceMap>();
  std::map<std::string, std::size_t> lines;
  bool ok = true;
  auto bad = [&](const diag::CodeInfo& code, std::size_t line, std::string message) {
    sink.add(diag::Diagnostic::of(code).at(name, line).message(std::move(message)));
    ok = false;
  };
  for (std::size_t i = 0; i < csv.records.size(); ++i) {
    const auto& r = csv.records[i];
    if (i == 0) {
      if (r.fields.size() != 2 || trimmed(r.fields[0]) != "resourceId" || trimmed(r.fields[1]) != "shortName") {
        bad(diag::code::map_syntax, r.line, "the header must be resourceId,shortName");
        return nullptr;
      }
      continue;
    }
    if (r.fields.size() != 2) {
      bad(diag::code::map_syntax, r.line,
          "expected 2 fields (resourceId,shortName), found " + std::to_string(r.fields.size()));
      continue;
    }
    std::string id = trimmed(r.fields[0]);
    std::string short_name = trimmed(r.fields[1]);
    if (id.empty() || short_name.empty()) {
      bad(diag::code::map_syntax, r.line, "an empty resourceId or shortName");
      continue;
    }
    auto [it, fresh] = result->m_rows.emplace(id, short_name);
    if (!fresh) {
      bool same = it->second == short_name;
      bad(same ? diag::code::map_duplicate : diag::code::map_conflict, r.line,
          "resourceId '" + id + "' is listed on line " + std::to_string(lines[id]) +
              (same ? " already" : " as '" + it->second + "', here as '" + short_name + "'"));
      continue;
    }
    lines[id] = r.line;
  }
  if (!ok) {
    return nullptr;
  }
  return result;
}

std::optional<std::string> ResourceMap::short_name(const std::string& resource_id) const {
  auto it = m_rows.find(resource_id);
  if (it == m_rows.end()) {
    return std::nullopt;
  }
  return it->second;
}

Mapped map_altinn2(const Altinn2Confirmation& in, const MapSettings& settings) {
  Mapped m = short_name(in.service_code, in.service_edition, settings);
  if (!m.confirmation) {
    return m;
  }
  if (trimmed(in.reference).empty()) {
    return rejected(diag::code::conf_no_reference, "CorrespondenceReference is empty");
  }
  AltUtConfirmation& out = *m.confirmation;
  out.participant_id = trimmed(in.reportee);
  out.message_reference = in.reference;
  out.read_datetime = trimmed(in.read_datetime);
  if (in.confirmed) {
    std::string method = trimmed(in.authentication_method);
    if (method.size() != 1 || method[0] < '1' || method[0] > '4') {
      return rejected(diag::code::conf_login_method,
                      "AuthenticationMethod '" + in.authentication_method + "' is not a LoginMethod (1-4)");
    }
    out.confirmed = ConfirmedBy{trimmed(in.user_ssn), trimmed(in.confirmed_datetime), in.role_list, method};
  }
  return m;
}

std::optional<std::string> party_number(std::string_view party, std::string* why) {
  std::string_view s = party;
  enum class Kind { either, organisation, person } kind = Kind::either;
  const std::string_view org = "urn:altinn:organization:identifier-no:";
  const std::string_view person = "urn:altinn:person:identifier-no:";
  const std::string_view iso6523 = "0192:";
  if (s.substr(0, org.size()) == org) {
    s.remove_prefix(org.size());
    kind = Kind::organisation;
  } else if (s.substr(0, person.size()) == person) {
    s.remove_prefix(person.size());
    kind = Kind::person;
  } else if (s.substr(0, iso6523.size()) == iso6523) {
    s.remove_prefix(iso6523.size());
    kind = Kind::organisation;
  }
  auto fail = [&](std::string reason) -> std::optional<std::string> {
    if (why != nullptr) {
      *why = std::move(reason);
    }
    return std::nullopt;
  };
  bool as_org = kind == Kind::organisation || (kind == Kind::either && s.size() == 9);
  bool as_person = kind == Kind::person || (kind == Kind::either && s.size() == 11);
  if (!as_org && !as_person) {
    return fail("'" + std::string(party) + "' names neither an organisation (9 digits) nor a person (11 digits)");
  }
  ident::Result r = as_org ? ident::check_organisasjonsnummer(s) : ident::check_personnummer(s, true);
  if (!r.ok()) {
    return fail("'" + std::string(party) + "': " + std::string(ident::describe(r.verdict)));
  }
  return std::string(s);
}

Mapped map_altinn3(const Altinn3Correspondence& in, const MapSettings& settings) {
  std::optional<std::string> name =
      settings.resources != nullptr ? settings.resources->short_name(in.resource_id) : std::nullopt;
  if (!name) {
    return rejected(diag::code::conf_unmapped_resource,
                    "resourceId '" + in.resource_id + "' is not in the resource map" +
                        (settings.resources == nullptr ? " (no --resource-map given)" : ""));
  }
  std::string why;
  std::optional<std::string> participant = party_number(in.recipient, &why);
  if (!participant) {
    return rejected(diag::code::conf_recipient, "recipient " + why);
  }
  if (trimmed(in.senders_reference).empty()) {
    return rejected(diag::code::conf_no_reference, "sendersReference is empty");
  }
  if (!in.read) {
    return rejected(diag::code::conf_no_read, "a Confirmed event without a Read event");
  }
  Mapped m;
  m.confirmation = AltUtConfirmation{*participant, *name, in.senders_reference, *in.read, std::nullopt};
  if (in.confirmed) {
    if (settings.login_method < 1 || settings.login_method > 4) {
      return rejected(diag::code::conf_login_method,
                      "Altinn 3 names no login method for the Confirmed event: give --login-method 1-4");
    }
    m.confirmation->confirmed = ConfirmedBy{*participant, *in.confirmed, "", std::to_string(settings.login_method)};
  }
  return m;
}

namespace {

/// An attribute value: escaped, and the whitespace a reader would normalise to spaces kept.
std::string attr(std::string_view s) {
  std::string e = xml::escape(s);
  std::string out;
  out.reserve(e.size());
  for (char c : e) {
    out += c == '\n' ? "&#10;" : c == '\t' ? "&#9;" : c == '\r' ? "&#13;" : std::string(1, c);
  }
  return out;
}

} // namespace

std::string confirmation_xml(const AltUtConfirmation& c) {
  std::string out = "    <Confirmation participantId=\"" + attr(c.participant_id) + "\" shortName=\"" +
                    attr(c.short_name) + "\" messageReference=\"" + attr(c.message_reference) + "\">\n";
  out += "      <Read>\n        <ReadDateTime>" + xml::escape(c.read_datetime) + "</ReadDateTime>\n      </Read>\n";
  if (c.confirmed) {
    const ConfirmedBy& b = *c.confirmed;
    out += "      <Confirmed participantId=\"" + attr(b.participant_id) + "\">\n";
    out += "        <ConfirmedDateTime>" + xml::escape(b.datetime) + "</ConfirmedDateTime>\n";
    out += "        <ConfirmedRoleList>" + xml::escape(b.role_list) + "</ConfirmedRoleList>\n";
    out += "        <LoginMethod>" + xml::escape(b.login_method) + "</LoginMethod>\n";
    out += "      </Confirmed>\n";
  }
  out += "    </Confirmation>\n";
  return out;
}

std::string batch_head(const BatchHeader& h) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<AltUtConfirmationBatch batchReference=\"" +
         attr(h.batch_reference) + "\" previousReference=\"" + attr(h.previous_reference) + "\" receiverReference=\"" +
         attr(h.receiver_reference) + "\" timeStamp=\"" + attr(h.timestamp) + "\" confirmationsInBatch=\"" +
         std::to_string(h.confirmations) + "\">\n  <AltUtConfirmations>\n";
}

std::string batch_tail() {
  return "  </AltUtConfirmations>\n</AltUtConfirmationBatch>\n";
}

bool is_datetime(const std::string& value) {
  xmlSchemaTypePtr type = xmlSchemaGetBuiltInType(XML_SCHEMAS_DATETIME);
  return type != nullptr &&
         xmlSchemaValidatePredefinedType(type, reinterpret_cast<const xmlChar*>(value.c_str()), nullptr) == 0;
}

} // namespace altkit::confirm
