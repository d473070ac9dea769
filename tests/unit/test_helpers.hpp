#pragma once

#include "altkit/diag/diagnostic.hpp"
#include "altkit/schema/compiled.hpp"
#include "altkit/xml/libxml.hpp"
#include "altkit/xml/xerces_module.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
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

/// A fresh folder under the temp directory, removed with everything in it at the end of scope.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "altkit-test-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

inline void write(const std::filesystem::path& p, const std::string& s) {
  std::ofstream(p) << s;
}

inline bool has_code(const std::vector<altkit::diag::Diagnostic>& ds, const std::string& code) {
  return std::any_of(ds.begin(), ds.end(), [&](const auto& d) { return d.code == code; });
}

/// A whole file's bytes (the test fails when it cannot be read).
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace test
