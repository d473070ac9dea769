// confirm/converter and run_confirmations: inputs in both Altinn II namespaces and Altinn 3 JSON,
// every reject reason the reading decides, the file-level findings, and the tool in memory.
#include "altkit/confirm/command.hpp"
#include "altkit/confirm/converter.hpp"
#include "altkit/xml/libxml.hpp"

#include "test_helpers.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>

using namespace altkit;

namespace {

const std::string k_inputs = test::k_corpus + "/confirmations/inputs/";

using test::slurp;

/// The schemas and a converter, as one worker has them.
struct Fixture {
  confirm::Schemas schemas;
  std::unique_ptr<servicemap::ServiceMap> map;
  std::unique_ptr<confirm::ResourceMap> resources;
  confirm::MapSettings settings;
  std::unique_ptr<confirm::FileConverter> converter;

  explicit Fixture(int login_method = 0) {
    xml::init_libxml();
    diag::DiagnosticSink sink;
    schemas = confirm::Schemas::load(test::k_corpus + "/..", sink);
    map = servicemap::ServiceMap::load(k_inputs + "service-map.csv", sink);
    resources = confirm::ResourceMap::load(k_inputs + "resources.csv", sink);
    INFO((sink.items().empty() ? std::string() : sink.items()[0].message));
    REQUIRE(sink.items().empty());
    REQUIRE(schemas.ok());
    settings.map = map.get();
    settings.resources = resources.get();
    settings.login_method = login_method;
    converter = std::make_unique<confirm::FileConverter>(schemas, settings);
  }

  confirm::FileResult convert_text(const std::string& text, const std::string& name) {
    io::MemorySource src(text, name);
    return converter->convert(src);
  }
  confirm::FileResult convert(const std::string& input) { return convert_text(slurp(k_inputs + input), input); }
};

std::string body(confirm::FileResult& r) {
  std::ostringstream s;
  r.body->copy_to(s);
  return s.str();
}

/// The codes of the findings, in order.
std::vector<std::string> codes(const confirm::FileResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) {
    out.push_back(d.code);
  }
  return out;
}

} // namespace

TEST_CASE("confirm::FileConverter: Altinn II, namespace 2009/10 as Altinn delivered it", "[confirm]") {
  Fixture f;
  auto r = f.convert("nve-2009-10.xml"); // UTF-8 BOM, no XML declaration, one line
  REQUIRE(r.readable);
  CHECK(r.kind == confirm::InputKind::altinn2);
  CHECK(r.version == "2009/10");
  CHECK(r.header_valid);
  CHECK(r.shipment.sequence_no == "29");
  CHECK(r.shipment.previous_sequence_no == "28");
  CHECK(r.shipment.system_user_code == "NVE");
  CHECK(r.shipment.shipment_datetime == "2012-06-29T03:21:03");
  CHECK(r.confirmations == 2);
  CHECK(r.written == 2);
  CHECK(r.rejected == 0);
  CHECK(r.diagnostics.empty());
  std::string b = body(r);
  CHECK(b.find("<Confirmation participantId=\"910242822\" shortName=\"3128_1\" messageReference=\"FOSL test 1 - "
               "NVE-201105268/9\">") != std::string::npos);
  CHECK(b.find("<Confirmed participantId=\"01818010083\">") != std::string::npos);
  CHECK(b.find("<ConfirmedRoleList>ALLEA,REGNA</ConfirmedRoleList>") != std::string::npos);
}

TEST_CASE("confirm::FileConverter: Altinn II, namespace 2010/10, legacy names and letters", "[confirm]") {
  Fixture f;
  auto r = f.convert("patentstyret-2010-10.xml");
  REQUIRE(r.readable);
  CHECK(r.version == "2010/10");
  CHECK(r.confirmations == 3);
  CHECK(r.written == 3);
  std::string b = body(r);
  CHECK(b.find("shortName=\"Årsoppgave næring\" messageReference=\"PAT-2024/0001\"") != std::string::npos);
  CHECK(b.find("shortName=\"4711_3\"") != std::string::npos); // edition 03
  CHECK(b.find("shortName=\"0815_2\"") != std::string::npos); // the code keeps its zero
  CHECK(b.find("messageReference=\"Vedtak &amp; brev &lt;særavgift&gt; &quot;Ø&quot;\"") != std::string::npos);
  CHECK(b.find("<ReadDateTime>2024-03-02T09:00:00+01:00</ReadDateTime>") != std::string::npos); // copied, not moved
  CHECK(b.find("<LoginMethod>2</LoginMethod>") != std::string::npos);
}

