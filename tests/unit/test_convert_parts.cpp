// altut-convert's named parts on their own: MessageReader (header, SOAP unwrap, refusals),
// precheck (each reject reason), FileWriter (batch roll-over with SequenceNo + 1, rejected file,
// nothing put in place without finish()), build_document (the deep copy's document, from the
// bytes as read or from the text).
#include "altkit/convert/message.hpp"
#include "altkit/convert/reader.hpp"
#include "altkit/convert/writer.hpp"
#include "altkit/xml/parser.hpp"
#include "test_helpers.hpp"

#include <functional>
#include <sstream>

using namespace altkit;

namespace {

struct Read {
  std::vector<convert::MessageInput> messages;
  convert::FileConversion end;
};

Read read_all(const std::string& xml) {
  io::MemorySource src(xml, "mem.xml");
  convert::MessageReader reader(src);
  Read r;
  convert::MessageInput in;
  while (reader.next(in)) {
    convert::build_document(in); // what a worker does with the text the reader hands on
    r.messages.push_back(std::move(in));
  }
  reader.finish(r.end);
  return r;
}

const char* k_two = R"(<?xml version="1.0" encoding="UTF-8"?>
<GovOrgan name="SKD"><AltUt sequenceno="7">
<Message shortName="4711_3" messageReference="R1"><Participant id="910000009"/></Message>
<Message shortName="4711_3" messageReference="R2"><Participant id="910000009"/></Message>
</AltUt></GovOrgan>)";

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

TEST_CASE("MessageReader: messages, their lines and the shared header", "[convert][reader]") {
  auto r = read_all(k_two);
  REQUIRE(r.messages.size() == 2);
  CHECK(r.end.readable);
  CHECK(r.end.messages == 2);
  CHECK(r.messages[0].index == 1);
  CHECK(r.messages[1].index == 2);
  CHECK(r.messages[0].line == 3);
  CHECK(r.messages[1].line == 4);
  CHECK(r.messages[0].header->system_user == "SKD");
  CHECK(r.messages[1].header->sequence == "7");
  CHECK(r.messages[1].doc != nullptr);
}

TEST_CASE("MessageReader: a SOAP envelope is unwrapped", "[convert][reader]") {
  std::string escaped =
      "&lt;GovOrgan name=\"S\"&gt;&lt;AltUt&gt;&lt;Message shortName=\"1_1\" messageReference=\"X\"/&gt;"
      "&lt;/AltUt&gt;&lt;/GovOrgan&gt;";
  auto r = read_all("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><Submit>"
                    "<altutMessage>" +
                    escaped + "</altutMessage></Submit></s:Body></s:Envelope>");
  REQUIRE(r.messages.size() == 1);
  CHECK(r.messages[0].header->system_user == "S");
  CHECK(r.end.readable);
}

TEST_CASE("MessageReader: what it refuses, and why", "[convert][reader]") {
  auto doctype = read_all("<!DOCTYPE GovOrgan [<!ENTITY x \"y\">]><GovOrgan/>");
  CHECK_FALSE(doctype.end.readable);
  CHECK(test::has_code(doctype.end.diagnostics, "doctype-forbidden"));

  auto other = read_all("<melding><a/></melding>");
  CHECK_FALSE(other.end.readable);
  CHECK(test::has_code(other.end.diagnostics, "not-altut"));

  auto soap = read_all("<Envelope><Body/></Envelope>");
  CHECK(test::has_code(soap.end.diagnostics, "soap-without-altut"));

  // Cut inside the second message: the first was read and counts, the file fails.
  std::string cut(k_two);
  cut.resize(cut.find("R2") + 2);
  auto broken = read_all(cut);
  CHECK(broken.messages.size() == 1);
  CHECK_FALSE(broken.end.readable);
  CHECK(test::has_code(broken.end.diagnostics, "not-well-formed"));
}

