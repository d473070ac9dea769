// altut-convert's named parts on their own: MessageReader (header, SOAP unwrap, refusals),
// precheck (each reject reason), FileWriter (batch roll-over with SequenceNo + 1, rejected file,
// nothing put in place without finish()).
#include "altkit/convert/message.hpp"
#include "altkit/convert/reader.hpp"
#include "altkit/convert/writer.hpp"
#include "test_helpers.hpp"

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
  convert::FileHeader header{"SKD", "41"};
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
