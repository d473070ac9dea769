// The schema set: roots declared outside the top schema document (include, import, redefine,
// chameleon and nested includes), and imports refused for the network (import-refused).
#include "test_helpers.hpp"

#include "altkit/diag/codes.hpp"
#include "altkit/schema/catalog.hpp"
#include "altkit/schema/schema_info.hpp"
#include "altkit/validate/document.hpp"

#include <catch2/catch.hpp>

using namespace altkit;
using validate::Verdict;

namespace {

const schema::Engine k_engines[] = {schema::Engine::xerces, schema::Engine::libxml2, schema::Engine::both};

const char* k_head = R"(<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" )";

// grunnlag: the real schema, in urn:t, declaring the root soeknad.
std::string base_schema(const std::string& tns_attrs) {
  return std::string(k_head) + tns_attrs + R"( elementFormDefault="qualified">
  <xs:complexType name="Tiltak"><xs:sequence><xs:element name="beskrivelse" type="xs:string"/></xs:sequence></xs:complexType>
  <xs:element name="soeknad"><xs:complexType><xs:sequence>
    <xs:element name="tiltak" type="Tiltak" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>
)";
}

struct Drivers {
  test::TempDir dir;
  std::string include, import, redefine, chameleon, nested;
  Drivers() {
    const std::string tns = R"(xmlns="urn:t" targetNamespace="urn:t")";
    test::write(dir.path / "grunnlag.xsd", base_schema(tns));
    test::write(dir.path / "ingen-ns.xsd", base_schema(""));
    include = (dir.path / "include.xsd").string();
    test::write(include, std::string(k_head) + tns + R"(>
  <xs:include schemaLocation="grunnlag.xsd"/>
</xs:schema>
)");
    import = (dir.path / "import.xsd").string();
    test::write(import, std::string(k_head) + R"(xmlns:t="urn:t" targetNamespace="urn:driver">
  <xs:import namespace="urn:t" schemaLocation="grunnlag.xsd"/>
</xs:schema>
)");
    redefine = (dir.path / "redefine.xsd").string();
    test::write(redefine, std::string(k_head) + tns + R"( elementFormDefault="qualified">
  <xs:redefine schemaLocation="grunnlag.xsd">
    <xs:complexType name="Tiltak"><xs:complexContent><xs:extension base="Tiltak"><xs:sequence>
      <xs:element name="areal" type="xs:decimal" minOccurs="0"/>
    </xs:sequence></xs:extension></xs:complexContent></xs:complexType>
  </xs:redefine>
</xs:schema>
)");
    chameleon = (dir.path / "chameleon.xsd").string();
    test::write(chameleon, std::string(k_head) + tns + R"( elementFormDefault="qualified">
  <xs:include schemaLocation="ingen-ns.xsd"/>
</xs:schema>
)");
    test::write(dir.path / "mellom.xsd", std::string(k_head) + tns + R"(>
  <xs:include schemaLocation="grunnlag.xsd"/>
</xs:schema>
)");
    nested = (dir.path / "nested.xsd").string();
    test::write(nested, std::string(k_head) + tns + R"(>
  <xs:include schemaLocation="mellom.xsd"/>
</xs:schema>
)");
  }
};

validate::DocumentResult run(schema::Engine engine, const std::string& xml, const schema::CompiledSchema* s) {
  validate::DocumentValidator v(engine, validate::ValidateSettings{});
  io::MemorySource src(xml, "input");
  return v.validate(src, s);
}

const char* k_valid = "<soeknad xmlns=\"urn:t\">\n  <tiltak><beskrivelse>Garasje</beskrivelse></tiltak>\n</soeknad>\n";
const char* k_invalid = "<soeknad xmlns=\"urn:t\">\n  "
                        "<tiltak><beskrivelse>Tilbygg</beskrivelse><bruksareal>25</bruksareal></tiltak>\n</soeknad>\n";

} // namespace

TEST_CASE("schema::read_schema_info: global elements of every document of the set") {
  xml::init_libxml();
  Drivers d;
  for (const auto& [path, own] : {std::pair{d.include, true}, std::pair{d.import, false}, std::pair{d.redefine, true},
                                  std::pair{d.chameleon, true}, std::pair{d.nested, true}}) {
    DYNAMIC_SECTION(std::filesystem::path(path).filename().string()) { // a stable name: the folder differs per run
      diag::DiagnosticSink sink;
      auto info = schema::read_schema_info(path, sink);
      REQUIRE(info);
      const auto* e = info->find_element("urn:t", "soeknad");
      REQUIRE(e != nullptr);
      CHECK(e->own == own);
      CHECK(info->find_element("", "soeknad") == nullptr);
    }
  }
}

TEST_CASE("validate::finish: a root declared outside the top schema document") {
  xml::XercesPlatform platform;
  Drivers d;
  for (const auto& path : {d.include, d.import, d.redefine, d.chameleon, d.nested}) {
    auto s = test::compile(path);
    for (auto engine : k_engines) {
      DYNAMIC_SECTION(std::filesystem::path(path).filename().string() << " engine " << schema::to_string(engine)) {
        auto ok = run(engine, k_valid, s.get());
        INFO((ok.diagnostics.empty() ? std::string() : ok.diagnostics[0].message));
        CHECK(ok.verdict == Verdict::valid);
        CHECK(ok.diagnostics.empty());
        // The real finding is reported, with its position, not hidden behind wrong-root.
        auto bad = run(engine, k_invalid, s.get());
        CHECK(bad.verdict == Verdict::invalid);
        REQUIRE_FALSE(bad.diagnostics.empty());
        CHECK_FALSE(test::has_code(bad.diagnostics, "wrong-root"));
        CHECK(bad.diagnostics[0].line == 2);
        // Xerces names the undeclared child, libxml2 the content model it breaks.
        CHECK((bad.diagnostics[0].code == "invalid-content" || bad.diagnostics[0].code == "undeclared-element"));
      }
    }
  }
}

