// OASIS XML catalogs: locations of imports mapped to local files, for both engines, offline.
#include "test_helpers.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/validate/document.hpp"
#include "altkit/xml/xml_catalog.hpp"

#include <catch2/catch.hpp>

using namespace altkit;

namespace {

const char* k_xml_xsd = R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:language"/>
</xs:schema>
)";

const char* k_lang_schema = R"(<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xml="http://www.w3.org/XML/1998/namespace">
  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="http://www.w3.org/2001/xml.xsd"/>
  <xs:element name="tekst"><xs:complexType><xs:simpleContent><xs:extension base="xs:string">
    <xs:attribute ref="xml:lang" use="required"/>
  </xs:extension></xs:simpleContent></xs:complexType></xs:element>
</xs:schema>
)";

std::string catalog(const std::string& body) {
  return R"(<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
)" + body +
         "</catalog>\n";
}

} // namespace

TEST_CASE("xml::XmlCatalogs::resolve") {
  test::TempDir dir;
  const std::string d = dir.path.string();
  test::write(dir.path / "next.xml", catalog(R"(  <uri name="urn:x:next" uri="lokal/next.xsd"/>
)"));
  test::write(dir.path / "cat.xml", catalog(R"(  <system systemId="http://example.org/a.xsd" uri="a.xsd"/>
  <uri name="http://example.org/ns/b" uri="file:///opt/b.xsd"/>
  <rewriteURI uriStartString="http://seres.no/xsd/" rewritePrefix="seres/"/>
  <rewriteSystem systemIdStartString="http://seres.no/xsd/Kodebibliotek/" rewritePrefix="/srv/kb"/>
  <uriSuffix uriSuffix="/xml.xsd" uri="w3c/xml.xsd"/>
  <group xml:base="/etc/schemas/"><system systemId="http://example.org/c.xsd" uri="c.xsd"/></group>
  <system systemId="http://example.org/remote.xsd" uri="http://mirror.example.org/remote.xsd"/>
  <nextCatalog catalog="next.xml"/>
)"));
  diag::DiagnosticSink sink;
  auto cats = xml::XmlCatalogs::load({(dir.path / "cat.xml").string()}, sink);
  REQUIRE(cats);
  CHECK(sink.items().empty());
  CHECK(cats->resolve("http://example.org/a.xsd", "") == d + "/a.xsd");
  CHECK(cats->resolve("", "http://example.org/ns/b") == "/opt/b.xsd"); // by namespace
  CHECK(cats->resolve("http://seres.no/xsd/Felles/seres.xsd", "") == d + "/seres/Felles/seres.xsd");
  // the longest start string wins
  CHECK(cats->resolve("http://seres.no/xsd/Kodebibliotek/kb.xsd", "") == "/srv/kb/kb.xsd");
  CHECK(cats->resolve("https://www.w3.org/2001/xml.xsd", "") == d + "/w3c/xml.xsd");
  CHECK(cats->resolve("http://example.org/c.xsd", "") == "/etc/schemas/c.xsd");
  CHECK(cats->resolve("urn:x:next", "") == d + "/lokal/next.xsd");
  CHECK(cats->resolve("http://example.org/remote.xsd", "").empty()); // never the network
  CHECK(cats->resolve("http://example.org/none.xsd", "urn:none").empty());

  diag::DiagnosticSink bad;
  CHECK_FALSE(xml::XmlCatalogs::load({d + "/missing.xml"}, bad));
  REQUIRE(bad.items().size() == 1);
  CHECK(bad.items()[0].code == "xml-catalog");
  test::write(dir.path / "not.xml", "<catalog/>");
  diag::DiagnosticSink not_catalog;
  CHECK_FALSE(xml::XmlCatalogs::load({d + "/not.xml"}, not_catalog));
  CHECK(test::has_code(not_catalog.items(), "xml-catalog"));
}

TEST_CASE("xml::catalog_files_from_env") {
  CHECK(xml::catalog_files_from_env(nullptr).empty());
  CHECK(xml::catalog_files_from_env("a.xml  file:///b/c.xml\td.xml") ==
        std::vector<std::string>{"a.xml", "/b/c.xml", "d.xml"});
}

TEST_CASE("schema::compile_schema: an http import mapped by an XML catalog, both engines") {
  xml::XercesPlatform platform;
  test::TempDir dir;
  test::write(dir.path / "xml.xsd", k_xml_xsd);
  test::write(dir.path / "cat.xml", catalog(R"(  <uri name="http://www.w3.org/2001/xml.xsd" uri="xml.xsd"/>
)"));
  auto path = (dir.path / "lang.xsd").string();
  test::write(path, k_lang_schema);
  diag::DiagnosticSink sink;
  auto cats = xml::XmlCatalogs::load({(dir.path / "cat.xml").string()}, sink);
  REQUIRE(cats);
  for (auto engine : {schema::Engine::xerces, schema::Engine::libxml2, schema::Engine::both}) {
    DYNAMIC_SECTION("engine " << schema::to_string(engine)) {
      std::shared_ptr<const schema::CompiledSchema> s;
      {
        xml::LocationResolverScope scope(cats.get());
        s = schema::compile_schema(path, engine, sink);
      }
      REQUIRE(s);
      CHECK(s->warnings.empty());
      validate::DocumentValidator v(engine, validate::ValidateSettings{});
      io::MemorySource good("<tekst xml:lang=\"nb\">Hei</tekst>", "input");
      CHECK(v.validate(good, s.get()).verdict == validate::Verdict::valid);
      io::MemorySource bad("<tekst xml:lang=\"-x-\">Hei</tekst>", "input");
      CHECK(v.validate(bad, s.get()).verdict == validate::Verdict::invalid);
      io::MemorySource missing("<tekst>Hei</tekst>", "input");
      CHECK(v.validate(missing, s.get()).verdict == validate::Verdict::invalid);
    }
  }
  // Without the catalog, the import is refused and the schema does not compile.
  CHECK(xml::location_resolver() == nullptr);
  diag::DiagnosticSink without;
  CHECK_FALSE(schema::compile_schema(path, schema::Engine::libxml2, without));
  CHECK(test::has_code(without.items(), "import-refused"));
}
