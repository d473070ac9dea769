#include "test_helpers.hpp"

#include "altkit/schema/catalog.hpp"
#include "altkit/schema/schema_info.hpp"

#include <catch2/catch.hpp>

using namespace altkit;

TEST_CASE("schema::read_schema_info") {
  diag::DiagnosticSink sink;
  auto info = schema::read_schema_info(test::k_schema, sink);
  REQUIRE(info);
  CHECK(info->target_namespace.empty());
  REQUIRE(info->elements.size() == 1);
  const auto& e = info->elements[0];
  CHECK(e.name == "melding");
  CHECK(e.type_name == "Ansattmelding_M");
  CHECK(e.fixed == std::map<std::string, std::string>{{"dataFormatId", "9001"}, {"dataFormatVersion", "10001"}});
  CHECK(info->element_of_type("Ansattmelding_M") == &e);

  auto missing = schema::read_schema_info("/nonexistent.xsd", sink);
  CHECK_FALSE(missing);
  CHECK(sink.items().back().code == "schema-unreadable");
  auto broken = schema::read_schema_info(test::k_corpus + "/seres-validate/schemas-broken/not-well-formed.xsd", sink);
  CHECK_FALSE(broken);
  CHECK(sink.items().back().line > 0);
}

TEST_CASE("schema::compile_schema") {
  xml::XercesPlatform platform;
  diag::DiagnosticSink sink;
  // Xerces finds the contradicting facets (with full schema checking on); the load fails.
  auto s = schema::compile_schema(test::k_corpus + "/seres-validate/schemas-broken/inconsistent.xsd",
                                  schema::Engine::xerces, sink);
  CHECK_FALSE(s);
  REQUIRE_FALSE(sink.items().empty());
  CHECK(sink.items()[0].message.find("maxLength") != std::string::npos);
  CHECK(sink.items()[0].line == 7);
  sink.clear();
  for (auto engine : {schema::Engine::xerces, schema::Engine::libxml2}) {
    auto u = schema::compile_schema(test::k_corpus + "/seres-validate/schemas-broken/undefined-type.xsd", engine, sink);
    CHECK_FALSE(u);
    CHECK(sink.has_errors());
    sink.clear();
  }
}

TEST_CASE("schema::Catalog::route") {
  xml::XercesPlatform platform;
  diag::DiagnosticSink sink;
  auto cat = schema::Catalog::load(test::k_corpus + "/seres-validate/schemas", schema::Engine::xerces, sink);
  REQUIRE(cat);
  REQUIRE(cat->schemas().size() == 2);
  auto r = cat->route("", "melding", {{"dataFormatId", "9001"}, {"dataFormatVersion", "10002"}});
  REQUIRE(r.schema != nullptr);
  CHECK(r.schema->path.find("10002.xsd") != std::string::npos);
  // A root named after the type goes to the schema of that type, which then names the root.
  r = cat->route("", "Ansattmelding_M", {{"dataFormatId", "9001"}, {"dataFormatVersion", "10001"}});
  REQUIRE(r.schema != nullptr);
  CHECK(r.schema->path.find("10001.xsd") != std::string::npos);
  r = cat->route("", "melding", {{"dataFormatId", "9001"}, {"dataFormatVersion", "7"}});
  CHECK(r.schema == nullptr);
  CHECK(r.problem.find("no schema in the catalog matches melding dataFormatId=9001 dataFormatVersion=7") == 0);
  CHECK(r.problem.find("nearest: Testdomene_Ansattmelding_M_9001_10001.xsd") != std::string::npos);
  r = cat->route("urn:other", "melding", {});
  CHECK(r.schema == nullptr);

  auto conflict =
      schema::Catalog::load(test::k_corpus + "/seres-validate/catalog-conflict", schema::Engine::xerces, sink);
  CHECK_FALSE(conflict);
  CHECK(sink.items().back().code == "catalog-conflict");
}
