// altut-convert --to altinn3 (convert/altinn3.hpp): UUID v5, recipient URNs, the request schema
// and every limit it holds, the service map's resourceId, and the round trip AltUt -> Altinn 3
// request on disk (structure, letters and attachment bytes intact).
#include "altkit/convert/altinn3.hpp"
#include "altkit/convert/command.hpp"
#include "altkit/convert/values.hpp"
#include "altkit/servicemap/service_map.hpp"
#include "test_helpers.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace altkit::convert;
using nlohmann::json;

namespace {

const std::string k_schema_path = test::k_corpus + "/../schemas/altinn3/initialize-correspondences.schema.json";

const RequestSchema& schema() {
  static std::unique_ptr<RequestSchema> s = [] {
    altkit::diag::DiagnosticSink sink;
    auto r = RequestSchema::load(k_schema_path, sink);
    REQUIRE(r);
    return r;
  }();
  return *s;
}

/// A request altut-convert could write, every optional part present.
json valid_request() {
  return json::parse(R"({
    "correspondence": {
      "resourceId": "skd-skatteoppgjor",
      "sender": "0192:974760673",
      "sendersReference": "REF-1",
      "messageSender": "Skatteetaten",
      "content": {
        "language": "nb",
        "messageTitle": "Skatteoppgjøret ditt er klart",
        "messageSummary": "Logg inn",
        "messageBody": "Hei **Ola**",
        "attachments": [{"fileName": "oppgjør.pdf", "displayName": "Oppgjør", "isEncrypted": false,
                         "sendersReference": "A1", "dataLocationType": "NewCorrespondenceAttachment"}]
      },
      "requestedPublishTime": "2024-03-01T00:00:00+01:00",
      "dueDateTime": "2024-03-31T23:59:59+02:00",
      "allowSystemDeleteAfter": "2030-01-01T23:59:59+01:00",
      "externalReferences": [{"referenceValue": "AM12345", "referenceType": "Generic"}],
      "propertyList": {"Year": "2023"},
      "replyOptions": [{"linkURL": "https://example.com/svar", "linkText": "Svar"}],
      "notification": {"notificationTemplate": "GenericAltinnMessage", "notificationChannel": "EmailAndSms",
                       "requestedSendTime": "2024-03-01T00:00:00+01:00",
                       "customRecipient": {"emailAddress": "ola@example.com", "mobileNumber": "+4799999999"}},
      "isConfirmationNeeded": true
    },
    "recipients": ["urn:altinn:organization:identifier-no:991825827"],
    "idempotentKey": "2ed6657d-e927-568b-95e1-2665a8aea6a2"
  })");
}

/// The first rule `j` breaks ("" when none).
std::string broken(const json& j) {
  auto e = schema().check(j);
  return e.empty() ? "" : e.front();
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string base64(const std::string& bytes) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    v |= i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) << 8 : 0;
    v |= i + 2 < bytes.size() ? static_cast<unsigned char>(bytes[i + 2]) : 0;
    out += k[(v >> 18) & 63];
    out += k[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? k[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? k[v & 63] : '=';
    if (out.size() % 77 == 76) {
      out += '\n'; // AltUt archives wrap their base64
    }
  }
  return out;
}

} // namespace

