#include "test_helpers.hpp"

#include "altkit/schema/xsd_model.hpp"

#include <catch2/catch.hpp>

using namespace altkit;
using namespace altkit::schema;

namespace {

const Particle& particle(const Element& parent, const std::string& name) {
  REQUIRE(parent.complex != nullptr);
  REQUIRE(parent.complex->content != nullptr);
  for (const auto& p : parent.complex->content->particles) {
    if (p.element != nullptr && p.element->name == name) {
      return p;
    }
  }
  FAIL("no particle " << name << " in " << parent.name);
  return parent.complex->content->particles.front();
}

} // namespace

TEST_CASE("schema::read_schema_model") {
  diag::DiagnosticSink sink;
  auto model = read_schema_model(test::k_schema, sink);
  REQUIRE(model);
  CHECK(sink.items().empty());
  CHECK(model->target_namespace.empty());
  REQUIRE(model->globals.size() == 1);
  const Element* root = model->default_root();
  REQUIRE(root != nullptr);
  CHECK(root->name == "melding");
  CHECK(model->find("melding") == root);
  CHECK(model->find("Skjemainnhold") == nullptr); // a type name, not a global element

  // The root's fixed, required identifying attributes.
  REQUIRE(root->complex != nullptr);
  const auto& attrs = root->complex->attributes;
  REQUIRE(attrs.size() == 3);
  CHECK(attrs[1].name == "dataFormatId");
  CHECK(attrs[1].required);
  CHECK(attrs[1].fixed == std::optional<std::string>("9001"));

  const Element& content = *particle(*root, "Skjemainnhold").element;
  CHECK(content.complex->content->kind == Group::Kind::sequence);
  const Particle& employers = particle(content, "arbeidsgiver");
  CHECK(employers.min == 0);
  CHECK(employers.max == -1); // unbounded
  CHECK(employers.element->nillable);

  // Simple content: a pattern from the base type, an attribute from the extension.
  const Element& org = *particle(*particle(content, "virksomhet").element, "organisasjonsnummer").element;
  REQUIRE(org.complex != nullptr);
  CHECK(org.complex->simple_content);
  CHECK(org.complex->simple.builtin == "string");
  CHECK(org.complex->simple.facets.patterns == std::vector<std::string>{"[0-9]{9}"});
  REQUIRE(org.complex->attributes.size() == 1);
  CHECK(org.complex->attributes[0].name == "orid");
  CHECK(org.complex->attributes[0].fixed == std::optional<std::string>("18"));

  // Facets merged along the restriction: enumeration, lengths, digits and ranges.
  const Facets& kommune = particle(content, "kommune").element->simple.facets;
  CHECK(kommune.enumeration == std::vector<std::string>{"Tromsø", "Bodø", "Ålesund – sentrum"});
  const SimpleType& belop = particle(content, "lonnssum").element->simple;
  CHECK(belop.builtin == "decimal");
  CHECK(belop.facets.total_digits == 13);
  CHECK(belop.facets.fraction_digits == 2);
  CHECK(belop.facets.min_inclusive == std::optional<std::string>("0"));
  CHECK_FALSE(belop.facets.max_inclusive);
  const Facets& text = particle(content, "merknad").element->simple.facets;
  CHECK(text.min_length == 1);
  CHECK(text.max_length == 35);
  CHECK(text.length == -1);
  CHECK(particle(content, "antallAnsatte").element->simple.builtin == "nonNegativeInteger");
}

TEST_CASE("schema::read_schema_model: namespaced schema") {
  diag::DiagnosticSink sink;
  auto model = read_schema_model(test::k_corpus + "/seres-validate/schemas-iri/iri.xsd", sink);
  REQUIRE(model);
  CHECK_FALSE(model->target_namespace.empty());
  REQUIRE(model->default_root() != nullptr);
  CHECK(model->default_root()->ns == model->target_namespace);
}

