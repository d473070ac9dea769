#include "altkit/convert/loss.hpp"
#include "altkit/xml/handles.hpp"

#include <libxml/parser.h>

#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

using namespace altkit;
using convert::Loss;

namespace {

constexpr const char* k_not_mapped = "not mapped to Altinn II (Altinn's AltUt documentation)";
constexpr const char* k_unknown = "unknown to the AltUt format: not converted";

/// A form reference resolves when its formNumber is listed in `ctx` (a comma-separated string).
bool resolves(const xmlNode* form, const void* ctx) {
  xml::xml_ptr<xmlChar> n(xmlGetProp(form, reinterpret_cast<const xmlChar*>("formNumber")));
  std::string listed = std::string(",") + static_cast<const char*>(ctx) + ",";
  return n != nullptr &&
         listed.find("," + std::string(reinterpret_cast<const char*>(n.get())) + ",") != std::string::npos;
}

/// The losses of one Message given as text (no namespaces, as the converter hands it over).
std::vector<Loss> losses(const std::string& message, const char* resolved_forms = "", bool soap = false) {
  xml::xml_ptr<xmlDoc> doc(xmlReadMemory(message.data(), static_cast<int>(message.size()), "input", nullptr,
                                         XML_PARSE_NONET | XML_PARSE_NOBLANKS));
  REQUIRE(doc);
  return convert::find_losses(xmlDocGetRootElement(doc.get()), resolves, resolved_forms, soap);
}

std::vector<std::string> paths(const std::vector<Loss>& ls) {
  std::vector<std::string> out;
  for (const auto& l : ls) {
    out.push_back(l.path);
  }
  return out;
}

const Loss& at(const std::vector<Loss>& ls, const std::string& path) {
  for (const auto& l : ls) {
    if (l.path == path) {
      return l;
    }
  }
  FAIL("no loss at " << path);
  return ls.front();
}

} // namespace

TEST_CASE("convert::find_losses: a message the mapping carries whole loses nothing") {
  CHECK(losses("<Message shortName='4711_1' messageReference='R'>"
               "<Participant id='910000009'><VisibleDate>2024-03-01</VisibleDate>"
               "<Content languageCode='1044'><MessageHeader>Tittel</MessageHeader><MessageSummery>S</MessageSummery>"
               "<Attachments><Attachment id='A1' functionType='Invoice' type='text_plain' filename='f.txt' name='F'>"
               "QUJD</Attachment></Attachments></Content></Participant>"
               "<ReplyMessages><ReplyMessage><Form><ServiceCode>3128_1</ServiceCode></Form></ReplyMessage>"
               "</ReplyMessages></Message>")
            .empty());
}

TEST_CASE("convert::find_losses: documented and unknown fields, with their paths and values") {
  auto ls = losses("<Message shortName='4711_1' viewFormat='bin' colour='red'>"
                   "<RoleReqRead>MOINR</RoleReqRead>"
                   "<Participant id='1'><VisibleDate>2024-03-01</VisibleDate></Participant>"
                   "<Participant id='2'><LoginSecurityLevel>2</LoginSecurityLevel><Shoe>41</Shoe></Participant>"
                   "<Kvittering>ukjent element</Kvittering></Message>");
  // In document order: the Message's attributes, then its children depth first.
  CHECK(paths(ls) == std::vector<std::string>{"/Message/@viewFormat", "/Message/@colour", "/Message/RoleReqRead",
                                              "/Message/Participant[2]/LoginSecurityLevel",
                                              "/Message/Participant[2]/Shoe", "/Message/Kvittering"});
  CHECK(at(ls, "/Message/@viewFormat").value == "bin");
  CHECK(at(ls, "/Message/@viewFormat").reason == k_not_mapped);
  CHECK(at(ls, "/Message/@colour").reason == k_unknown);
  CHECK(at(ls, "/Message/Participant[2]/LoginSecurityLevel").value == "2");
  CHECK(at(ls, "/Message/Participant[2]/LoginSecurityLevel").reason == k_not_mapped);
  CHECK(at(ls, "/Message/Kvittering").value == "ukjent element");
  CHECK(at(ls, "/Message/Kvittering").reason == k_unknown);
}

TEST_CASE("convert::find_losses: an empty documented field is no loss") {
  CHECK(losses("<Message><RoleReqRead>  </RoleReqRead><Sender/></Message>").empty());
  // ...unless it carries attributes.
  CHECK(paths(losses("<Message><Sender kind='x'/></Message>")) == std::vector<std::string>{"/Message/Sender"});
}

TEST_CASE("convert::find_losses: a MessageSubject is lost only beside a MessageHeader") {
  auto with_header = losses("<Message><Participant><Content><MessageHeader>H</MessageHeader>"
                            "<MessageSubject>S</MessageSubject></Content></Participant></Message>");
  CHECK(paths(with_header) == std::vector<std::string>{"/Message/Participant/Content/MessageSubject"});
  CHECK(with_header[0].value == "S");
  // Without a header (or with a blank one) the subject is the title: carried.
  CHECK(losses("<Message><Participant><Content><MessageSubject>S</MessageSubject></Content></Participant></Message>")
            .empty());
  CHECK(losses("<Message><Participant><Content><MessageHeader> </MessageHeader><MessageSubject>S</MessageSubject>"
               "</Content></Participant></Message>")
            .empty());
}

