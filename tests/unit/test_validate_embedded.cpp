#include "test_helpers.hpp"

#include "altkit/schema/catalog.hpp"
#include "altkit/validate/document.hpp"
#include "altkit/validate/embedded.hpp"
#include "altkit/validate/routed.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace altkit;
using validate::Verdict;
namespace fs = std::filesystem;

namespace {

// A small schema in the serviceinitiation namespace with the batch's shape around FormData
// (the real one, Altinn's, is read by tests/cli/prefill.sh from ../shared).
const char* k_batch_schema = R"(<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified"
           targetNamespace="http://schemas.altinn.no/services/intermediary/serviceinitiation/2009/10">
  <xs:element name="ServiceOwner">
    <xs:complexType><xs:sequence>
      <xs:element name="Prefill"><xs:complexType><xs:sequence>
        <xs:element name="Reportee" maxOccurs="unbounded"><xs:complexType><xs:sequence>
          <xs:element name="Id" type="xs:string"/>
          <xs:element name="Form" maxOccurs="unbounded"><xs:complexType><xs:sequence>
            <xs:element name="DataFormatId" type="xs:string"/>
            <xs:element name="DataFormatVersion" type="xs:string"/>
            <xs:element name="FormData" type="xs:string"/>
          </xs:sequence></xs:complexType></xs:element>
        </xs:sequence></xs:complexType></xs:element>
      </xs:sequence></xs:complexType></xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>
)";

const std::string k_form_head = R"(<melding dataFormatProvider="SERES" dataFormatId="9101" dataFormatVersion="1">)";

std::string batch() {
  // Form 1 in a CDATA section (its second line: a bad organisasjonsnummer), form 2 escaped (an
  // element the form does not declare).
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<ServiceOwner xmlns=\"http://schemas.altinn.no/services/intermediary/serviceinitiation/2009/10\">\n"
         "<Prefill>\n"
         "<Reportee><Id>923456783</Id>\n"
         "<Form><DataFormatId>9101</DataFormatId><DataFormatVersion>1</DataFormatVersion>\n"
         "<FormData>  <![CDATA[<?xml version=\"1.0\" encoding=\"utf-16\"?>" +
         k_form_head +
         "\n<organisasjonsnummer>9234567X3</organisasjonsnummer>\n</melding>]]></FormData>\n"
         "</Form></Reportee>\n"
         "<Reportee><Id>923456783</Id>\n"
         "<Form><DataFormatId>9101</DataFormatId><DataFormatVersion>1</DataFormatVersion>\n"
         "<FormData>&lt;melding dataFormatProvider=\"SERES\" dataFormatId=\"9101\" dataFormatVersion=\"1\"&gt;"
         "&lt;organisasjonsnummer&gt;923456780&lt;/organisasjonsnummer&gt;&lt;ukjent/&gt;&lt;/melding&gt;"
         "</FormData>\n"
         "</Form></Reportee>\n"
         "</Prefill>\n"
         "</ServiceOwner>\n";
}

} // namespace

TEST_CASE("validate::embedded_forms") {
  auto forms = validate::embedded_forms(batch(), "batch.xml");
  REQUIRE(forms.size() == 2);
  CHECK(forms[0].number == 1);
  CHECK(forms[0].data_format_id == "9101");
  CHECK(forms[0].data_format_version == "1");
  CHECK(forms[0].path == "/ServiceOwner/Prefill/Reportee/Form/FormData");
  CHECK(forms[0].line == 6);
  CHECK(forms[0].column == 11); // after <FormData>
  CHECK(forms[0].text_line == 6);
  CHECK(forms[0].text_column == 22); // after two spaces and <![CDATA[
  // The declaration naming UTF-16 is blanked (the text is UTF-8 now), positions kept.
  const std::string decl = "<?xml version=\"1.0\" encoding=\"utf-16\"?>";
  CHECK(forms[0].text.rfind(std::string(decl.size(), ' ') + k_form_head, 0) == 0);
  CHECK(forms[1].path == "/ServiceOwner/Prefill/Reportee[2]/Form/FormData");
  CHECK(forms[1].line == 12);
  CHECK(forms[1].text_line == 0); // escaped: only the tag's place is known
  CHECK(forms[1].text.rfind(k_form_head, 0) == 0);

  CHECK(validate::embedded_forms("<melding/>", "x").empty());
  CHECK(validate::embedded_forms("<ServiceOwner><Prefill>", "x").empty()); // not well-formed
}