TEST_CASE("schema::read_schema_model: what cannot be read") {
  diag::DiagnosticSink sink;
  CHECK_FALSE(read_schema_model(test::k_corpus + "/seres-validate/schemas-broken/not-well-formed.xsd", sink));
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.items()[0].code == "schema-unreadable");
  sink.clear();
  CHECK_FALSE(read_schema_model("/nonexistent/x.xsd", sink));
  CHECK(test::has_code(sink.items(), "schema-unreadable"));
  sink.clear();
  CHECK_FALSE(read_schema_model(test::k_corpus + "/seres-validate/docs/valid.xml", sink)); // not an xs:schema
  CHECK(test::has_code(sink.items(), "schema-unreadable"));
}

namespace {

/// Writes `text` as `name` in `dir` and reads it; the test fails when it cannot be read.
std::unique_ptr<SchemaModel> read_text(const test::TempDir& dir, const std::string& text,
                                       const std::string& name = "main.xsd") {
  test::write(dir.path / name, text);
  diag::DiagnosticSink sink;
  auto model = read_schema_model((dir.path / name).string(), sink);
  REQUIRE(model);
  CHECK(sink.items().empty());
  return model;
}

/// The 1-based line of the first occurrence of `needle` in `text`.
long line_of(const std::string& text, const std::string& needle) {
  auto at = text.find(needle);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

const Element& global(const SchemaModel& m, const std::string& ns, const std::string& name) {
  const Element* e = m.find_global(ns, name);
  INFO(name);
  REQUIRE(e != nullptr);
  return *e;
}

const Attribute* attribute(const ComplexType& t, const std::string& name) {
  for (const auto& a : t.attributes) {
    if (a.name == name) {
      return &a;
    }
  }
  return nullptr;
}

const std::string k_head = R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t"
           elementFormDefault="qualified">
)";

} // namespace

TEST_CASE("schema::read_schema_model: the SERES test schema is read exactly") {
  diag::DiagnosticSink sink;
  auto model = read_schema_model(test::k_schema, sink);
  REQUIRE(model);
  CHECK(model->unsupported.empty());
  CHECK(model->find_global("", "melding") == model->default_root());
  // Its xs:anyAttribute (##any, strict by default) on the root's type.
  const Wildcard* w = model->default_root()->complex->any_attribute;
  REQUIRE(w != nullptr);
  CHECK(w->any);
  CHECK(w->process == Wildcard::Process::strict);
}

TEST_CASE("schema::read_schema_model: simple types (lists, unions, facets per step)") {
  test::TempDir dir;
  auto m = read_text(dir, k_head + R"(
  <xs:simpleType name="Code"><xs:restriction base="xs:token">
    <xs:enumeration value="a"/><xs:enumeration value="b"/><xs:enumeration value="c"/>
    <xs:pattern value="[a-z]"/><xs:whiteSpace value="collapse"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="Code2"><xs:restriction base="t:Code">
    <xs:enumeration value="a"/><xs:pattern value="a"/><xs:pattern value="b"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="Codes"><xs:list itemType="t:Code"/></xs:simpleType>
  <xs:simpleType name="FewCodes"><xs:restriction base="t:Codes"><xs:maxLength value="3"/>
    <xs:enumeration value="a b"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="Either"><xs:union memberTypes="xs:date t:Code">
    <xs:simpleType><xs:restriction base="xs:integer"><xs:maxInclusive value="9"/></xs:restriction></xs:simpleType>
  </xs:union></xs:simpleType>
  <xs:simpleType name="EitherA"><xs:restriction base="t:Either"><xs:pattern value="a.*"/></xs:restriction></xs:simpleType>
  <xs:element name="code2" type="t:Code2"/>
  <xs:element name="few" type="t:FewCodes"/>
  <xs:element name="either" type="t:EitherA"/>
  <xs:element name="inline"><xs:simpleType><xs:list><xs:simpleType><xs:restriction base="xs:int">
    <xs:minInclusive value="1"/></xs:restriction></xs:simpleType></xs:list></xs:simpleType></xs:element>
</xs:schema>
)");
  CHECK(m->unsupported.empty());
  const SimpleType& code2 = global(*m, "urn:t", "code2").simple;
  CHECK(code2.name == "Code2");
  CHECK(code2.builtin == "token");
  CHECK(code2.facets.enumeration == std::vector<std::string>{"a"}); // the derived step's replaces the base's
  CHECK(code2.facets.patterns == std::vector<std::string>{"[a-z]", "(a)|(b)"});
  CHECK(code2.facets.white_space == std::optional<std::string>("collapse"));

  const SimpleType& few = global(*m, "urn:t", "few").simple;
  CHECK(few.list);
  CHECK(few.builtin == "token");
  CHECK(few.facets.enumeration.size() == 3); // the item's
  CHECK(few.list_facets.max_length == 3);    // the list's own
  CHECK(few.list_facets.enumeration == std::vector<std::string>{"a b"});
  CHECK(few.facets.max_length == -1);

  const SimpleType& either = global(*m, "urn:t", "either").simple;
  CHECK(either.builtin == "union");
  CHECK(either.facets.patterns == std::vector<std::string>{"a.*"});
  REQUIRE(either.members.size() == 3);
  CHECK(either.members[0].builtin == "date");
  CHECK(either.members[1].name == "Code");
  CHECK(either.members[2].builtin == "integer");
  CHECK(either.members[2].facets.max_inclusive == std::optional<std::string>("9"));

  const SimpleType& inl = global(*m, "urn:t", "inline").simple;
  CHECK(inl.list);
  CHECK(inl.builtin == "int");
  CHECK(inl.facets.min_inclusive == std::optional<std::string>("1"));
  CHECK(inl.name.empty());
}

