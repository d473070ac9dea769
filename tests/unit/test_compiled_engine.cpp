// The compiled validation engine (issue 20) against Xerces on small schemas: every document's
// verdict is asserted as written here, and Xerces' verdict on it must be the same; the compiled
// engine must decide each document itself (not hand it to libxml2).
#include "test_helpers.hpp"

#include "altkit/schema/compiled_grammar.hpp"
#include "altkit/validate/document.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

using namespace altkit;
using validate::Verdict;

namespace {

const char* k_head = R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified"
           targetNamespace="urn:t" xmlns="urn:t">
)";

std::shared_ptr<const schema::CompiledSchema> compile_as(const std::string& path, schema::Engine engine) {
  diag::DiagnosticSink sink;
  auto s = schema::compile_schema(path, engine, sink);
  std::string why;
  for (const auto& d : sink.items()) {
    why += diag::format_gnu("test", d) + "\n";
  }
  INFO(why);
  REQUIRE(s);
  return s;
}

struct Case {
  std::string body; ///< the root element's content and attributes: <r xmlns="urn:t" BODY
  bool valid;
};

/// Compiles `schema_body` for Xerces and for the compiled engine, and checks every case.
void check(const std::string& schema_body, const std::vector<Case>& cases) {
  test::TempDir dir;
  auto path = (dir.path / "t.xsd").string();
  test::write(path, k_head + schema_body + "\n</xs:schema>\n");
  auto xerces_schema = compile_as(path, schema::Engine::xerces);
  auto compiled_schema = compile_as(path, schema::Engine::compiled);
  std::string warnings;
  for (const auto& w : compiled_schema->warnings) {
    warnings += w.message + "\n";
  }
  INFO(warnings);
  REQUIRE(compiled_schema->grammar);
  validate::DocumentValidator xerces(schema::Engine::xerces, {});
  validate::DocumentValidator compiled(schema::Engine::compiled, {});
  for (const auto& c : cases) {
    std::string xml = "<r xmlns=\"urn:t\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"" + c.body;
    INFO(xml);
    io::MemorySource a(xml, "input");
    io::MemorySource b(xml, "input");
    auto x = xerces.validate(a, xerces_schema.get());
    auto r = compiled.validate(b, compiled_schema.get());
    std::string findings;
    for (const auto& d : r.diagnostics) {
      findings += d.code + ": " + d.message + "\n";
    }
    INFO(findings);
    CHECK((x.verdict == Verdict::valid) == c.valid);
    REQUIRE(compiled.compiled_verdict().has_value());
    CHECK((*compiled.compiled_verdict() == Verdict::valid) == c.valid);
    CHECK((r.verdict == Verdict::valid) == c.valid);
    CHECK_FALSE(test::has_code(r.diagnostics, "engines-disagree"));
  }
}

} // namespace

TEST_CASE("compiled engine: sequence, choice and bounds", "[compiled]") {
  xml::XercesPlatform platform;
  check(R"(<xs:element name="r"><xs:complexType><xs:sequence>
             <xs:element name="a" minOccurs="0" maxOccurs="3" type="xs:string"/>
             <xs:element name="b" type="xs:string"/>
             <xs:choice minOccurs="1" maxOccurs="2">
               <xs:element name="x" type="xs:string"/>
               <xs:element name="y" type="xs:string"/>
             </xs:choice>
           </xs:sequence></xs:complexType></xs:element>)",
        {
            {"><b/><x/></r>", true},
            {"><a/><b/><y/></r>", true},
            {"><a/><a/><a/><b/><x/><y/></r>", true},
            {"><a/><a/><a/><a/><b/><x/></r>", false},
            {"><b/></r>", false},
            {"><b/><x/><y/><x/></r>", false},
            {"><x/><b/></r>", false},
            {"/>", false},
            {"><b/><x/><c/></r>", false},
        });
}

TEST_CASE("compiled engine: large maxOccurs uses a counter", "[compiled]") {
  xml::XercesPlatform platform;
  std::string many;
  for (int i = 0; i < 500; ++i) {
    many += "<i/>";
  }
  check(R"(<xs:element name="r"><xs:complexType><xs:sequence>
             <xs:element name="i" minOccurs="2" maxOccurs="99999" type="xs:string"/>
             <xs:element name="j" minOccurs="0" maxOccurs="3" type="xs:string"/>
           </xs:sequence></xs:complexType></xs:element>)",
        {
            {"><i/></r>", false},
            {"><i/><i/></r>", true},
            {">" + many + "<j/><j/><j/></r>", true},
            {">" + many + "<j/><j/><j/><j/></r>", false},
            {"><i/><j/><i/></r>", false},
        });
}