TEST_CASE("validate::place_in_batch") {
  validate::EmbeddedForm f;
  f.number = 3;
  f.data_format_id = "5742";
  f.data_format_version = "34627";
  f.path = "/ServiceOwner/Prefill/Reportee[2]/FormTask/Form/FormData";
  f.line = 20;
  f.column = 15;
  f.text_line = 20;
  f.text_column = 24;
  diag::Diagnostic inner = diag::Diagnostic::of(diag::code::value_pattern)
                               .at("batch.xml#form3", 1, 40)
                               .path("/melding/orgnr")
                               .message("value 'x' does not match");
  auto d = validate::place_in_batch(inner, f, "batch.xml");
  CHECK(d.file == "batch.xml");
  CHECK(d.line == 20);
  CHECK(d.column == 63);
  CHECK(d.path == "/ServiceOwner/Prefill/Reportee[2]/FormTask/Form/FormData/melding/orgnr");
  CHECK(d.message == "in form 3 (dataFormatId 5742, version 34627) at 1:40: value 'x' does not match");
  inner.line = 4;
  inner.column = 7;
  d = validate::place_in_batch(inner, f, "batch.xml");
  CHECK(d.line == 23);
  CHECK(d.column == 7);
  f.text_line = 0; // escaped: at FormData's tag
  d = validate::place_in_batch(inner, f, "batch.xml");
  CHECK(d.line == 20);
  CHECK(d.column == 15);
  CHECK(d.message == "in form 3 (dataFormatId 5742, version 34627) at 4:7: value 'x' does not match");
}

TEST_CASE("validate::validate_deep") {
  xml::XercesPlatform platform;
  test::TempDir dir;
  fs::create_directories(dir.path / "schemas");
  test::write(dir.path / "schemas" / "batch.xsd", k_batch_schema);
  fs::copy_file(test::k_corpus + "/seres-validate/ids-data/Testdomene_Identifikatorer_M_9101_1.xsd",
                dir.path / "schemas" / "form.xsd");
  for (auto engine : {schema::Engine::xerces, schema::Engine::libxml2}) {
    DYNAMIC_SECTION("engine " << schema::to_string(engine)) {
      diag::DiagnosticSink sink;
      auto catalog = schema::Catalog::load((dir.path / "schemas").string(), engine, sink);
      REQUIRE(catalog);
      validate::ValidateSettings settings;
      validate::DocumentValidator v(engine, settings);

      // Without --deep the batch is valid: FormData is a string to its schema.
      auto shallow = validate::validate_routed(v, std::make_unique<io::MemorySource>(batch(), "batch.xml"), nullptr,
                                               catalog.get());
      CHECK(shallow.verdict == Verdict::valid);

      auto deep =
          validate::validate_deep(v, std::make_unique<io::MemorySource>(batch(), "batch.xml"), nullptr, catalog.get());
      CHECK(deep.verdict == Verdict::invalid);
      REQUIRE(deep.diagnostics.size() >= 2); // Xerces adds an invalid-content to the undeclared element
      const auto& cdata = deep.diagnostics[0];
      CHECK(cdata.code == "value-pattern");
      CHECK(cdata.file == "batch.xml");
      CHECK(cdata.line == 7); // the form's line 2 is the batch's line 7
      CHECK(cdata.path == "/ServiceOwner/Prefill/Reportee/Form/FormData/melding/organisasjonsnummer");
      CHECK(cdata.message.rfind("in form 1 (dataFormatId 9101, version 1) at 2:", 0) == 0);
      CHECK(cdata.related_line == 6); // SARIF's related location: where the form starts
      CHECK(cdata.related_column == 11);
      for (std::size_t i = 1; i < deep.diagnostics.size(); ++i) {
        const auto& escaped = deep.diagnostics[i];
        CHECK(escaped.line == 12);
        CHECK(escaped.column == 11);
        CHECK(escaped.path.rfind("/ServiceOwner/Prefill/Reportee[2]/Form/FormData/melding", 0) == 0);
        CHECK(escaped.message.rfind("in form 2 (dataFormatId 9101, version 1) at 1:", 0) == 0);
      }

      // The identifier checks reach into the forms too.
      validate::ValidateSettings with_ids;
      auto ids = std::make_shared<validate::IdCheckOptions>();
      ids->enabled = true;
      with_ids.ids = ids;
      validate::DocumentValidator checked(engine, with_ids);
      auto both = validate::validate_deep(checked, std::make_unique<io::MemorySource>(batch(), "batch.xml"), nullptr,
                                          catalog.get());
      CHECK(test::has_code(both.diagnostics, "invalid-orgnr"));

      // Anything else is validated as validate_routed does.
      std::string plain = k_form_head + "<organisasjonsnummer>923456783</organisasjonsnummer></melding>";
      auto other =
          validate::validate_deep(v, std::make_unique<io::MemorySource>(plain, "form.xml"), nullptr, catalog.get());
      CHECK(other.verdict == Verdict::valid);
      CHECK(other.schema.find("form.xsd") != std::string::npos);
    }
  }
}