TEST_CASE("schema::read_schema_model: complex types, groups and wildcards") {
  test::TempDir dir;
  auto m = read_text(dir, k_head + R"(
  <xs:attributeGroup name="Common"><xs:attribute name="id" type="xs:ID"/>
    <xs:anyAttribute namespace="urn:a urn:b" processContents="skip"/></xs:attributeGroup>
  <xs:group name="Pair"><xs:sequence><xs:element name="x" type="xs:string"/>
    <xs:any namespace="##other" processContents="lax" minOccurs="0"/></xs:sequence></xs:group>
  <xs:complexType name="Base">
    <xs:sequence maxOccurs="unbounded"><xs:element ref="t:note"/></xs:sequence>
    <xs:attribute name="a" type="xs:int" default="4"/><xs:attribute name="b" type="xs:string" use="required"/>
    <xs:anyAttribute namespace="urn:a" processContents="lax"/>
  </xs:complexType>
  <xs:complexType name="Ext"><xs:complexContent mixed="true"><xs:extension base="t:Base">
    <xs:group ref="t:Pair" minOccurs="0" maxOccurs="2"/>
    <xs:attributeGroup ref="t:Common"/><xs:anyAttribute namespace="urn:b urn:c"/>
  </xs:extension></xs:complexContent></xs:complexType>
  <xs:complexType name="Restr"><xs:complexContent><xs:restriction base="t:Base">
    <xs:sequence><xs:element ref="t:note"/></xs:sequence>
    <xs:attribute name="a" type="xs:int" fixed="5"/><xs:attribute name="b" use="prohibited"/>
  </xs:restriction></xs:complexContent></xs:complexType>
  <xs:complexType name="Amount"><xs:simpleContent><xs:extension base="xs:decimal">
    <xs:attribute name="currency" type="xs:string" default="NOK"/></xs:extension></xs:simpleContent></xs:complexType>
  <xs:complexType name="SmallAmount"><xs:simpleContent><xs:restriction base="t:Amount">
    <xs:maxInclusive value="100"/></xs:restriction></xs:simpleContent></xs:complexType>
  <xs:element name="note" type="xs:string" nillable="true" default="n"/>
  <xs:element name="ext" type="t:Ext"/>
  <xs:element name="restr" type="t:Restr"/>
  <xs:element name="small" type="t:SmallAmount" fixed="1.0"/>
  <xs:element name="anything"/>
  <xs:element name="abstract" type="t:Base" abstract="true"/>
  <xs:attribute name="lang" type="xs:language"/>
</xs:schema>
)");
  CHECK(m->unsupported.empty());
  const Element& note = global(*m, "urn:t", "note");
  CHECK(note.nillable);
  CHECK(note.default_value == std::optional<std::string>("n"));
  CHECK(global(*m, "urn:t", "abstract").abstract);

  // Extension: base content then the extension's, in a sequence; mixed from complexContent.
  const ComplexType& ext = *global(*m, "urn:t", "ext").complex;
  CHECK(ext.name == "Ext");
  CHECK(ext.mixed);
  REQUIRE(ext.content != nullptr);
  REQUIRE(ext.content->particles.size() == 2);
  const Group& base = *ext.content->particles[0].group;
  REQUIRE(base.particles.size() == 1); // the base's sequence maxOccurs="unbounded", wrapped
  CHECK(base.particles[0].max == -1);
  CHECK(base.particles[0].group->particles[0].element == &note); // a ref shares the global's Element
  const Group& own = *ext.content->particles[1].group;
  REQUIRE(own.particles.size() == 1); // xs:group ref with its bounds
  CHECK(own.particles[0].min == 0);
  CHECK(own.particles[0].max == 2);
  const Group& pair = *own.particles[0].group;
  REQUIRE(pair.particles.size() == 2);
  REQUIRE(pair.particles[1].wildcard != nullptr);
  CHECK(pair.particles[1].wildcard->other);
  CHECK(pair.particles[1].wildcard->target_namespace == "urn:t");
  CHECK(pair.particles[1].wildcard->process == Wildcard::Process::lax);
  CHECK(pair.particles[1].min == 0);
  REQUIRE(attribute(ext, "id") != nullptr);
  CHECK(attribute(ext, "a")->default_value == std::optional<std::string>("4"));
  // §3.4.2: base {urn:a} ∪ (local {urn:b urn:c} ∩ group's {urn:a urn:b}) = {urn:a urn:b}, the
  // derived complete wildcard's processContents (strict).
  REQUIRE(ext.any_attribute != nullptr);
  CHECK_FALSE(ext.any_attribute->any);
  CHECK(ext.any_attribute->namespaces == std::vector<std::string>{"urn:b", "urn:a"});
  CHECK(ext.any_attribute->process == Wildcard::Process::strict);

  // Restriction: its own particles; attributes inherited, redeclared or prohibited; no wildcard.
  const ComplexType& restr = *global(*m, "urn:t", "restr").complex;
  REQUIRE(restr.content != nullptr);
  REQUIRE(restr.content->particles.size() == 1);
  CHECK(restr.content->particles[0].group->particles.size() == 1);
  CHECK(restr.content->particles[0].max == 1);
  REQUIRE(restr.attributes.size() == 1);
  CHECK(restr.attributes[0].name == "a");
  CHECK(restr.attributes[0].fixed == std::optional<std::string>("5"));
  CHECK(restr.any_attribute == nullptr);

  // Simple content restriction of a complex type with simple content.
  const Element& small = global(*m, "urn:t", "small");
  CHECK(small.fixed == std::optional<std::string>("1.0"));
  CHECK(small.complex->simple_content);
  CHECK(small.complex->simple.builtin == "decimal");
  CHECK(small.complex->simple.facets.max_inclusive == std::optional<std::string>("100"));
  REQUIRE(attribute(*small.complex, "currency") != nullptr);
  CHECK(attribute(*small.complex, "currency")->default_value == std::optional<std::string>("NOK"));

  // No type: xs:anyType, mixed with lax ##any wildcards.
  const ComplexType& any = *global(*m, "urn:t", "anything").complex;
  CHECK(any.mixed);
  REQUIRE(any.content != nullptr);
  REQUIRE(any.content->particles.size() == 1);
  const Particle& p = any.content->particles[0];
  REQUIRE(p.wildcard != nullptr);
  CHECK(p.wildcard->any);
  CHECK(p.wildcard->process == Wildcard::Process::lax);
  CHECK(p.min == 0);
  CHECK(p.max == -1);
  REQUIRE(any.any_attribute != nullptr);
  CHECK(any.any_attribute->process == Wildcard::Process::lax);

  const Attribute* lang = m->find_global_attribute("urn:t", "lang");
  REQUIRE(lang != nullptr);
  CHECK(lang->type.builtin == "language");
  CHECK(m->find_global_attribute("", "lang") == nullptr);
  CHECK(m->find_global("", "note") == nullptr);
}