TEST_CASE("precheck: every reject reason, the first one found wins", "[convert][precheck]") {
  convert::ConvertOptions o;
  auto reject_of = [&](const std::string& message) -> std::string {
    auto r = read_all("<GovOrgan name=\"S\"><AltUt>" + message + "</AltUt></GovOrgan>");
    REQUIRE(r.messages.size() == 1);
    auto rej = convert::precheck(xmlDocGetRootElement(r.messages[0].doc.get()), o);
    return rej ? std::string(rej->code->name) : "";
  };
  CHECK(reject_of(R"(<Message shortName="4711_3" messageReference="R"><Participant id="1"/></Message>)").empty());
  CHECK(reject_of(R"(<Message messageReference="R"><Participant id="1"/></Message>)") == "no-short-name");
  CHECK(reject_of(R"(<Message shortName="12345678_1" messageReference="R"><Participant id="1"/></Message>)") ==
        "service-code-too-long");
  CHECK(reject_of(R"(<Message shortName="Gammel tjeneste" messageReference="R"><Participant id="1"/></Message>)") ==
        "unmapped-short-name");
  CHECK(reject_of(R"(<Message shortName="4711_3"><Participant id="1"/></Message>)") == "no-message-reference");
  CHECK(reject_of(R"(<Message shortName="4711_3" messageReference="R"/>)") == "no-participant");
  CHECK(reject_of(R"(<Message shortName="4711_3" messageReference="R"><Participant id=" "/></Message>)") ==
        "no-reportee");
  CHECK(reject_of(R"(<Message shortName="4711_3" messageReference="R"><Participant id="1">)"
                  R"(<DueDate>not a date</DueDate></Participant></Message>)") == "invalid-date");
  CHECK(reject_of(R"(<Message shortName="4711_3" messageReference="R"><Participant id="1"><Content><Attachments>)"
                  R"(<Attachment filename="a.pdf">@@@</Attachment></Attachments></Content></Participant></Message>)") ==
        "invalid-base64");
  CHECK(
      reject_of(
          R"(<Message shortName="4711_3" messageReference="R"><Participant id="1"/><ReplyMessages>)"
          R"(<ReplyMessage><Form><ServiceCode>Ukjent</ServiceCode></Form></ReplyMessage></ReplyMessages></Message>)") ==
      "invalid-reply-service");
  o.strict = true;
  CHECK(reject_of(R"(<Message shortName="4711_3" messageReference="R"><Participant id="1"/><ReplyMessages>)"
                  R"(<ReplyMessage><Form formNumber="RF-1" version="2"/></ReplyMessage></ReplyMessages></Message>)") ==
        "unmapped-form");
}

TEST_CASE("FileWriter: batches roll over with SequenceNo + 1; nothing is put in place without finish()",
          "[convert][writer]") {
  test::TempDir dir;
  convert::ConvertOptions o;
  o.batch_size = 2;
  convert::FileHeader header{"SKD", "41", nullptr};
  auto output = [](int parts) {
    convert::MessageOutput m;
    m.record.converted = true;
    for (int i = 0; i < parts; ++i) {
      m.parts.push_back("<Correspondence/>");
    }
    return m;
  };
  const std::string base = (dir.path / "f").string();
  {
    convert::FileWriter w(o, base);
    convert::FileConversion result;
    CHECK(w.add(output(3), header, result)); // fills batch 1, starts batch 2
    CHECK(std::filesystem::exists(base + ".correspondences.001.xml"));
    CHECK_FALSE(std::filesystem::exists(base + ".correspondences.002.xml"));
    // destroyed without finish(): the second batch is never put in place
  }
  CHECK_FALSE(std::filesystem::exists(base + ".correspondences.002.xml"));
  std::filesystem::remove(base + ".correspondences.001.xml");

  convert::FileWriter w(o, base);
  convert::FileConversion result;
  CHECK(w.add(output(3), header, result));
  convert::MessageOutput rejected;
  rejected.rejected_xml = "<Message messageReference=\"X\"/>";
  CHECK(w.add(rejected, header, result));
  w.finish(result);
  REQUIRE(result.outputs.size() == 3);
  std::string second = slurp(base + ".correspondences.002.xml");
  CHECK(second.find("<SequenceNo>42</SequenceNo>") != std::string::npos);
  CHECK(second.find("<ShipmentReference>SKD-42</ShipmentReference>") != std::string::npos);
  std::string first = slurp(base + ".correspondences.001.xml");
  CHECK(first.find("<SequenceNo>41</SequenceNo>") != std::string::npos);
  std::string rej = slurp(base + ".rejected.xml");
  CHECK(rej.find("<Message messageReference=\"X\"/>") != std::string::npos);
  CHECK(rej.find("<AltUt sequenceno=\"41\">") != std::string::npos);
}

