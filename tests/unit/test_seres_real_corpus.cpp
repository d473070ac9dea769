// Every verdict of ../shared/corpus/seres-real/EXPECTED.tsv, under both engines, with every
// finding placed (line, column, element path). Skips when ../shared is absent.
#include "test_helpers.hpp"

#include "altkit/schema/catalog.hpp"
#include "altkit/validate/document.hpp"
#include "altkit/validate/root_peek.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace altkit;

namespace {
const std::string k_real = std::string(ALTKIT_SHARED_DIR) + "/corpus/seres-real";

struct Row {
  std::string instance, schema, expected;
};

std::vector<Row> rows() {
  std::vector<Row> out;
  std::ifstream in(k_real + "/EXPECTED.tsv");
  std::string line;
  std::getline(in, line); // header
  while (std::getline(in, line)) {
    std::istringstream f(line);
    Row r;
    std::getline(f, r.instance, '\t');
    std::getline(f, r.schema, '\t');
    std::getline(f, r.expected, '\t');
    if (!r.instance.empty()) {
      out.push_back(r);
    }
  }
  return out;
}
} // namespace

TEST_CASE("seres-real: both engines reproduce EXPECTED.tsv", "[shared]") {
  if (!std::filesystem::exists(k_real + "/EXPECTED.tsv")) {
    WARN("skipped: " << k_real << " is absent");
    return;
  }
  xml::XercesPlatform platform;
  auto all = rows();
  REQUIRE(all.size() >= 26);
  for (auto engine : {schema::Engine::xerces, schema::Engine::libxml2}) {
    // Schemas outlive the validator that caches contexts for them (DocumentValidator's contract).
    std::map<std::string, std::shared_ptr<const schema::CompiledSchema>> schemas;
    validate::DocumentValidator v(engine, {});
    for (const auto& row : all) {
      diag::DiagnosticSink sink;
      auto& s = schemas[row.schema];
      if (!s) {
        s = schema::compile_schema(k_real + "/" + row.schema, engine, sink);
      }
      INFO(schema::to_string(engine) << " " << row.instance);
      REQUIRE(s);
      io::FileSource src(k_real + "/" + row.instance);
      auto r = v.validate(src, s.get());
      CHECK(validate::to_string(r.verdict) == row.expected);
      for (const auto& d : r.diagnostics) {
        INFO(diag::format_gnu("seres-validate", d));
        CHECK(d.line > 0);
        CHECK(d.column > 0);
        CHECK(d.path.rfind('/', 0) == 0);
      }
      if (row.expected == "invalid") {
        CHECK_FALSE(r.diagnostics.empty());
      }
    }
  }
}

TEST_CASE("seres-real: a catalog of all 14 folders routes every document", "[shared]") {
  if (!std::filesystem::exists(k_real + "/EXPECTED.tsv")) {
    WARN("skipped: " << k_real << " is absent");
    return;
  }
  xml::XercesPlatform platform;
  diag::DiagnosticSink sink;
  auto cat = schema::Catalog::load(k_real, schema::Engine::xerces, sink);
  REQUIRE(cat);
  CHECK(cat->schemas().size() >= 14);
  validate::DocumentValidator v(schema::Engine::xerces, {});
  for (const auto& row : rows()) {
    INFO(row.instance);
    auto peeked = validate::peek_root(std::make_unique<io::FileSource>(k_real + "/" + row.instance));
    REQUIRE(peeked.root.found);
    auto route = cat->route(peeked.root.ns, peeked.root.local, peeked.root.attributes);
    INFO(route.problem);
    REQUIRE(route.schema != nullptr);
    CHECK(std::filesystem::path(route.schema->path).lexically_relative(k_real).string() == row.schema);
    CHECK(validate::to_string(v.validate(*peeked.source, route.schema).verdict) == row.expected);
  }
}

TEST_CASE("reference: Altinn's UTF-16 schemas load in both engines", "[shared]") {
  const std::string ref = std::string(ALTKIT_SHARED_DIR) + "/reference/altinn";
  if (!std::filesystem::exists(ref)) {
    WARN("skipped: " << ref << " is absent");
    return;
  }
  xml::XercesPlatform platform;
  for (const char* name : {"schemas.altinn.no.services.intermediary.correspondence.2022.11.xsd",
                           "schemas.altinn.no.services.intermediary.serviceinitiation.2009.10.xsd",
                           "BrokerServiceManifest.Manifest.xsd"}) {
    INFO(name);
    auto s = test::compile(ref + "/" + name);
    CHECK_FALSE(s->info.target_namespace.empty());
  }
}
