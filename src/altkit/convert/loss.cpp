#include "altkit/convert/loss.hpp"

#include "altkit/convert/values.hpp"
#include "altkit/xml/handles.hpp"
#include "altkit/xml/parser.hpp"

#include <libxml/xmlschemastypes.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

namespace altkit::convert {

namespace {

constexpr const char* k_not_mapped = "not mapped to Altinn II (Altinn's AltUt documentation)";
constexpr const char* k_unknown = "unknown to the AltUt format: not converted";

// Paths below Message, element steps without indices; attributes as ".../@name".
const std::set<std::string>& mapped() {
  static const std::set<std::string> k{
      "Message/@shortName",
      "Message/@messageReference",
      "Message/Participant",
      "Message/Participant/@id",
      "Message/Participant/VisibleDate",
      "Message/Participant/DueDate",
      "Message/Participant/AltinnArchive",
      "Message/Participant/AllowSystemDeleteDate",
      "Message/Participant/Year",
      "Message/Participant/MunicipalNumber",
      "Message/Participant/Content",
      "Message/Participant/Content/@languageCode",
      "Message/Participant/Content/MessageHeader",
      "Message/Participant/Content/MessageSummery",
      "Message/Participant/Content/HTML",
      "Message/Participant/Content/Attachments",
      "Message/Participant/Content/Attachments/Attachment",
      "Message/Participant/Content/Attachments/Attachment/@id",
      "Message/Participant/Content/Attachments/Attachment/@type",
      "Message/Participant/Content/Attachments/Attachment/@filename",
      "Message/Participant/Content/Attachments/Attachment/@name",
      "Message/Participant/Content/Attachments/Attachment/@functionType",
      "Message/NotificationMessages",
      "Message/NotificationMessages/@NotificationTypeName",
      "Message/NotificationMessages/NotificationMessage",
      "Message/NotificationMessages/NotificationMessage/@participantId",
      "Message/NotificationMessages/NotificationMessage/SMSPhoneNumbers",
      "Message/NotificationMessages/NotificationMessage/SMSPhoneNumbers/SMSPhoneNumber",
      "Message/NotificationMessages/NotificationMessage/EmailAddresses",
      "Message/NotificationMessages/NotificationMessage/EmailAddresses/EmailAddress",
      "Message/ReplyMessages",
      "Message/ReplyMessages/ReplyMessage",
      "Message/ReplyMessages/ReplyMessage/Form",
      "Message/ReplyMessages/ReplyMessage/Form/ServiceCode",
      "Message/ReplyMessages/ReplyMessage/Form/ServiceURL",
      "Message/ReplyMessages/ReplyMessage/Form/ArchiveReference",
      "Message/ReplyMessages/ReplyMessage/Form/@formNumber",
      "Message/ReplyMessages/ReplyMessage/Form/@version"};
  return k;
}

const std::set<std::string>& documented_not_mapped() {
  static const std::set<std::string> k{"Message/@viewFormat",
                                       "Message/@allowDelete",
                                       "Message/@persistent",
                                       "Message/RoleReqRead",
                                       "Message/RoleReqDeleteConfirm",
                                       "Message/RoleReqGovAgency",
                                       "Message/Sender",
                                       "Message/Sender/Name",
                                       "Message/Participant/LoginSecurityLevel",
                                       "Message/Participant/AllowUserDeleteDate",
                                       "Message/Participant/VisibleInClientReport",
                                       "Message/Participant/RequireConfirmation",
                                       "Message/Participant/Content/MessageSubject",
                                       "Message/Participant/Content/Invoice"};
  return k;
}

std::string text_of(const xmlNode* n) {
  std::string s = xml::content(n);
  if (s.size() > 200) {
    s = s.substr(0, 200) + "...";
  }
  return s;
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

const xmlNode* child(const xmlNode* n, const char* name) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(c->name), name) == 0) {
      return c;
    }
  }
  return nullptr;
}

/// XPath's normalize-space(), as the stylesheets compare ids (XML Schema's whitespace collapse).
std::string normalise_space(const std::string& s) {
  xml::xml_ptr<xmlChar> collapsed(xmlSchemaCollapseString(reinterpret_cast<const xmlChar*>(s.c_str())));
  return collapsed ? reinterpret_cast<const char*>(collapsed.get()) : s; // null: nothing to collapse
}

struct Walker {
  std::vector<Loss> out;
  bool (*form_resolved)(const xmlNode*, const void*);
  const void* ctx;
  bool soap;
  const xmlNode* message = nullptr;

