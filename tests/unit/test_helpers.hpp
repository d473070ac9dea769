#pragma once

#include "altkit/diag/diagnostic.hpp"
#include "altkit/schema/compiled.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/xerces_module.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>

namespace test {

inline const std::string k_corpus = ALTKIT_CORPUS_DIR;
inline const std::string k_schema = k_corpus + "/seres-validate/schemas/Testdomene_Ansattmelding_M_9001_10001.xsd";

/// Compiles a schema for both engines or fails the test with the load findings.
inline std::shared_ptr<const altkit::schema::CompiledSchema> compile(const std::string& path) {
  altkit::diag::DiagnosticSink sink;
  auto s = altkit::schema::compile_schema(path, altkit::schema::Engine::both, sink);
  std::string why;
  for (const auto& d : sink.items()) {
    why += altkit::diag::format_gnu("test", d) + "\n";
  }
  INFO(why);
  REQUIRE(s);
  return s;
}

inline bool has_code(const std::vector<altkit::diag::Diagnostic>& ds, const std::string& code) {
  return std::any_of(ds.begin(), ds.end(), [&](const auto& d) { return d.code == code; });
}

} // namespace test
