#include "altkit/check/journal.hpp"
#include "altkit/diag/error.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace altkit;

namespace {

check::Fingerprint run_of(const std::string& engine = "libxml2") {
  check::Fingerprint f;
  f.version = "1.2.3";
  f.engine = engine;
  f.mode = "schema";
  f.rules = "0123456789abcdef";
  f.inputs = {{"operands", {"corpus"}}};
  return f;
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("altkit-unit-" + std::to_string(::getpid()) + "-" + name)).string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string k_line =
    R"({"bytes":1,"diagnostics":[],"engine":"libxml2","file":"a.xml","schema":"","type":"document","verdict":"invalid","seq":0})";

} // namespace

TEST_CASE("check::Fingerprint::differences") {
  CHECK(run_of().differences(run_of()).empty());
  CHECK(run_of("xerces").differences(run_of()) == "the engine (xerces now, libxml2 then)");
  check::Fingerprint other = run_of();
  other.rules = "fedcba9876543210";
  other.shard = 2;
  other.shards = 3;
  CHECK(run_of().differences(other) ==
        "the content of the schema, catalog, stylesheet or map; the shard (1/1 now, 2/3 then)");
  // The digest leaves the shard out: every shard of a run has the same.
  CHECK(run_of().digest() != other.digest());
  other.rules = run_of().rules;
  CHECK(run_of().digest() == other.digest());
  CHECK(check::Fingerprint::from_json(other.to_json()).differences(other).empty());
}

TEST_CASE("check::verified_json") {
  std::string framed = check::Journal::framed(k_line);
  CHECK(check::verified_json(framed) == k_line);
  std::string edited = framed;
  edited.replace(edited.find("invalid"), 7, "valid");
  CHECK(check::verified_json(edited).empty());
  CHECK(check::verified_json(framed.substr(0, framed.size() - 1)).empty());
  CHECK(check::verified_json("").empty());
}

TEST_CASE("check::Journal") {
  const std::string path = temp_path("journal.jsonl");
  std::remove(path.c_str());
  {
    check::CheckSummary s;
    check::Journal j(path, run_of(), false, s);
    CHECK(j.documents() == 0);
    j.append(k_line);
  }
  std::string whole = slurp(path);
  SECTION("read back: the document counts in the summary and the exit code") {
    check::CheckSummary s;
    check::Journal j(path, run_of(), false, s);
    CHECK(j.documents() == 1);
    CHECK(j.dropped() == 0);
    CHECK(j.code() == diag::ExitCode::findings);
    CHECK(s.counts.invalid == 1);
    CHECK(j.already_done("a.xml"));
    CHECK_FALSE(j.already_done("a.xml"));
  }
  SECTION("a cut-off last line is dropped and cut from the file") {
    std::ofstream(path, std::ios::binary) << whole.substr(0, whole.size() - 10);
    check::CheckSummary s;
    check::Journal j(path, run_of(), false, s);
    CHECK(j.documents() == 0);
    CHECK(j.dropped() == 1);
    CHECK(slurp(path) == whole.substr(0, whole.find('\n') + 1));
  }
  SECTION("another run's journal is refused, unless restarted") {
    check::CheckSummary s;
    CHECK_THROWS_AS(check::Journal(path, run_of("xerces"), false, s), diag::Error);
    check::Journal j(path, run_of("xerces"), true, s);
    CHECK(j.documents() == 0);
    CHECK(slurp(path).find("xerces") != std::string::npos);
  }
  std::remove(path.c_str());
}