TEST_CASE("convert::find_losses: form references") {
  const std::string msg = "<Message><ReplyMessages>"
                          "<ReplyMessage><Form formNumber='RF-1047' version='2'/></ReplyMessage>"
                          "<ReplyMessage><Form formNumber='RF-0001' version='1'/></ReplyMessage>"
                          "<ReplyMessage><Form formNumber='RF-1030' version='1'><ServiceCode>3128_1</ServiceCode>"
                          "</Form></ReplyMessage></ReplyMessages></Message>";
  auto ls = losses(msg, "RF-1047,RF-1030");
  REQUIRE(ls.size() == 2);
  CHECK(ls[0].path == "/Message/ReplyMessages/ReplyMessage[2]/Form/@formNumber");
  CHECK(ls[0].value == "RF-0001");
  CHECK(ls[0].reason == "Altinn I form not in the service map: reply option dropped");
  CHECK(ls[1].path == "/Message/ReplyMessages/ReplyMessage[3]/Form/@formNumber");
  CHECK(ls[1].value == "RF-1030");
  CHECK(ls[1].reason == "the Form names a ServiceCode, which is used instead");
  // The resolver decides: with every form resolved, only the ServiceCode case is left.
  CHECK(losses(msg, "RF-1047,RF-0001,RF-1030").size() == 1);
}

TEST_CASE("convert::find_losses: attachments") {
  const std::string msg = "<Message><Participant><Content><Attachments>"
                          "<Attachment id='A1' functionType='Unspecified' type='application_pdf'>QUJD</Attachment>"
                          "<Attachment id='A2' functionType='Receipt' type='text_plain'>QUJD</Attachment>"
                          "</Attachments></Content></Participant></Message>";
  auto ls = losses(msg);
  REQUIRE(ls.size() == 1);
  CHECK(ls[0].path == "/Message/Participant/Content/Attachments/Attachment[2]/@functionType");
  CHECK(ls[0].value == "Receipt");
  // InsertCorrespondenceV2 has no AttachmentType: every type is reported there.
  auto soap = losses(msg, "", true);
  CHECK(paths(soap) == std::vector<std::string>{"/Message/Participant/Content/Attachments/Attachment/@type",
                                                "/Message/Participant/Content/Attachments/Attachment[2]/@functionType",
                                                "/Message/Participant/Content/Attachments/Attachment[2]/@type"});
  CHECK(soap[0].value == "application_pdf");
}

TEST_CASE("convert::find_losses: long values are cut at 200 characters") {
  std::string long_text(250, 'x');
  auto ls = losses("<Message><Kvittering>" + long_text + "</Kvittering></Message>");
  REQUIRE(ls.size() == 1);
  CHECK(ls[0].value == std::string(200, 'x') + "...");
}

TEST_CASE("convert::find_losses: attachment names carrying a folder path") {
  auto ls = losses("<Message><Participant><Content><Attachments>"
                   "<Attachment filename='../x.pdf'>QUJD</Attachment>"
                   "<Attachment filename='C:\\temp\\a.pdf'>QUJD</Attachment>"
                   "<Attachment filename='/etc/passwd'>QUJD</Attachment>"
                   "<Attachment filename='ok.pdf'>QUJD</Attachment>"
                   "</Attachments></Content></Participant></Message>");
  REQUIRE(ls.size() == 3);
  CHECK(ls[0].path == "/Message/Participant/Content/Attachments/Attachment/@filename");
  CHECK(ls[0].value == "../x.pdf");
  CHECK(ls[0].reason == "its folder path is dropped: FileName is 'x.pdf'");
  CHECK(ls[1].value == "C:\\temp\\a.pdf");
  CHECK(ls[1].reason.find("FileName is 'a.pdf'") != std::string::npos);
  CHECK(ls[2].path == "/Message/Participant/Content/Attachments/Attachment[3]/@filename");
  CHECK(ls[2].reason.find("FileName is 'passwd'") != std::string::npos);
}

TEST_CASE("convert::find_losses: a NotificationMessage whose participantId names no Participant") {
  const std::string notes = "<NotificationMessages>"
                            "<NotificationMessage participantId='910000009'/>"
                            "<NotificationMessage participantId=' 01017012345 '/>"
                            "<NotificationMessage/>"
                            "</NotificationMessages>";
  // One Participant: the unmatched ones go with its correspondence, and are reported.
  auto one = losses("<Message><Participant id='910000009'/>" + notes + "</Message>");
  REQUIRE(one.size() == 2);
  CHECK(one[0].path == "/Message/NotificationMessages/NotificationMessage[2]/@participantId");
  CHECK(one[0].value == " 01017012345 ");
  CHECK(one[0].reason == "participantId names no Participant of the message: the notification goes with the only "
                         "Participant's correspondence (910000009)");
  CHECK(one[1].path == "/Message/NotificationMessages/NotificationMessage[3]/@participantId");
  CHECK(one[1].value.empty());
  // Several: they are not converted, and reported.
  auto two = losses("<Message><Participant id='910000009'/><Participant id=' 01017012345'/>" + notes + "</Message>");
  REQUIRE(two.size() == 1);
  CHECK(two[0].path == "/Message/NotificationMessages/NotificationMessage[3]/@participantId");
  CHECK(two[0].reason.find("not converted (it cannot be told which of the 2 Participants it belongs to)") !=
        std::string::npos);
}