TEST_CASE("compiled engine: group bounds, nested groups", "[compiled]") {
  xml::XercesPlatform platform;
  check(R"(<xs:element name="r"><xs:complexType><xs:sequence>
             <xs:sequence minOccurs="2" maxOccurs="3">
               <xs:element name="a" type="xs:string"/>
               <xs:choice><xs:element name="b" type="xs:string"/>
                 <xs:sequence><xs:element name="c" type="xs:string"/><xs:element name="d" type="xs:string"/></xs:sequence>
               </xs:choice>
             </xs:sequence>
             <xs:element name="e" minOccurs="0" type="xs:string"/>
           </xs:sequence></xs:complexType></xs:element>)",
        {
            {"><a/><b/><a/><c/><d/></r>", true},
            {"><a/><b/><a/><b/><a/><b/><e/></r>", true},
            {"><a/><b/></r>", false},
            {"><a/><b/><a/><b/><a/><b/><a/><b/></r>", false},
            {"><a/><c/><a/><b/><e/></r>", false},
        });
}

TEST_CASE("compiled engine: xs:all", "[compiled]") {
  xml::XercesPlatform platform;
  check(R"(<xs:element name="r"><xs:complexType><xs:all>
             <xs:element name="p" type="xs:string"/>
             <xs:element name="q" minOccurs="0" type="xs:string"/>
           </xs:all></xs:complexType></xs:element>)",
        {
            {"><q/><p/></r>", true},
            {"><p/></r>", true},
            {"><q/></r>", false},
            {"><p/><p/></r>", false},
        });
}

TEST_CASE("compiled engine: extension, restriction, attributes", "[compiled]") {
  xml::XercesPlatform platform;
  check(R"(<xs:complexType name="Base"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence>
             <xs:attribute name="id" type="xs:string" use="required"/></xs:complexType>
           <xs:complexType name="Derived"><xs:complexContent><xs:extension base="Base">
             <xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence>
             <xs:attribute name="k" type="xs:string" fixed="K"/>
           </xs:extension></xs:complexContent></xs:complexType>
           <xs:complexType name="Narrow"><xs:complexContent><xs:restriction base="Base">
             <xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence>
             <xs:attribute name="id" type="xs:string" use="required"/>
           </xs:restriction></xs:complexContent></xs:complexType>
           <xs:element name="r"><xs:complexType><xs:sequence>
             <xs:element name="d" type="Derived"/><xs:element name="n" type="Narrow" minOccurs="0"/>
           </xs:sequence></xs:complexType></xs:element>)",
        {
            {R"(><d id="1"><a/><b/></d></r>)", true},
            {R"(><d id="1" k="K"><a/><b/></d><n id="2"><a/></n></r>)", true},
            {R"(><d id="1" k="L"><a/><b/></d></r>)", false},
            {R"(><d><a/><b/></d></r>)", false},
            {R"(><d id="1" z="1"><a/><b/></d></r>)", false},
            {R"(><d id="1"><b/></d></r>)", false},
            {R"(><d id="1"><a/></d></r>)", false},
        });
}

TEST_CASE("compiled engine: simple content, text, mixed", "[compiled]") {
  xml::XercesPlatform platform;
  check(R"(<xs:element name="r"><xs:complexType><xs:sequence>
             <xs:element name="len"><xs:complexType><xs:simpleContent><xs:extension base="xs:integer">
               <xs:attribute name="unit" type="xs:string" use="required"/></xs:extension></xs:simpleContent>
             </xs:complexType></xs:element>
             <xs:element name="m" minOccurs="0"><xs:complexType mixed="true"><xs:sequence>
               <xs:element name="em" type="xs:string" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
             </xs:complexType></xs:element>
           </xs:sequence></xs:complexType></xs:element>)",
        {
            {R"(><len unit="m">12</len></r>)", true},
            {R"(>
  <len unit="m"> 12 </len>
  <m>some <em>text</em> here</m>
</r>)",
             true},
            {R"(><len>12</len></r>)", false},
            {R"(><len unit="m">x</len></r>)", false},
            {R"(><len unit="m"><m/></len></r>)", false},
            {R"(>text<len unit="m">1</len></r>)", false},
        });
}