TEST_CASE("schema::read_schema_model: include (chameleon), import, xml: attributes") {
  test::TempDir dir;
  test::write(dir.path / "chameleon.xsd", R"(<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="Short"><xs:restriction base="xs:string"><xs:maxLength value="2"/></xs:restriction></xs:simpleType>
  <xs:element name="short" type="Short"/>
</xs:schema>
)");
  test::write(dir.path / "other.xsd", R"(<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:o">
  <xs:element name="o" type="xs:int"/><xs:attribute name="oa" type="xs:boolean"/>
</xs:schema>
)");
  auto m = read_text(dir, k_head + R"(
  <xs:include schemaLocation="chameleon.xsd"/>
  <xs:import namespace="urn:o" schemaLocation="other.xsd"/>
  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="http://www.w3.org/2001/xml.xsd"/>
  <xs:element name="root"><xs:complexType><xs:sequence>
    <xs:element ref="t:short"/><xs:element xmlns:o="urn:o" ref="o:o"/>
  </xs:sequence><xs:attribute ref="xml:lang"/></xs:complexType></xs:element>
</xs:schema>
)");
  CHECK(m->unsupported.empty());
  REQUIRE(m->globals.size() == 1); // the main document's own
  const Element& s = global(*m, "urn:t", "short");
  CHECK(s.simple.facets.max_length == 2);
  CHECK(global(*m, "urn:o", "o").simple.builtin == "int");
  REQUIRE(m->find_global_attribute("urn:o", "oa") != nullptr);
  const Attribute* lang = m->find_global_attribute("http://www.w3.org/XML/1998/namespace", "lang");
  REQUIRE(lang != nullptr);
  CHECK(lang->type.builtin == "union");
  const Attribute* used = attribute(*global(*m, "urn:t", "root").complex, "lang");
  REQUIRE(used != nullptr);
  CHECK(used->ns == "http://www.w3.org/XML/1998/namespace");
}