TEST_CASE("confirm::FileConverter: every Altinn II reject reason", "[confirm]") {
  Fixture f;
  auto r = f.convert("rejects-2010-10.xml");
  REQUIRE(r.readable);
  CHECK(r.confirmations == 10);
  CHECK(r.written == 2);
  CHECK(r.rejected == 8);
  CHECK(r.confirmations == r.written + r.rejected);
  CHECK(codes(r) == std::vector<std::string>{"conf-no-edition", "conf-bad-service", "conf-bad-service",
                                             "conf-bad-service", "conf-no-reference", "conf-login-method",
                                             "conf-invalid", "conf-invalid", "conf-legacy-ambiguous",
                                             "conf-count-mismatch"});
  CHECK(r.diagnostics[0].path == "/CorrespondenceConfirmations/Confirmation[1]");
  CHECK(r.diagnostics[0].line > 0);
  CHECK(r.diagnostics[6].message.find("ReadDateTime") != std::string::npos); // 2024-02-30
  CHECK(r.diagnostics[7].message.find("Read") != std::string::npos);         // Read missing
  CHECK(r.diagnostics[9].message == "CountConfirmationsInShipment says 11, the file holds 10");
}

TEST_CASE("confirm::FileConverter: a header that fails rejects the whole file", "[confirm]") {
  Fixture f;
  auto r = f.convert("header-invalid-2009-10.xml");
  REQUIRE(r.readable);
  CHECK(!r.header_valid);
  CHECK(r.confirmations == 1);
  CHECK(r.written == 0);
  CHECK(r.rejected == 1);
  REQUIRE(codes(r) == std::vector<std::string>{"conf-header-invalid"});
  CHECK(r.diagnostics[0].message.find("SystemUserCode") != std::string::npos);
  CHECK(body(r).empty());
  // An element after the Confirmations is no header either.
  std::string text = slurp(k_inputs + "nve-gap-2009-10.xml");
  text.replace(text.find("</CorrespondenceConfirmations>"), 0, "<SequenceNo>32</SequenceNo>\n");
  auto late = f.convert_text(text, "late.xml");
  CHECK(codes(late) == std::vector<std::string>{"conf-header-invalid"});
  CHECK(late.rejected == 1);
  CHECK(late.written == 0);
}

TEST_CASE("confirm::FileConverter: files that are not confirmations", "[confirm]") {
  Fixture f;
  std::map<std::string, std::string> expected{{"not-confirmations.xml", "conf-not-confirmations"},
                                              {"not-well-formed.xml", "not-well-formed"},
                                              {"doctype.xml", "doctype-forbidden"},
                                              {"broken.json", "conf-json-syntax"},
                                              {"other.json", "conf-not-confirmations"}};
  for (const auto& [input, code] : expected) {
    INFO(input);
    auto r = f.convert(input);
    CHECK(!r.readable);
    REQUIRE(!r.diagnostics.empty());
    CHECK(r.diagnostics.back().code == code);
    CHECK(r.diagnostics.back().severity == diag::Severity::fatal);
    CHECK(r.written == 0);
  }
  auto empty = f.convert_text("", "empty.xml");
  CHECK(!empty.readable);
  CHECK(codes(empty) == std::vector<std::string>{"not-well-formed"});
  auto mismatch = f.convert_text("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", "bom.xml");
  CHECK(codes(mismatch) == std::vector<std::string>{"encoding-mismatch"});
  // Cut off inside a Confirmation: what was read is counted rejected, nothing written.
  std::string text = slurp(k_inputs + "nve-2009-10.xml");
  auto cut = f.convert_text(text.substr(0, text.size() - 80), "cut.xml");
  CHECK(!cut.readable);
  CHECK(cut.written == 0);
  CHECK(cut.confirmations == cut.rejected);
}

TEST_CASE("confirm::FileConverter: Altinn 3 correspondence details", "[confirm]") {
  Fixture f(4);
  SECTION("one object: Read and Confirmed") {
    auto r = f.convert("altinn3-details.json");
    REQUIRE(r.readable);
    CHECK(r.kind == confirm::InputKind::altinn3);
    CHECK(r.sender == "991825827");
    CHECK(r.confirmations == 1);
    CHECK(r.written == 1);
    std::string b = body(r);
    CHECK(b.find("participantId=\"910242822\" shortName=\"4711_3\" messageReference=\"PAT-2024/0101\"") !=
          std::string::npos);
    CHECK(b.find("<ReadDateTime>2024-05-02T10:00:00+02:00</ReadDateTime>") != std::string::npos);
    CHECK(b.find("<ConfirmedDateTime>2024-05-02T10:03:12.517+02:00</ConfirmedDateTime>") != std::string::npos);
    CHECK(b.find("<ConfirmedRoleList></ConfirmedRoleList>") != std::string::npos);
    CHECK(b.find("<LoginMethod>4</LoginMethod>") != std::string::npos);
  }
  SECTION("an array: every Altinn 3 reject reason, a status as a number, one not read yet") {
    auto r = f.convert("altinn3-list.json");
    REQUIRE(r.readable);
    CHECK(r.unread == 1);
    CHECK(r.confirmations == 7);
    CHECK(r.written == 1);
    CHECK(r.rejected == 6);
    CHECK(codes(r) == std::vector<std::string>{"conf-unread", "conf-unmapped-resource", "conf-recipient",
                                               "conf-no-read", "conf-no-reference", "conf-invalid", "conf-invalid"});
    CHECK(r.diagnostics[0].path == "/1");
    CHECK(r.diagnostics.back().message.find("2024-05-32T09:00:00Z") != std::string::npos);
    CHECK(body(r).find("participantId=\"01818010083\" shortName=\"Årsoppgave næring\"") != std::string::npos);
  }
  SECTION("JSON Lines, each line placed") {
    auto r = f.convert("altinn3-export.jsonl");
    REQUIRE(r.readable);
    CHECK(r.confirmations == 2);
    CHECK(r.written == 2);
  }
  SECTION("without --login-method a Confirmed event is rejected, not guessed") {
    Fixture none;
    auto r = none.convert("altinn3-details.json");
    CHECK(r.rejected == 1);
    CHECK(codes(r) == std::vector<std::string>{"conf-login-method", "conf-empty-batch"});
  }
}