TEST_CASE("compiled engine: nil, fixed and default", "[compiled]") {
  xml::XercesPlatform platform;
  check(R"(<xs:element name="r"><xs:complexType><xs:sequence>
             <xs:element name="n" type="xs:integer" nillable="true" minOccurs="0"/>
             <xs:element name="p" type="xs:integer" minOccurs="0"/>
             <xs:element name="f" type="xs:string" fixed="A" minOccurs="0"/>
             <xs:element name="g" type="xs:integer" default="7" minOccurs="0"/>
           </xs:sequence></xs:complexType></xs:element>)",
        {
            {R"(><n xsi:nil="true"/></r>)", true},
            {R"(><n xsi:nil="true">5</n></r>)", false},
            {R"(><n>5</n><p xsi:nil="true"/></r>)", false},
            {R"(><f>A</f><g/></r>)", true},
            {R"(><f/><g>8</g></r>)", true},
            {R"(><f>B</f></r>)", false},
            {R"(><n/></r>)", false},
        });
}

TEST_CASE("compiled engine: ID and IDREF", "[compiled]") {
  xml::XercesPlatform platform;
  check(R"(<xs:element name="r"><xs:complexType><xs:sequence>
             <xs:element name="o" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
               <xs:attribute name="id" type="xs:ID"/><xs:attribute name="ref" type="xs:IDREF"/>
             </xs:complexType></xs:element>
           </xs:sequence></xs:complexType></xs:element>)",
        {
            {R"(><o id="a"/><o id="b" ref="a"/></r>)", true},
            {R"(><o ref="b"/><o id="b"/></r>)", true},
            {R"(><o id="a"/><o id="a"/></r>)", false},
            {R"(><o id="a" ref="c"/></r>)", false},
        });
}

TEST_CASE("compiled engine: a schema it does not cover is left to libxml2", "[compiled]") {
  xml::XercesPlatform platform;
  test::TempDir dir;
  auto path = (dir.path / "t.xsd").string();
  // Not deterministic (Unique Particle Attribution): an a may be either particle.
  test::write(path, std::string(k_head) + R"(<xs:element name="r"><xs:complexType><xs:choice>
      <xs:sequence><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string"/></xs:sequence>
      <xs:sequence><xs:element name="a" type="xs:string"/><xs:element name="c" type="xs:string"/></xs:sequence>
    </xs:choice></xs:complexType></xs:element></xs:schema>)");
  diag::DiagnosticSink sink;
  auto s = schema::compile_schema(path, schema::Engine::compiled, sink);
  if (!s) {
    SUCCEED("libxml2 refuses the schema itself (UPA), as it should");
    return;
  }
  CHECK_FALSE(s->grammar);
  CHECK(test::has_code(s->warnings, "schema-not-compiled"));
}

TEST_CASE("compiled engine: a disagreement is reported and the document stays invalid", "[compiled]") {
  // The compiled engine stops on xsi:type only by handing over; a disagreement needs a real one,
  // which this test cannot make without a bug: it checks the plumbing instead, that a document
  // the compiled engine finds invalid gets libxml2's findings (codes users know).
  xml::XercesPlatform platform;
  test::TempDir dir;
  auto path = (dir.path / "t.xsd").string();
  test::write(path, std::string(k_head) + R"(<xs:element name="r"><xs:complexType><xs:sequence>
      <xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType></xs:element></xs:schema>)");
  auto s = compile_as(path, schema::Engine::compiled);
  REQUIRE(s->grammar);
  validate::DocumentValidator v(schema::Engine::compiled, {});
  io::MemorySource src(R"(<r xmlns="urn:t"><b/></r>)", "input");
  auto r = v.validate(src, s.get());
  CHECK(r.verdict == Verdict::invalid);
  REQUIRE(v.compiled_verdict().has_value());
  CHECK(*v.compiled_verdict() == Verdict::invalid);
  REQUIRE_FALSE(r.diagnostics.empty());
  CHECK(r.diagnostics[0].engine == "libxml2");
  CHECK_FALSE(test::has_code(r.diagnostics, "engines-disagree"));
}
