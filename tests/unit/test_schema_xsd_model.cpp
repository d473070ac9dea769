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