TEST_CASE("schema::read_schema_model: unsupported constructs are recorded with their line") {
  test::TempDir dir;
  test::write(dir.path / "base.xsd", R"(<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"/>
)");
  const std::string text = k_head + R"(
  <xs:redefine schemaLocation="base.xsd"/>
  <xs:import namespace="urn:far" schemaLocation="https://example.org/far.xsd"/>
  <xs:notation name="png" public="image/png"/>
  <xs:element name="head" type="xs:string"/>
  <xs:element name="member" substitutionGroup="t:head"/>
  <xs:element name="root">
    <xs:complexType><xs:sequence>
      <xs:element name="a" type="t:Missing"/>
      <xs:element ref="t:missingElement"/>
      <xs:group ref="t:MissingGroup"/>
      <xs:element name="n" type="xs:NOTATION"/>
      <xs:element name="d"><xs:complexType><xs:complexContent><xs:extension base="t:NoBase"/></xs:complexContent></xs:complexType></xs:element>
    </xs:sequence>
    <xs:attribute ref="t:missingAttribute"/>
    <xs:attributeGroup ref="t:MissingAttributes"/>
    </xs:complexType>
    <xs:unique name="u"><xs:selector xpath="t:a"/><xs:field xpath="."/></xs:unique>
    <xs:key name="k"><xs:selector xpath="t:a"/><xs:field xpath="."/></xs:key>
    <xs:keyref name="r" refer="t:k"><xs:selector xpath="t:a"/><xs:field xpath="."/></xs:keyref>
  </xs:element>
  <xs:element name="future"><xs:complexType><xs:assert test="1 = 1"/></xs:complexType></xs:element>
</xs:schema>
)";
  auto m = read_text(dir, text);
  std::string file = (dir.path / "main.xsd").string();
  auto recorded = [&](const std::string& construct, const std::string& needle) {
    INFO(construct);
    bool found = std::any_of(m->unsupported.begin(), m->unsupported.end(), [&](const Unsupported& u) {
      return u.construct == construct && u.file == file && u.line == line_of(text, needle);
    });
    CHECK(found);
  };
  recorded("xs:redefine", "<xs:redefine");
  recorded("remote schemaLocation 'https://example.org/far.xsd' (never fetched)", "urn:far");
  recorded("xs:notation", "<xs:notation");
  recorded("substitutionGroup head", "name=\"head\"");
  recorded("substitutionGroup", "name=\"member\"");
  recorded("unresolved type reference 't:Missing'", "t:Missing\"");
  recorded("unresolved element reference 't:missingElement'", "t:missingElement");
  recorded("unresolved group reference 't:MissingGroup'", "t:MissingGroup");
  recorded("xs:NOTATION", "xs:NOTATION");
  recorded("unresolved type reference 't:NoBase'", "t:NoBase");
  recorded("unresolved attribute reference 't:missingAttribute'", "t:missingAttribute");
  recorded("unresolved attributeGroup reference 't:MissingAttributes'", "t:MissingAttributes");
  recorded("xs:unique", "<xs:unique");
  recorded("xs:key", "<xs:key ");
  recorded("xs:keyref", "<xs:keyref");
  recorded("xs:assert", "<xs:assert");
  CHECK(m->unsupported.size() == 16);
  // In document order.
  CHECK(std::is_sorted(m->unsupported.begin(), m->unsupported.end(),
                       [](const Unsupported& a, const Unsupported& b) { return a.line < b.line; }));
}

