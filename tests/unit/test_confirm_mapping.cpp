// confirm/mapping: every row of the mapping table (Altinn II and Altinn 3) and every reject
// reason the mapping decides, one section each.
#include "altkit/confirm/mapping.hpp"
#include "altkit/convert/values.hpp"
#include "altkit/xml/libxml.hpp"

#include <catch2/catch.hpp>

using namespace altkit;
using confirm::Altinn2Confirmation;
using confirm::Altinn3Correspondence;
using confirm::MapSettings;

namespace {

Altinn2Confirmation a2() {
  Altinn2Confirmation c;
  c.service_code = "3128";
  c.service_edition = "1";
  c.reportee = "910242822";
  c.reference = "FOSL test 1 - NVE-201105268/9";
  c.read_datetime = "2012-06-28T14:21:26";
  return c;
}

Altinn2Confirmation a2_confirmed(const std::string& method) {
  Altinn2Confirmation c = a2();
  c.confirmed = true;
  c.user_ssn = "01818010083";
  c.confirmed_datetime = "2012-06-28T14:26:40";
  c.role_list = "ALLEA,REGNA";
  c.authentication_method = method;
  return c;
}

Altinn3Correspondence a3() {
  Altinn3Correspondence c;
  c.id = "2f0c6a1e-5b7d-4c1e-9d3a-8f1b2c3d4e01";
  c.resource_id = "pat-vedtak";
  c.senders_reference = "PAT-2024/0101";
  c.recipient = "urn:altinn:organization:identifier-no:910242822";
  c.read = "2024-05-02T10:00:00+02:00";
  return c;
}

std::unique_ptr<servicemap::ServiceMap> legacy_map() {
  diag::DiagnosticSink sink;
  auto m = servicemap::ServiceMap::parse("kind,name,version,serviceCode,serviceEditionCode\n"
                                         "shortName,Årsoppgave næring,,2500,1\n"
                                         "shortName,Melding om flytting,,2502,1\n"
                                         "shortName,Flyttemelding,,2502,01\n",
                                         "map", sink);
  REQUIRE(m);
  return m;
}

std::unique_ptr<confirm::ResourceMap> resources() {
  diag::DiagnosticSink sink;
  auto m = confirm::ResourceMap::parse("resourceId,shortName\npat-vedtak,4711_3\npat-varsel,Årsoppgave næring\n",
                                       "resources", sink);
  REQUIRE(m);
  return m;
}

} // namespace

TEST_CASE("servicemap::short_name_for", "[confirm]") {
  CHECK(servicemap::short_name_for("3128", "1") == "3128_1");
  CHECK(servicemap::short_name_for("4711", "003") == "4711_3"); // the edition's zeros go, as the map keeps editions
  CHECK(servicemap::short_name_for("0815", "0") == "0815_0");   // a ServiceCode keeps its zeros
  CHECK(servicemap::short_name_for("PSA", "2010") == "PSA_2010");
  CHECK(!servicemap::short_name_for("", "1"));
  CHECK(!servicemap::short_name_for("TOOLONG88", "1"));
  CHECK(!servicemap::short_name_for("47 11", "1"));
  CHECK(!servicemap::short_name_for("47_11", "1"));
  CHECK(!servicemap::short_name_for("Ø12", "1"));
  CHECK(!servicemap::short_name_for("4711", "A"));
  CHECK(!servicemap::short_name_for("4711", ""));
  // The inverse of the shortName rule: what it writes reads back as the same service.
  for (auto [code, edition] : {std::pair{"3128", "1"}, {"4711", "003"}, {"0815", "2"}, {"SKD-PSA", "10"}}) {
    auto written = servicemap::short_name_for(code, edition);
    REQUIRE(written);
    auto back = convert::resolve_short_name(*written, nullptr);
    REQUIRE(back.service);
    CHECK(back.service->code == code);
    CHECK(back.service->edition == std::to_string(std::stoul(edition)));
  }
}