TEST_CASE("validate::finish: wrong-root is a hint on the engine's own finding at its position") {
  xml::XercesPlatform platform;
  Drivers d;
  auto s = test::compile(d.include);
  for (auto engine : k_engines) {
    DYNAMIC_SECTION("engine " << schema::to_string(engine)) {
      auto r = run(engine, "<?xml version=\"1.0\"?>\n<tiltak xmlns=\"urn:t\"><beskrivelse>x</beskrivelse></tiltak>\n",
                   s.get());
      CHECK(r.verdict == Verdict::invalid);
      REQUIRE(r.diagnostics.size() == 1U); // the cascade below the root left out; both engines: one place
      const auto& w = r.diagnostics[0];
      CHECK(w.code == "wrong-root");
      CHECK(w.file == "input");
      CHECK(w.line == 2);
      CHECK(w.column > 0);
      CHECK(w.message.find("expects 'soeknad'") != std::string::npos);

      auto ns = run(engine, "<soeknad><tiltak><beskrivelse>x</beskrivelse></tiltak></soeknad>", s.get());
      REQUIRE_FALSE(ns.diagnostics.empty());
      CHECK(ns.diagnostics[0].code == "wrong-root");
      CHECK(ns.diagnostics[0].line == 1);
      CHECK(ns.diagnostics[0].message.find("declares it in namespace 'urn:t'") != std::string::npos);
    }
  }
}

TEST_CASE("schema::compile_schema: an import from the network is refused at the import once") {
  xml::XercesPlatform platform;
  test::TempDir dir;
  auto path = (dir.path / "lang.xsd").string();
  test::write(path, R"(<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xml="http://www.w3.org/XML/1998/namespace">
  <xs:import namespace="http://www.w3.org/XML/1998/namespace"
             schemaLocation="http://www.w3.org/2001/xml.xsd"/>
  <xs:import namespace="http://www.w3.org/XML/1998/namespace"
             schemaLocation="http://www.w3.org/2001/xml.xsd"/>
  <xs:element name="tekst"><xs:complexType><xs:simpleContent><xs:extension base="xs:string">
    <xs:attribute ref="xml:lang" use="required"/>
  </xs:extension></xs:simpleContent></xs:complexType></xs:element>
</xs:schema>
)");
  for (auto engine : k_engines) {
    DYNAMIC_SECTION("engine " << schema::to_string(engine)) {
      diag::DiagnosticSink sink;
      auto s = schema::compile_schema(path, engine, sink);
      CHECK_FALSE(s); // xml:lang stays undeclared: exit 4 is right
      REQUIRE_FALSE(sink.items().empty());
      const auto& first = sink.items()[0];
      CHECK(first.code == "import-refused");
      CHECK(first.file == path);
      CHECK(first.line == 4);
      CHECK(first.column == 3);
      CHECK(first.message.find("import of 'http://www.w3.org/2001/xml.xsd' not read") != std::string::npos);
      CHECK(std::count_if(sink.items().begin(), sink.items().end(),
                          [](const auto& x) { return x.code == "import-refused"; }) == 1);
      for (const auto& x : sink.items()) {
        bool engine_word_on_refused = x.severity == diag::Severity::warning && x.code != "import-refused" &&
                                      x.message.find("http://www.w3.org/2001/xml.xsd") != std::string::npos;
        CHECK_FALSE(engine_word_on_refused);
      }
    }
  }
}

TEST_CASE("schema::Catalog::load: roots of the schema set, one declaration reached from two schemas") {
  xml::init_libxml();
  // The driver and the real schema in one folder: the real one claims its root (no conflict).
  Drivers d;
  test::TempDir folder;
  std::filesystem::copy_file(d.dir.path / "grunnlag.xsd", folder.path / "grunnlag.xsd");
  std::filesystem::copy_file(d.include, folder.path / "include.xsd");
  diag::DiagnosticSink sink;
  auto both = schema::Catalog::load(folder.path.string(), schema::Engine::libxml2, sink);
  INFO((sink.items().empty() ? std::string() : sink.items()[0].message));
  REQUIRE(both);
  auto r = both->route("urn:t", "soeknad", {});
  REQUIRE(r.schema != nullptr);
  CHECK(std::filesystem::path(r.schema->path).filename() == "grunnlag.xsd");

  // Only a driver in the folder (the real schema elsewhere): the driver claims the root.
  test::TempDir only;
  test::write(only.path / "driver.xsd", std::string(k_head) + R"(xmlns="urn:t" targetNamespace="urn:t">
  <xs:include schemaLocation=")" + (d.dir.path / "grunnlag.xsd").string() +
                                            R"("/>
</xs:schema>
)");
  auto driver = schema::Catalog::load(only.path.string(), schema::Engine::libxml2, sink);
  REQUIRE(driver);
  auto r2 = driver->route("urn:t", "soeknad", {});
  REQUIRE(r2.schema != nullptr);
  CHECK(std::filesystem::path(r2.schema->path).filename() == "driver.xsd");
}