TEST_CASE("convert::uuid_v5 gives RFC 4122 name-based UUIDs", "[convert][altinn3]") {
  init_crypto();
  // RFC 9562 Appendix A.4 (the version 5 example of RFC 4122's successor).
  CHECK(uuid_v5(k_uuid_namespace_dns, "www.example.com") == "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  // Python's uuid documentation: uuid5(NAMESPACE_DNS, 'python.org').
  CHECK(uuid_v5(k_uuid_namespace_dns, "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  std::string u = uuid_v5(k_uuid_namespace_url, "https://example.com/");
  CHECK(u.size() == 36);
  CHECK(u[14] == '5');
  CHECK(std::string("89ab").find(u[19]) != std::string::npos);
}

TEST_CASE("convert::idempotent_key is the same for the same message and recipient only", "[convert][altinn3]") {
  init_crypto();
  auto k = idempotent_key("SKD", "REF-1", "urn:altinn:organization:identifier-no:991825827");
  CHECK(k == idempotent_key("SKD", "REF-1", "urn:altinn:organization:identifier-no:991825827"));
  CHECK(k != idempotent_key("SKD", "REF-1", "urn:altinn:person:identifier-no:01017012343"));
  CHECK(k != idempotent_key("SKD", "REF-2", "urn:altinn:organization:identifier-no:991825827"));
  CHECK(k != idempotent_key("SKE", "REF-1", "urn:altinn:organization:identifier-no:991825827"));
  // The parts cannot run into each other: ("A:B", "C") is not ("A", "B:C").
  CHECK(idempotent_key("A:B", "C", "u") != idempotent_key("A", "B:C", "u"));
  json r = valid_request();
  r["idempotentKey"] = k;
  CHECK(broken(r) == "");
}

TEST_CASE("convert::recipient_urn", "[convert][altinn3]") {
  CHECK(recipient_urn("991825827").urn == "urn:altinn:organization:identifier-no:991825827");
  CHECK(recipient_urn(" 974760673 ").urn == "urn:altinn:organization:identifier-no:974760673");
  CHECK(recipient_urn("01017012343").urn == "urn:altinn:person:identifier-no:01017012343");
  CHECK(recipient_urn("41017012337").urn == "urn:altinn:person:identifier-no:41017012337"); // D-nummer
  auto bad = recipient_urn("910000009");
  CHECK(bad.urn.empty());
  CHECK(bad.problem == "'910000009' is not an organisasjonsnummer: it fails its MOD11 check digit");
  CHECK(recipient_urn("01017012345").problem.find("is not a fødselsnummer or D-nummer") != std::string::npos);
  CHECK(recipient_urn("12345").problem ==
        "'12345' is neither an organisasjonsnummer (9 digits) nor a fødselsnummer/D-nummer (11 digits)");
  CHECK(recipient_urn("99182582X").urn.empty());
  CHECK(recipient_urn("").urn.empty());
}

TEST_CASE("convert::RequestSchema holds every limit of the request models", "[convert][altinn3][schema]") {
  json r = valid_request();
  REQUIRE(broken(r) == "");
  auto at = [&](const std::string& pointer, const json& value) {
    json copy = r;
    copy[json::json_pointer(pointer)] = value;
    return broken(copy);
  };
  auto without = [&](const std::string& parent, const std::string& key) {
    json copy = r;
    copy[json::json_pointer(parent)].erase(key);
    return broken(copy);
  };
  // Lengths: at the limit valid, one over (or under) broken, named by its pointer.
  struct Limit {
    std::string pointer;
    std::size_t min, max;
  };
  for (const auto& l :
       {Limit{"/correspondence/resourceId", 1, 255}, Limit{"/correspondence/sendersReference", 1, 4096},
        Limit{"/correspondence/messageSender", 0, 256}, Limit{"/correspondence/content/messageTitle", 1, 255},
        Limit{"/correspondence/content/messageSummary", 0, 255}, Limit{"/correspondence/content/messageBody", 1, 30000},
        Limit{"/correspondence/content/attachments/0/displayName", 0, 255},
        Limit{"/correspondence/content/attachments/0/sendersReference", 1, 4096},
        Limit{"/correspondence/content/attachments/0/fileName", 1, 255}}) {
    INFO(l.pointer);
    CHECK(at(l.pointer, std::string(l.max, 'a')) == "");
    CHECK(at(l.pointer, std::string(l.max + 1, 'a')).rfind(l.pointer + ":", 0) == 0);
    if (l.min > 0) {
      CHECK(at(l.pointer, "").rfind(l.pointer + ":", 0) == 0);
    } else {
      CHECK(at(l.pointer, "") == "");
    }
  }
  // Letters count as characters, not bytes: 255 'ø' (510 bytes) is a valid title.
  std::string oe;
  for (int i = 0; i < 255; ++i) {
    oe += "ø";
  }
  CHECK(at("/correspondence/content/messageTitle", oe) == "");
  CHECK(at("/correspondence/content/messageTitle", oe + "ø") != "");
  // Required fields.
  for (const char* key : {"resourceId", "sender", "sendersReference", "content", "isConfirmationNeeded"}) {
    INFO(key);
    CHECK(without("/correspondence", key) != "");
  }
  for (const char* key : {"language", "messageTitle", "messageSummary", "messageBody"}) {
    INFO(key);
    CHECK(without("/correspondence/content", key) != "");
  }
  CHECK(without("", "idempotentKey") != "");
  CHECK(without("", "recipients") != "");
  // Values and patterns.
  CHECK(at("/correspondence/content/language", "se") != "");
  CHECK(at("/correspondence/content/language", "nn") == "");
  CHECK(at("/correspondence/sender", "974760673") != "");
  CHECK(at("/correspondence/dueDateTime", "2024-03-31T23:59:59") != ""); // no offset
  CHECK(at("/correspondence/dueDateTime", "2024-03-31T23:59:59Z") == "");
  CHECK(at("/correspondence/replyOptions/0/linkURL", "http://example.com/svar") != "");
  CHECK(at("/correspondence/replyOptions/0/linkURL", "https://example.com/" + std::string(235, 'a')) == "");
  CHECK(at("/correspondence/replyOptions/0/linkURL", "https://example.com/" + std::string(236, 'a')) != "");
  CHECK(at("/correspondence/content/attachments/0/fileName", "../x.pdf") != "");
  CHECK(at("/recipients/0", "urn:altinn:organization:identifier-no:99182582") != "");
  CHECK(at("/recipients/0", "urn:altinn:person:identifier-no:01017012343") == "");
  CHECK(at("/recipients", json::array({"urn:altinn:organization:identifier-no:991825827",
                                       "urn:altinn:person:identifier-no:01017012343"})) != ""); // one per request
  CHECK(at("/idempotentKey", "00000000-0000-0000-0000-000000000000") != "");
  CHECK(at("/correspondence/notification/notificationChannel", "Fax") != "");
  CHECK(at("/correspondence/unknownField", 1) != "");
  // Counts: 100 attachments, 10 properties, 10 external references.
  json a = r["correspondence"]["content"]["attachments"][0];
  CHECK(at("/correspondence/content/attachments", json(std::vector<json>(100, a))) == "");
  CHECK(at("/correspondence/content/attachments", json(std::vector<json>(101, a))) != "");
  json props = json::object();
  for (int i = 0; i < 10; ++i) {
    props["k" + std::to_string(i)] = std::string(300, 'v');
  }
  CHECK(at("/correspondence/propertyList", props) == "");
  props["k10"] = "v";
  CHECK(at("/correspondence/propertyList", props) != "");
  CHECK(at("/correspondence/propertyList", json{{std::string(51, 'k'), "v"}}) != "");
  CHECK(at("/correspondence/propertyList", json{{"k", std::string(301, 'v')}}) != "");
  json ref = r["correspondence"]["externalReferences"][0];
  CHECK(at("/correspondence/externalReferences", json(std::vector<json>(10, ref))) == "");
  CHECK(at("/correspondence/externalReferences", json(std::vector<json>(11, ref))) != "");
  // A confirmation needs a due date.
  CHECK(without("/correspondence", "dueDateTime").find("dueDateTime") != std::string::npos);
  json no_confirm = r;
  no_confirm["correspondence"]["isConfirmationNeeded"] = false;
  no_confirm["correspondence"].erase("dueDateTime");
  CHECK(broken(no_confirm) == "");
}

TEST_CASE("servicemap::ServiceMap reads the resourceId column", "[servicemap][altinn3]") {
  altkit::diag::DiagnosticSink sink;
  auto map = altkit::servicemap::ServiceMap::parse("kind,name,version,serviceCode,serviceEditionCode,resourceId\n"
                                                   "service,,,4711,3,skd-a\n"
                                                   "service,,,4712,,skd-any\n"
                                                   "shortName,Skatteoppgjør 2007,,2541,01,skd-b\n"
                                                   "form,RF-1047,2,4711,1,\n",
                                                   "map.csv", sink);
  REQUIRE(map);
  CHECK(map->resource("4711", "3") == "skd-a");
  CHECK(map->resource("4712", "7") == "skd-any"); // a blank edition: every edition
  CHECK(map->resource("2541", "1") == "skd-b");   // from the shortName row
  CHECK_FALSE(map->resource("4711", "1"));
  CHECK(map->short_name("Skatteoppgjør 2007")->joined() == "2541_1");
  CHECK(map->form("RF-1047", "2")->joined() == "4711_1");

  altkit::diag::DiagnosticSink bad;
  CHECK_FALSE(altkit::servicemap::ServiceMap::parse("kind,name,version,serviceCode,serviceEditionCode,resourceId\n"
                                                    "service,,,4711,3,skd-a\n"
                                                    "shortName,X,,4711,3,skd-other\n"
                                                    "service,,,4711,3,skd-a\n"
                                                    "service,,,4713,1,\n"
                                                    "service,name,,4714,1,r\n",
                                                    "map.csv", bad));
  REQUIRE(bad.items().size() == 4);
  CHECK(bad.items()[0].code == "map-conflict");
  CHECK(bad.items()[0].message == "service 4711_3 has resourceId 'skd-other' here but 'skd-a' on line 2");
  CHECK(bad.items()[1].code == "map-duplicate");
  CHECK(bad.items()[2].message == "a service row needs a resourceId");
  CHECK(bad.items()[3].message == "a service row has no name and no version");
  // A five-column map has no service kind.
  altkit::diag::DiagnosticSink old;
  CHECK_FALSE(altkit::servicemap::ServiceMap::parse("kind,name,version,serviceCode,serviceEditionCode\n"
                                                    "service,,,4711,3\n",
                                                    "map.csv", old));
  CHECK(old.items().at(0).code == "map-kind");
}

TEST_CASE("altut-convert --to altinn3: AltUt -> Altinn 3 request keeps structure, letters and attachment bytes",
          "[convert][altinn3][round-trip]") {
  test::TempDir dir;
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes += static_cast<char>(i); // every byte value, NUL and 0xFF included
  }
  bytes += "\r\n%PDF-1.4 æøå";
  const std::string title = "Skatteoppgjøret ditt er klart – ÆØÅ æøå é ü ß € 😀";
  std::string long_name; // 250 letters, 500 bytes: more than a file system takes in one name
  for (int i = 0; i < 246; ++i) {
    long_name += "ø";
  }
  long_name += ".pdf";
  test::write(dir.path / "map.csv", "kind,name,version,serviceCode,serviceEditionCode,resourceId\n"
                                    "service,,,4711,3,skd-skatteoppgjor\n");
  test::write(dir.path / "in.xml",
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<GovOrgan name=\"SKD_TEST\"><AltUt sequenceno=\"7\">"
              "<Message shortName=\"4711_3\" messageReference=\"REF-ø\"><Sender><Name>Skatteetaten</Name></Sender>"
              "<Participant id=\"991825827\"><VisibleDate>2024-03-01</VisibleDate><DueDate>2024-03-31</DueDate>"
              "<RequireConfirmation>1</RequireConfirmation><Content languageCode=\"2068\"><MessageHeader>" +
                  title +
                  "</MessageHeader><MessageSummery>Logg inn for å sjå oppgjeret.</MessageSummery>"
                  "<Attachments><Attachment id=\"A1\" filename=\"oppgjør.pdf\" name=\"Oppgjør 2023\">" +
                  base64(bytes) + "</Attachment><Attachment filename=\"" + long_name +
                  "\">QQ==</Attachment></Attachments><HTML><![CDATA[<h2>Oppgjør</h2><p>Hei&nbsp;Ola,<br>du får "
                  "<b>1 234 kr</b>.</p><ul><li>én</li><li>to</li></ul>]]></HTML></Content></Participant>"
                  "<Participant id=\"01017012343\"><Content><MessageHeader>Til deg</MessageHeader>"
                  "<HTML><![CDATA[<p>Kort.</p>]]></HTML></Content></Participant>"
                  "</Message></AltUt></GovOrgan>\n");
  REQUIRE(use_time_zone("Europe/Oslo").empty()); // as the tool's main sets it
  ConvertCommandOptions o;
  o.to = "altinn3";
  o.sender = "974760673";
  o.map = (dir.path / "map.csv").string();
  o.data_dir = test::k_corpus + "/..";
  o.output_dir = (dir.path / "out").string();
  o.inputs = {(dir.path / "in.xml").string()};
  o.quiet = true;
  std::ostringstream out, err;
  auto rc = run_convert(o, out, err);
  INFO(err.str());
  REQUIRE(rc == altkit::diag::ExitCode::ok);

  auto first = dir.path / "out" / "in.altinn3.000001";
  json req = json::parse(slurp(first / "request.json"));
  REQUIRE(schema().check(req).empty());
  const json& c = req["correspondence"];
  CHECK(c["resourceId"] == "skd-skatteoppgjor");
  CHECK(c["sender"] == "0192:974760673");
  CHECK(c["sendersReference"] == "REF-ø");
  CHECK(c["messageSender"] == "Skatteetaten");
  CHECK(c["content"]["language"] == "nn");
  CHECK(c["content"]["messageTitle"] == title); // letters, the euro sign and an emoji intact
  CHECK(c["content"]["messageSummary"] == "Logg inn for å sjå oppgjeret.");
  CHECK(c["content"]["messageBody"] == "## Oppgjør\n\nHei\xC2\xA0Ola,\\\ndu får **1 234 kr**.\n\n- én\n- to");
  CHECK(c["isConfirmationNeeded"] == true);
  CHECK(c["requestedPublishTime"].get<std::string>().rfind("2024-03-01T00:00:00+01:00", 0) == 0);
  CHECK(c["dueDateTime"] == "2024-03-31T23:59:59+02:00"); // summer time began on 31 March 2024
  CHECK(req["recipients"] == json::array({"urn:altinn:organization:identifier-no:991825827"}));
  CHECK(req["idempotentKey"] == idempotent_key("SKD_TEST", "REF-ø", "urn:altinn:organization:identifier-no:991825827"));
  const json& att = c["content"]["attachments"].at(0);
  CHECK(att["fileName"] == "oppgjør.pdf");
  CHECK(att["displayName"] == "Oppgjør 2023");
  CHECK(att["sendersReference"] == "A1");
  // The attachment's bytes, as the file the manifest names.
  json manifest = json::parse(slurp(first / "manifest.json"));
  REQUIRE(manifest["parts"].size() >= 1);
  CHECK(manifest["parts"][0]["fileName"] == "oppgjør.pdf");
  CHECK(slurp(first / manifest["parts"][0]["file"].get<std::string>()) == bytes);
  CHECK(manifest["parts"][0]["bytes"] == bytes.size());
  // A name too long for the file system: whole in the request, shortened on disk.
  REQUIRE(manifest["parts"].size() == 2);
  CHECK(c["content"]["attachments"][1]["fileName"] == long_name);
  std::string on_disk = manifest["parts"][1]["file"].get<std::string>();
  CHECK(on_disk.size() <= std::string("attachments/002-").size() + 200);
  CHECK(on_disk.substr(on_disk.size() - 4) == ".pdf");
  CHECK(slurp(first / on_disk) == "A");

  auto second = dir.path / "out" / "in.altinn3.000002";
  json req2 = json::parse(slurp(second / "request.json"));
  CHECK(req2["recipients"] == json::array({"urn:altinn:person:identifier-no:01017012343"}));
  CHECK(req2["correspondence"]["content"]["messageBody"] == "Kort.");
  CHECK(req2["idempotentKey"] != req["idempotentKey"]);
  CHECK_FALSE(std::filesystem::exists(second / "attachments"));

  // The same migration again writes the same requests (idempotent keys included), in place.
  std::string before = slurp(first / "request.json");
  std::ostringstream err2;
  REQUIRE(run_convert(o, out, err2) == altkit::diag::ExitCode::ok);
  CHECK(slurp(first / "request.json") == before);
  std::size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path / "out")) {
    (void)e;
    ++entries;
  }
  CHECK(entries == 2); // no temporary folder left behind
}