TEST_CASE("servicemap::ServiceMap::legacy_names", "[confirm]") {
  auto map = legacy_map();
  CHECK(map->legacy_names("2500", "1") == std::vector<std::string>{"Årsoppgave næring"});
  CHECK(map->legacy_names("2500", "01") == std::vector<std::string>{"Årsoppgave næring"});
  CHECK(map->legacy_names("2502", "1") == std::vector<std::string>{"Flyttemelding", "Melding om flytting"});
  CHECK(map->legacy_names("2500", "2").empty());
  CHECK(map->legacy_names("9999", "1").empty());
}

TEST_CASE("confirm::map_altinn2 rows", "[confirm]") {
  MapSettings settings;
  SECTION("ServiceCode + ServiceEdition -> shortName C_E") {
    auto m = confirm::map_altinn2(a2(), settings);
    REQUIRE(m.confirmation);
    CHECK(m.confirmation->short_name == "3128_1");
    CHECK(m.warnings.empty());
  }
  SECTION("ServiceEdition with leading zeros -> C_E without them") {
    auto c = a2();
    c.service_edition = "03";
    CHECK(confirm::map_altinn2(c, settings).confirmation->short_name == "3128_3");
  }
  SECTION("a service the map lists under a legacy name -> that name") {
    auto map = legacy_map();
    settings.map = map.get();
    auto c = a2();
    c.service_code = "2500";
    auto m = confirm::map_altinn2(c, settings);
    REQUIRE(m.confirmation);
    CHECK(m.confirmation->short_name == "Årsoppgave næring");
    c.service_code = "3128"; // not in the map: C_E
    CHECK(confirm::map_altinn2(c, settings).confirmation->short_name == "3128_1");
  }
  SECTION("two legacy names for one service -> C_E and conf-legacy-ambiguous") {
    auto map = legacy_map();
    settings.map = map.get();
    auto c = a2();
    c.service_code = "2502";
    auto m = confirm::map_altinn2(c, settings);
    REQUIRE(m.confirmation);
    CHECK(m.confirmation->short_name == "2502_1");
    REQUIRE(m.warnings.size() == 1);
    CHECK(m.warnings[0].is(diag::code::conf_legacy_ambiguous));
    CHECK(m.warnings[0].severity == diag::Severity::warning);
  }
  SECTION("Reportee -> participantId; CorrespondenceReference -> messageReference; ReadDateTime -> ReadDateTime") {
    auto m = confirm::map_altinn2(a2(), settings);
    REQUIRE(m.confirmation);
    CHECK(m.confirmation->participant_id == "910242822");
    CHECK(m.confirmation->message_reference == "FOSL test 1 - NVE-201105268/9");
    CHECK(m.confirmation->read_datetime == "2012-06-28T14:21:26");
    CHECK(!m.confirmation->confirmed);
  }
  SECTION("Confirmed: UserSSN, ConfirmedDateTime, ConfirmedRoleList, AuthenticationMethod -> LoginMethod") {
    for (std::string method : {"1", "2", "3", "4"}) {
      auto m = confirm::map_altinn2(a2_confirmed(method), settings);
      REQUIRE(m.confirmation);
      REQUIRE(m.confirmation->confirmed);
      const auto& b = *m.confirmation->confirmed;
      CHECK(b.participant_id == "01818010083");
      CHECK(b.datetime == "2012-06-28T14:26:40");
      CHECK(b.role_list == "ALLEA,REGNA"); // as written: the separator is the sender's
      CHECK(b.login_method == method);
    }
  }
}

TEST_CASE("confirm::map_altinn2 rejects", "[confirm]") {
  MapSettings settings;
  SECTION("conf-no-edition") {
    auto c = a2();
    c.service_edition.reset();
    auto m = confirm::map_altinn2(c, settings);
    CHECK(!m.confirmation);
    CHECK(m.reject == &diag::code::conf_no_edition);
    CHECK(m.reason.find("'3128'") != std::string::npos);
  }
  SECTION("conf-bad-service") {
    for (std::string code : {"TOOLONG88", "47 11", "47_11"}) {
      auto c = a2();
      c.service_code = code;
      CHECK(confirm::map_altinn2(c, settings).reject == &diag::code::conf_bad_service);
    }
    auto c = a2();
    c.service_edition = "A";
    CHECK(confirm::map_altinn2(c, settings).reject == &diag::code::conf_bad_service);
  }
  SECTION("conf-no-reference") {
    auto c = a2();
    c.reference = "  ";
    CHECK(confirm::map_altinn2(c, settings).reject == &diag::code::conf_no_reference);
  }
  SECTION("conf-login-method") {
    for (std::string method : {"0", "5", "7", "-1", "12", ""}) {
      auto m = confirm::map_altinn2(a2_confirmed(method), settings);
      CHECK(m.reject == &diag::code::conf_login_method);
      CHECK(!m.confirmation);
    }
  }
}