TEST_CASE("precheck: dates checked completely; hidden characters shown in the reason", "[convert][precheck]") {
  convert::ConvertOptions o;
  auto reject_of = [&](const std::string& message) -> std::optional<convert::Reject> {
    auto r = read_all("<GovOrgan name=\"S\"><AltUt>" + message + "</AltUt></GovOrgan>");
    REQUIRE(r.messages.size() == 1);
    return convert::precheck(xmlDocGetRootElement(r.messages[0].doc.get()), o);
  };
  auto leap = reject_of(R"(<Message shortName="4711_3" messageReference="R"><Participant id="1">)"
                        R"(<VisibleDate>2023-02-29</VisibleDate></Participant></Message>)");
  REQUIRE(leap);
  CHECK(leap->code->name == "invalid-date");
  CHECK(leap->reason == "VisibleDate '2023-02-29' is not a date");
  CHECK_FALSE(reject_of(R"(<Message shortName="4711_3" messageReference="R"><Participant id="1">)"
                        R"(<VisibleDate>2024-02-29</VisibleDate></Participant></Message>)"));
  auto hidden = reject_of("<Message shortName=\"Gammel\xC2\xA0tjeneste\" messageReference=\"R\">"
                          "<Participant id=\"1\"/></Message>");
  REQUIRE(hidden);
  CHECK(hidden->code->name == "unmapped-short-name");
  CHECK(hidden->reason ==
        "legacy shortName 'Gammel<U+00A0>tjeneste' is not in the service map (it holds U+00A0 (no-break space); "
        "normalised: a Unicode space reads as a space, an invisible character is removed)");
  // Normalised, a no-break space separates code and edition: no reject, a warning instead.
  CHECK_FALSE(
      reject_of("<Message shortName=\"4711\xC2\xA0\x33\" messageReference=\"R\"><Participant id=\"1\"/></Message>"));
}

TEST_CASE("value_warnings: hidden characters, leading zeros, local times in a DST change", "[convert][precheck]") {
  ::setenv("TZ", "Europe/Oslo", 1);
  ::tzset();
  convert::ConvertOptions o;
  auto r =
      read_all("<GovOrgan name=\"S\"><AltUt><Message shortName=\"4711\xC2\xA0\x33\" messageReference=\"R\">"
               "<Participant id=\"1\"/><Participant id=\"2\">\n<VisibleDate>2023-03-26T02:30:00</VisibleDate>\n"
               "<DueDate>2023-10-29T02:30:00</DueDate><AllowSystemDeleteDate>2023-10-29</AllowSystemDeleteDate>"
               "</Participant><ReplyMessages><ReplyMessage/><ReplyMessage><Form><ServiceCode>004711_1</ServiceCode>"
               "</Form></ReplyMessage></ReplyMessages></Message></AltUt></GovOrgan>");
  REQUIRE(r.messages.size() == 1);
  auto ws = convert::value_warnings(xmlDocGetRootElement(r.messages[0].doc.get()), o);
  REQUIRE(ws.size() == 4);
  CHECK(ws[0].code->name == "hidden-character");
  CHECK(ws[0].path == "/Message/@shortName");
  CHECK(ws[0].message == "shortName '4711<U+00A0>3' holds U+00A0 (no-break space): normalised (a Unicode space reads "
                         "as a space, an invisible character is removed), giving ServiceCode '4711', ServiceEdition "
                         "'3'");
  CHECK(ws[1].code->name == "service-code-leading-zeros");
  CHECK(ws[1].path == "/Message/ReplyMessages/ReplyMessage[2]/Form/ServiceCode");
  CHECK(ws[1].message.find("ServiceCode '004711', ServiceEdition '1' with leading zeros: kept as written") !=
        std::string::npos);
  CHECK(ws[2].code->name == "local-time-gap");
  CHECK(ws[2].path == "/Message/Participant[2]/VisibleDate");
  CHECK(ws[2].line == 2);
  CHECK(ws[2].message.find("moved forward by the gap, to 2023-03-26T03:30:00+02:00") != std::string::npos);
  CHECK(ws[3].code->name == "local-time-twice");
  CHECK(ws[3].path == "/Message/Participant[2]/DueDate");
  // A date alone is read at 23:59:59 for AllowSystemDeleteDate: no DST change then, no warning.
}