TEST_CASE("schema::read_schema_model: the real SERES, OR and Altinn schemas are read exactly", "[shared]") {
  const std::string shared = ALTKIT_SHARED_DIR;
  if (!std::filesystem::exists(shared + "/corpus/seres-real")) {
    WARN("skipped: " << shared << "/corpus/seres-real is absent");
    return;
  }
  int read = 0;
  for (const std::string& dir : {shared + "/corpus/seres-real", shared + "/reference/altinn"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (entry.path().extension() != ".xsd") {
        continue;
      }
      diag::DiagnosticSink sink;
      auto m = read_schema_model(entry.path().string(), sink);
      INFO(entry.path().string());
      REQUIRE(m);
      CHECK(m->unsupported.empty()); // survey of 2026-11-29 (docs/compiled-engine.md): none
      CHECK(m->default_root() != nullptr);
      ++read;
    }
  }
  CHECK(read >= 20);
}

TEST_CASE("schema::read_schema_model: mixed through extensions without particles (§3.4.2)") {
  test::TempDir dir;
  auto m = read_text(dir, k_head + R"(
  <xs:complexType name="Plain"><xs:sequence><xs:element name="x" type="xs:string"/></xs:sequence></xs:complexType>
  <xs:complexType name="Mixed" mixed="true"><xs:sequence><xs:element name="x" type="xs:string"/></xs:sequence></xs:complexType>
  <xs:element name="a"><xs:complexType><xs:complexContent><xs:extension base="t:Mixed">
    <xs:attribute name="n" type="xs:int"/></xs:extension></xs:complexContent></xs:complexType></xs:element>
  <xs:element name="b"><xs:complexType mixed="true"><xs:complexContent><xs:extension base="t:Mixed"/>
    </xs:complexContent></xs:complexType></xs:element>
  <xs:element name="c"><xs:complexType><xs:complexContent><xs:extension base="t:Plain"/>
    </xs:complexContent></xs:complexType></xs:element>
</xs:schema>
)");
  CHECK(m->unsupported.empty());
  CHECK(global(*m, "urn:t", "a").complex->mixed); // the base's content type
  CHECK(global(*m, "urn:t", "b").complex->mixed); // effective mixed
  CHECK_FALSE(global(*m, "urn:t", "c").complex->mixed);
  for (const char* name : {"a", "b", "c"}) {
    const Group* content = global(*m, "urn:t", name).complex->content;
    REQUIRE(content != nullptr);
    REQUIRE(content->particles.size() == 1); // the base's sequence, then nothing of its own
    CHECK(content->particles[0].group->particles[0].element->name == "x");
  }
}