TEST_CASE("confirm::party_number", "[confirm]") {
  std::string why;
  CHECK(confirm::party_number("urn:altinn:organization:identifier-no:910242822") == "910242822");
  CHECK(confirm::party_number("urn:altinn:person:identifier-no:01818010083") == "01818010083");
  CHECK(confirm::party_number("0192:311111116") == "311111116");
  CHECK(confirm::party_number("910242822") == "910242822");
  CHECK(confirm::party_number("01818010083") == "01818010083");
  CHECK(!confirm::party_number("urn:altinn:organization:identifier-no:910242823", &why));
  CHECK(why.find("check digit") != std::string::npos);
  CHECK(!confirm::party_number("urn:altinn:person:identifier-no:910242822", &why)); // an org number as a person
  CHECK(!confirm::party_number("12345", &why));
  CHECK(why.find("neither") != std::string::npos);
  CHECK(!confirm::party_number("urn:altinn:party:id:50001234"));
}

TEST_CASE("confirm::map_altinn3 rows", "[confirm]") {
  auto res = resources();
  MapSettings settings;
  settings.resources = res.get();
  SECTION("resourceId -> shortName (the resource map); recipient -> participantId; sendersReference; Read") {
    auto m = confirm::map_altinn3(a3(), settings);
    REQUIRE(m.confirmation);
    CHECK(m.confirmation->short_name == "4711_3");
    CHECK(m.confirmation->participant_id == "910242822");
    CHECK(m.confirmation->message_reference == "PAT-2024/0101");
    CHECK(m.confirmation->read_datetime == "2024-05-02T10:00:00+02:00");
    CHECK(!m.confirmation->confirmed);
    auto c = a3();
    c.resource_id = "pat-varsel";
    CHECK(confirm::map_altinn3(c, settings).confirmation->short_name == "Årsoppgave næring");
  }
  SECTION("Confirmed -> ConfirmedDateTime, the recipient, no roles, --login-method") {
    settings.login_method = 4;
    auto c = a3();
    c.recipient = "urn:altinn:person:identifier-no:01818010083";
    c.confirmed = "2024-05-02T10:03:12.517+02:00";
    auto m = confirm::map_altinn3(c, settings);
    REQUIRE(m.confirmation);
    REQUIRE(m.confirmation->confirmed);
    CHECK(m.confirmation->confirmed->participant_id == "01818010083");
    CHECK(m.confirmation->confirmed->datetime == "2024-05-02T10:03:12.517+02:00");
    CHECK(m.confirmation->confirmed->role_list.empty());
    CHECK(m.confirmation->confirmed->login_method == "4");
  }
}

TEST_CASE("confirm::map_altinn3 rejects", "[confirm]") {
  auto res = resources();
  MapSettings settings;
  settings.resources = res.get();
  SECTION("conf-unmapped-resource") {
    auto c = a3();
    c.resource_id = "pat-ukjent";
    CHECK(confirm::map_altinn3(c, settings).reject == &diag::code::conf_unmapped_resource);
    MapSettings none;
    auto m = confirm::map_altinn3(a3(), none);
    CHECK(m.reject == &diag::code::conf_unmapped_resource);
    CHECK(m.reason.find("no --resource-map") != std::string::npos);
  }
  SECTION("conf-recipient") {
    auto c = a3();
    c.recipient = "urn:altinn:organization:identifier-no:910242823";
    CHECK(confirm::map_altinn3(c, settings).reject == &diag::code::conf_recipient);
  }
  SECTION("conf-no-reference") {
    auto c = a3();
    c.senders_reference = "";
    CHECK(confirm::map_altinn3(c, settings).reject == &diag::code::conf_no_reference);
  }
  SECTION("conf-no-read") {
    auto c = a3();
    c.read.reset();
    c.confirmed = "2024-05-03T09:00:00Z";
    settings.login_method = 4;
    CHECK(confirm::map_altinn3(c, settings).reject == &diag::code::conf_no_read);
  }
  SECTION("conf-login-method: Altinn 3 names none, and none was given") {
    auto c = a3();
    c.confirmed = "2024-05-03T09:00:00Z";
    auto m = confirm::map_altinn3(c, settings);
    CHECK(m.reject == &diag::code::conf_login_method);
    CHECK(m.reason.find("--login-method") != std::string::npos);
  }
}