TEST_CASE("FileWriter: a rejected file of verbatim messages keeps the input's encoding", "[convert][writer]") {
  test::TempDir dir;
  convert::ConvertOptions o;
  auto frame = std::make_shared<convert::VerbatimFrame>();
  frame->prologue = std::string("\xFF\xFE", 2);
  frame->unit = 2;
  frame->encoding = "UTF-16LE";
  frame->open_tags = {std::string("<\0G\0>\0", 6)};
  frame->names = {std::string("G\0", 2)};
  convert::FileHeader header{"S", "", frame};
  const std::string base = (dir.path / "f").string();
  convert::FileWriter w(o, base);
  convert::FileConversion result;
  convert::MessageOutput verbatim;
  verbatim.rejected_xml = std::string("<\0M\0/\0>\0", 8);
  verbatim.rejected_verbatim = true;
  CHECK(w.add(verbatim, header, result));
  convert::MessageOutput serialised; // bytes not found: written in the file's encoding
  serialised.rejected_xml = "<N/>";
  CHECK(w.add(serialised, header, result));
  w.finish(result);
  std::string rej = slurp(base + ".rejected.xml");
  CHECK(rej.substr(0, 4) == std::string("\xFF\xFE\n\0", 4));
  CHECK(rej.find(std::string("<\0G\0>\0\n\0<\0M\0/\0>\0\n\0<\0N\0/\0>\0\n\0<\0/\0G\0>\0\n\0", 38)) !=
        std::string::npos);
}

namespace {

/// Each element's line in document order, from `e` on.
void element_lines(const xmlNode* e, std::vector<long>& lines) {
  lines.push_back(xmlGetLineNo(e));
  for (const xmlNode* c = e->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) {
      element_lines(c, lines);
    }
  }
}

/// A document as libxml2 writes it, and its elements' lines.
std::pair<std::string, std::vector<long>> written(xmlDoc* doc) {
  xmlChar* text = nullptr;
  int size = 0;
  xmlDocDumpMemory(doc, &text, &size);
  std::pair<std::string, std::vector<long>> out{
      std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)), {}};
  xmlFree(text);
  element_lines(xmlDocGetRootElement(doc), out.second);
  return out;
}

/// What a deep copy of each Message element into a new document gives (what build_document
/// promises), from a tree of the whole file.
std::vector<std::pair<std::string, std::vector<long>>> copies_of_messages(const std::string& xml) {
  auto whole = xml::read_memory(xml, "whole.xml");
  REQUIRE(whole);
  std::vector<std::pair<std::string, std::vector<long>>> out;
  std::function<void(xmlNode*)> find = [&](xmlNode* n) {
    for (; n != nullptr; n = n->next) {
      if (n->type == XML_ELEMENT_NODE && xml::str(n->name) == "Message") {
        xml::xml_ptr<xmlDoc> copy(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")));
        xmlDocSetRootElement(copy.get(), xmlDocCopyNode(n, copy.get(), 1));
        copy->encoding = xmlStrdup(reinterpret_cast<const xmlChar*>("UTF-8"));
        out.push_back(written(copy.get()));
      } else if (n->type == XML_ELEMENT_NODE) {
        find(n->children);
      }
    }
  };
  find(xmlDocGetRootElement(whole.get()));
  return out;
}

} // namespace

TEST_CASE("build_document: from the bytes as read or from the text, the document a deep copy gives",
          "[convert][reader]") {
  // Message 1 declares what it uses: built from its bytes. Message 2 uses a prefix declared on
  // AltUt: built from the text, which declares it.
  const std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<GovOrgan name=\"SKD\"><AltUt sequenceno=\"7\" xmlns:a=\"urn:a\">\n"
                          "<Message shortName=\"4711_3\" messageReference=\"R&amp;1\" note=\"x&#10;y\tz\"\r\n"
                          "  xmlns:b=\"urn:b\"><!-- c --><Participant id=\"910000009\" b:k=\"v\">\n"
                          "<b:X>&#xE6;&lt;\xC3\xB8<![CDATA[<raw>]]><?pi data?></b:X></Participant></Message>\n"
                          "<Message shortName=\"4711_3\" messageReference=\"R2\"><a:Y a:k=\"w\">\xC3\xA5</a:Y>"
                          "<Participant id=\"910000009\"/></Message>\n"
                          "</AltUt></GovOrgan>";
  auto expected = copies_of_messages(xml);
  REQUIRE(expected.size() == 2);
  io::MemorySource src(xml, "mem.xml");
  convert::MessageReader reader(src);
  std::vector<bool> from_raw;
  for (const auto& copy : expected) {
    convert::MessageInput in;
    REQUIRE(reader.next(in));
    from_raw.push_back(in.text_is_raw);
    convert::build_document(in);
    auto got = written(in.doc.get());
    CHECK(got.first == copy.first);
    CHECK(got.second == copy.second);
  }
  CHECK(from_raw == std::vector<bool>{true, false});
}