  /// A NotificationMessage whose participantId names no Participant: where it goes (the
  /// stylesheets' rule), reported, as it is not what the sender wrote.
  void check_notification(const xmlNode* n, const std::string& path) {
    std::string id = normalise_space(xml::attribute(n, "participantId"));
    std::vector<std::string> ids;
    for (const xmlNode* c = message->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(c->name), "Participant") == 0) {
        ids.push_back(normalise_space(xml::attribute(c, "id")));
      }
    }
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
      return;
    }
    lose(path + "/@participantId", xml::attribute(n, "participantId"),
         ids.size() == 1 ? "participantId names no Participant of the message: the notification goes with the "
                           "only Participant's correspondence (" +
                               ids.front() + ")"
                         : "participantId names no Participant of the message: the notification is not converted "
                           "(it cannot be told which of the " +
                               std::to_string(ids.size()) + " Participants it belongs to)");
  }

  void lose(const std::string& path, std::string value, std::string reason) {
    out.push_back(Loss{path, std::move(value), std::move(reason)});
  }

  void walk(const xmlNode* n, const std::string& key, const std::string& path) {
    const std::string name = reinterpret_cast<const char*>(n->name);
    // Attributes.
    for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      std::string akey = key + "/@" + reinterpret_cast<const char*>(a->name);
      std::string apath = path + "/@" + reinterpret_cast<const char*>(a->name);
      xml::xml_ptr<xmlChar> v(xmlNodeListGetString(n->doc, a->children, 1));
      std::string value = v != nullptr ? reinterpret_cast<const char*>(v.get()) : "";
      if (documented_not_mapped().count(akey) != 0) {
        lose(apath, value, k_not_mapped);
      } else if (mapped().count(akey) == 0) {
        lose(apath, value, k_unknown);
      } else if (soap && akey == "Message/Participant/Content/Attachments/Attachment/@type") {
        lose(apath, value, "the InsertCorrespondenceV2 contract has no AttachmentType");
      } else if (akey == "Message/Participant/Content/Attachments/Attachment/@functionType" && value != "Invoice" &&
                 value != "Unspecified") {
        lose(apath, value, "functionType is neither Invoice nor Unspecified: not converted");
      } else if (akey == "Message/Participant/Content/Attachments/Attachment/@filename" &&
                 attachment_file_name(value) != value) {
        lose(apath, value, "its folder path is dropped: FileName is '" + attachment_file_name(value) + "'");
      }
    }
    if (key == "Message/NotificationMessages/NotificationMessage") {
      check_notification(n, path);
    }
    // A Form's formNumber/version: carried when the map resolves them, else reported once.
    if (name == "Form" && xmlHasProp(n, reinterpret_cast<const xmlChar*>("formNumber")) != nullptr) {
      std::string value = xml::attribute(n, "formNumber");
      const xmlNode* sc = child(n, "ServiceCode");
      if (sc != nullptr && !blank(text_of(sc))) {
        lose(path + "/@formNumber", value, "the Form names a ServiceCode, which is used instead");
      } else if (!form_resolved(n, ctx)) {
        lose(path + "/@formNumber", value, "Altinn I form not in the service map: reply option dropped");
      }
    }
    // Child elements, with their position among same-named siblings.
    std::map<std::string, int> seen;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) {
        continue;
      }
      std::string cname = reinterpret_cast<const char*>(c->name);
      int index = ++seen[cname];
      std::string ckey = key + "/" + cname;
      std::string cpath = path + "/" + cname + (index > 1 ? "[" + std::to_string(index) + "]" : "");
      if (documented_not_mapped().count(ckey) != 0) {
        if (ckey == "Message/Participant/Content/MessageSubject") {
          const xmlNode* header = child(n, "MessageHeader");
          if (header == nullptr || blank(text_of(header))) {
            continue; // used as the title
          }
        }
        if (!blank(text_of(c)) || c->properties != nullptr) {
          lose(cpath, text_of(c), k_not_mapped);
        }
        continue;
      }
      if (mapped().count(ckey) == 0) {
        lose(cpath, text_of(c), k_unknown);
        continue;
      }
      walk(c, ckey, cpath);
    }
  }
};

} // namespace

std::vector<Loss> find_losses(const xmlNode* message, bool (*form_resolved)(const xmlNode*, const void*),
                              const void* ctx, bool soap) {
  Walker w{{}, form_resolved, ctx, soap, message};
  w.walk(message, "Message", "/Message");
  return std::move(w.out);
}

} // namespace altkit::convert