TEST_CASE("confirm::ResourceMap::parse", "[confirm]") {
  diag::DiagnosticSink sink;
  CHECK(!confirm::ResourceMap::parse("resource,name\na,b\n", "r", sink));
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.items()[0].is(diag::code::map_syntax));
  diag::DiagnosticSink dup;
  CHECK(!confirm::ResourceMap::parse("resourceId,shortName\na,1_1\na,1_1\nb,2_1\nb,3_1\nc,\n", "r", dup));
  REQUIRE(dup.items().size() == 3);
  CHECK(dup.items()[0].is(diag::code::map_duplicate));
  CHECK(dup.items()[0].line == 3);
  CHECK(dup.items()[1].is(diag::code::map_conflict));
  CHECK(dup.items()[2].is(diag::code::map_syntax));
  diag::DiagnosticSink missing;
  CHECK(!confirm::ResourceMap::load("/nonexistent/resources.csv", missing));
  REQUIRE(missing.items().size() == 1);
  CHECK(missing.items()[0].is(diag::code::map_unreadable));
}

TEST_CASE("confirm::confirmation_xml and batch_head", "[confirm]") {
  confirm::AltUtConfirmation c{"910242822", "Årsoppgave næring", "A & <B> \"C\"\tD", "2012-06-28T14:21:26",
                               confirm::ConfirmedBy{"01818010083", "2012-06-28T14:26:40", "ALLEA,REGNA", "4"}};
  std::string x = confirm::confirmation_xml(c);
  CHECK(x.find("participantId=\"910242822\" shortName=\"Årsoppgave næring\"") != std::string::npos);
  CHECK(x.find("messageReference=\"A &amp; &lt;B&gt; &quot;C&quot;&#9;D\"") != std::string::npos);
  CHECK(x.find("<ReadDateTime>2012-06-28T14:21:26</ReadDateTime>") != std::string::npos);
  CHECK(x.find("<Confirmed participantId=\"01818010083\">") != std::string::npos);
  CHECK(x.find("<LoginMethod>4</LoginMethod>") != std::string::npos);
  confirm::BatchHeader h{"29", "28", "NVE", "2012-06-29T03:21:03", 2};
  std::string head = confirm::batch_head(h);
  CHECK(head.find("<AltUtConfirmationBatch batchReference=\"29\" previousReference=\"28\" receiverReference=\"NVE\" "
                  "timeStamp=\"2012-06-29T03:21:03\" confirmationsInBatch=\"2\">") != std::string::npos);
  CHECK(confirm::batch_tail() == "  </AltUtConfirmations>\n</AltUtConfirmationBatch>\n");
}

TEST_CASE("confirm::is_datetime", "[confirm]") {
  xml::init_libxml();
  CHECK(confirm::is_datetime("2024-05-02T10:03:12.517+02:00"));
  CHECK(confirm::is_datetime("2012-06-28T14:21:26"));
  CHECK(confirm::is_datetime("2024-02-29T00:00:00Z"));
  CHECK(!confirm::is_datetime("2023-02-29T00:00:00Z"));
  CHECK(!confirm::is_datetime("2024-05-32T09:00:00Z"));
  CHECK(!confirm::is_datetime("2024-05-02"));
  CHECK(!confirm::is_datetime(""));
}