TEST_CASE("confirm::FileConverter::check_output (conf-output-invalid)", "[confirm]") {
  Fixture f;
  confirm::AltUtConfirmation ok{"910242822", "3128_1", "R", "2012-06-28T14:21:26", std::nullopt};
  CHECK(f.converter->check_output(confirm::confirmation_xml(ok)).empty());
  confirm::AltUtConfirmation bad = ok;
  bad.read_datetime = "28.06.2012";
  std::string why = f.converter->check_output(confirm::confirmation_xml(bad));
  CHECK(why.find("ReadDateTime") != std::string::npos);
  bad = ok;
  bad.confirmed = confirm::ConfirmedBy{"01818010083", "2012-06-28T14:26:40", "", "5"};
  CHECK(f.converter->check_output(confirm::confirmation_xml(bad)).find("LoginMethod") != std::string::npos);
}

TEST_CASE("confirm::run_confirmations: batches, counts, sequence, report", "[confirm][tools][in-process]") {
  test::TempDir dir;
  confirm::ConfirmCommandOptions o;
  o.data_dir = test::k_corpus + "/..";
  o.map = k_inputs + "service-map.csv";
  o.resource_map = k_inputs + "resources.csv";
  o.login_method = 4;
  o.sequence_start = 41;
  o.output_dir = (dir.path / "out").string();
  o.inputs = {k_inputs + "nve-2009-10.xml", k_inputs + "nve-gap-2009-10.xml", k_inputs + "altinn3-details.json",
              k_inputs + "altinn3-export.jsonl"};
  o.report = "-";
  o.format = "jsonl";
  for (unsigned jobs : {1u, 3u}) {
    o.jobs = jobs;
    std::ostringstream out;
    std::ostringstream err;
    CHECK(confirm::run_confirmations(o, out, err) == diag::ExitCode::ok); // a gap is a warning
    INFO(err.str());
    CHECK(err.str().find("[conf-sequence-gap]") != std::string::npos);
    CHECK(err.str().find("4 files: 6 confirmations = 6 written + 0 rejected; 4 batch files") != std::string::npos);
    std::string a3 = slurp(o.output_dir + "/altinn3-details.altut-confirmations.xml");
    CHECK(a3.find("batchReference=\"41\" previousReference=\"40\" receiverReference=\"991825827\"") !=
          std::string::npos);
    std::string a3l = slurp(o.output_dir + "/altinn3-export.altut-confirmations.xml");
    CHECK(a3l.find("batchReference=\"42\" previousReference=\"41\"") != std::string::npos);
    CHECK(a3l.find("confirmationsInBatch=\"2\"") != std::string::npos);
    std::string a2 = slurp(o.output_dir + "/nve-2009-10.altut-confirmations.xml");
    CHECK(a2.find("batchReference=\"29\" previousReference=\"28\" receiverReference=\"NVE\" "
                  "timeStamp=\"2012-06-29T03:21:03\" confirmationsInBatch=\"2\"") != std::string::npos);
    // The report: one JSON line per file, then the summary.
    std::istringstream lines(out.str());
    std::string line;
    int documents = 0;
    while (std::getline(lines, line)) {
      documents += line.find("\"type\":\"document\"") != std::string::npos ? 1 : 0;
    }
    CHECK(documents == 4);
  }
  SECTION("--dry-run writes nothing; rejects make exit 1") {
    o.dry_run = true;
    o.output_dir = (dir.path / "dry").string();
    o.inputs = {k_inputs + "rejects-2010-10.xml"};
    o.report.clear();
    o.format = "text";
    std::ostringstream out;
    std::ostringstream err;
    CHECK(confirm::run_confirmations(o, out, err) == diag::ExitCode::findings);
    CHECK(!std::filesystem::exists(o.output_dir));
    CHECK(err.str().find("10 confirmations = 2 written + 8 rejected") != std::string::npos);
  }
  SECTION("unreadable inputs: exit 3; a bad map: exit 4") {
    o.inputs = {k_inputs + "broken.json", k_inputs + "nve-2009-10.xml"};
    std::ostringstream out;
    std::ostringstream err;
    CHECK(confirm::run_confirmations(o, out, err) == diag::ExitCode::unreadable);
    o.resource_map = k_inputs + "service-map.csv"; // the wrong header
    CHECK(confirm::run_confirmations(o, out, err) == diag::ExitCode::load_failed);
  }
}
