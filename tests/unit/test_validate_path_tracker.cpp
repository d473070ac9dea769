#include "altkit/validate/path_tracker.hpp"

#include <catch2/catch.hpp>

using altkit::validate::elide_path;
using altkit::validate::PathTracker;

TEST_CASE("validate::PathTracker") {
  PathTracker p;
  p.push("melding");
  p.push("Skjemainnhold");
  p.push("arbeidsgiver");
  CHECK(p.path() == "/melding/Skjemainnhold/arbeidsgiver");
  p.pop();
  p.push("arbeidsgiver");
  p.push("virksomhetsnummer");
  CHECK(p.path() == "/melding/Skjemainnhold/arbeidsgiver[2]/virksomhetsnummer");
  p.pop();
  p.pop();
  p.push("kommune");
  CHECK(p.path() == "/melding/Skjemainnhold/kommune");
  p.pop();
  p.push("arbeidsgiver");
  CHECK(p.path() == "/melding/Skjemainnhold/arbeidsgiver[3]");
  CHECK(p.depth() == 3);
  p.clear();
  CHECK(p.path().empty());
  p.push("ns:melding");
  CHECK(p.path() == "/ns:melding");
}

TEST_CASE("validate::elide_path") {
  CHECK(elide_path("/a/b/c") == "/a/b/c");
  std::string deep;
  for (int i = 0; i < 300; ++i) {
    deep += "/a";
  }
  CHECK(elide_path(deep) == "/a/a/a/a/\u2026294 more\u2026/a/a");
}
