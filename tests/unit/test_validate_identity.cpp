// Identity-constraint findings explained the same way with every engine (issue 15 item 4):
// the constraint's name, the value, and a keyref that matches nothing placed at the referencing
// element, not at the end of the declaring one (XSD 1.0 §3.11.4, cvc-identity-constraint).
#include "test_helpers.hpp"

#include "altkit/validate/document.hpp"

#include <catch2/catch.hpp>

using namespace altkit;

namespace {

const schema::Engine k_engines[] = {schema::Engine::xerces, schema::Engine::libxml2, schema::Engine::both};

// Namespaced, a two-field key on attributes, a keyref whose fields are a child element and an
// attribute, and a unique over a descendant selector: the XPath forms SERES-like schemas use.
const char* k_schema = R"(<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:test:lonn"
           targetNamespace="urn:test:lonn" elementFormDefault="qualified">
  <xs:element name="oppgave">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="ansatt" maxOccurs="unbounded">
          <xs:complexType>
            <xs:sequence><xs:element name="kode" type="xs:string" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
            <xs:attribute name="land" type="xs:string" use="required"/>
            <xs:attribute name="nr" type="xs:string" use="required"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="betaling" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:sequence><xs:element name="ansattNr" type="xs:string"/></xs:sequence>
            <xs:attribute name="land" type="xs:string" use="required"/>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
    <xs:key name="ansattKey">
      <xs:selector xpath="t:ansatt"/>
      <xs:field xpath="@land"/>
      <xs:field xpath="@nr"/>
    </xs:key>
    <xs:keyref name="betalingRef" refer="t:ansattKey">
      <xs:selector xpath="t:betaling"/>
      <xs:field xpath="@land"/>
      <xs:field xpath="t:ansattNr"/>
    </xs:keyref>
    <xs:unique name="kodeUnik">
      <xs:selector xpath=".//t:kode"/>
      <xs:field xpath="."/>
    </xs:unique>
  </xs:element>
</xs:schema>
)";

validate::DocumentResult run(schema::Engine engine, const std::string& xml, const schema::CompiledSchema* s) {
  validate::DocumentValidator v(engine, validate::ValidateSettings{});
  io::MemorySource src(xml, "input");
  return v.validate(src, s);
}

std::vector<const diag::Diagnostic*> identity(const validate::DocumentResult& r) {
  std::vector<const diag::Diagnostic*> out;
  for (const auto& d : r.diagnostics) {
    if (d.code == "identity-constraint") {
      out.push_back(&d);
    }
  }
  return out;
}

} // namespace

TEST_CASE("identity-constraint findings name the constraint and value, keyrefs the referencing element", "[identity]") {
  xml::init_libxml();
  xml::XercesPlatform platform;
  test::TempDir dir;
  auto path = dir.path / "lonn.xsd";
  test::write(path, k_schema);
  auto s = test::compile(path);
  REQUIRE(s != nullptr);
  REQUIRE(s->info.identity.size() == 3);

  const std::string valid = "<?xml version=\"1.0\"?>\n<oppgave xmlns=\"urn:test:lonn\">\n"
                            "  <ansatt land=\"NO\" nr=\"1\"><kode>A</kode></ansatt>\n"
                            "  <ansatt land=\"SE\" nr=\"1\"><kode>B</kode></ansatt>\n"
                            "  <betaling land=\"SE\"><ansattNr>1</ansattNr></betaling>\n"
                            "</oppgave>\n";
  const std::string invalid = "<?xml version=\"1.0\"?>\n<oppgave xmlns=\"urn:test:lonn\">\n"
                              "  <ansatt land=\"NO\" nr=\"1\"><kode>A</kode></ansatt>\n"
                              "  <ansatt land=\"NO\" nr=\"1\"><kode>A</kode></ansatt>\n"
                              "  <betaling land=\"NO\"><ansattNr>1</ansattNr></betaling>\n"
                              "  <betaling land=\"DK\"><ansattNr>7</ansattNr></betaling>\n"
                              "  <betaling land=\"NO\"><ansattNr>9</ansattNr></betaling>\n"
                              "</oppgave>\n";
  for (auto engine : k_engines) {
    CAPTURE(schema::to_string(engine));
    auto ok = run(engine, valid, s.get());
    CHECK(ok.verdict == validate::Verdict::valid);

    auto r = run(engine, invalid, s.get());
    CHECK(r.verdict == validate::Verdict::invalid);
    auto found = identity(r);
    std::string all;
    for (const auto* d : found) {
      all += std::to_string(d->line) + ":" + std::to_string(d->column) + " " + d->path + " " + d->message + "\n";
    }
    CAPTURE(all);
    // The duplicate key and the duplicate code, where the repeat stands.
    CHECK(all.find("4:") != std::string::npos);
    CHECK(all.find("duplicate value ['NO', '1'] of key 'ansattKey'") != std::string::npos);
    CHECK(all.find("duplicate value ['A'] of unique 'kodeUnik'") != std::string::npos);
    // Both dangling keyrefs, each at its own betaling element, with its value.
    CHECK(all.find("6:23 /oppgave/betaling[2] value ['DK', '7'] of element 'betaling' matches no value of "
                   "'ansattKey' (keyref 'betalingRef' on element 'oppgave')") != std::string::npos);
    CHECK(all.find("7:23 /oppgave/betaling[3] value ['NO', '9'] of element 'betaling'") != std::string::npos);
    // Nothing is left at the end of the declaring element.
    for (const auto* d : found) {
      CHECK(d->line < 8);
    }
  }
}
