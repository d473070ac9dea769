// The service map as spreadsheets save it: Latin-1 bytes are an error naming line and column
// unless --map-encoding names the encoding; a NUL byte is an error; "2" and "02" are one form
// version; a map that never ends (/dev/zero) is refused after a bounded read.
#include "altkit/servicemap/service_map.hpp"
#include "test_helpers.hpp"

using altkit::servicemap::ServiceMap;

namespace {
const std::string k_header = "kind,name,version,serviceCode,serviceEditionCode\n";
}

TEST_CASE("service map: bytes that are not UTF-8 are an error with their position", "[servicemap][encoding]") {
  test::TempDir dir;
  auto path = dir.path / "map.csv";
  test::write(path, k_header + "shortName,\xC5rsoppgave,,4711,3\n"); // Å in Latin-1
  altkit::diag::DiagnosticSink sink;
  CHECK_FALSE(ServiceMap::load(path.string(), sink));
  REQUIRE(sink.items().size() == 1);
  const auto& d = sink.items()[0];
  CHECK(d.line == 2);
  CHECK(d.column == 11);
  CHECK(d.message.find("0xC5") != std::string::npos);
  CHECK(d.message.find("--map-encoding") != std::string::npos);
}

TEST_CASE("service map: --map-encoding decodes it, and its rows match", "[servicemap][encoding]") {
  test::TempDir dir;
  auto path = dir.path / "map.csv";
  test::write(path, k_header + "shortName,\xC5rsoppgave,,4711,3\n");
  for (const char* enc : {"latin1", "WINDOWS-1252", "ISO-8859-1"}) {
    altkit::diag::DiagnosticSink sink;
    auto map = ServiceMap::load(path.string(), sink, enc);
    REQUIRE(map);
    auto s = map->short_name("\xC3\x85rsoppgave"); // Å in UTF-8
    REQUIRE(s);
    CHECK(s->joined() == "4711_3");
  }
  altkit::diag::DiagnosticSink sink;
  CHECK_FALSE(ServiceMap::load(path.string(), sink, "no-such-encoding"));
  REQUIRE(!sink.items().empty());
  CHECK(sink.items()[0].code == "map-unreadable");
}

TEST_CASE("service map: a NUL byte is an error", "[servicemap][encoding]") {
  test::TempDir dir;
  auto path = dir.path / "map.csv";
  static const char row[] = "form,RF-1,2,47\0"
                            "11,3\n";
  test::write(path, k_header + std::string(row, sizeof row - 1));
  altkit::diag::DiagnosticSink sink;
  CHECK_FALSE(ServiceMap::load(path.string(), sink));
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.items()[0].line == 2);
  CHECK(sink.items()[0].message.find("NUL") != std::string::npos);
}

TEST_CASE("service map: form versions 2 and 02 are one key", "[servicemap][encoding]") {
  altkit::diag::DiagnosticSink sink;
  auto map = ServiceMap::parse(k_header + "form,RF-1047,02,4711,3\n", "map", sink);
  REQUIRE(map);
  CHECK(map->form("RF-1047", "2"));
  CHECK(map->form("RF-1047", "002"));
  CHECK_FALSE(map->form("RF-1047", "3"));
  altkit::diag::DiagnosticSink dup;
  CHECK_FALSE(ServiceMap::parse(k_header + "form,RF-1047,2,4711,3\nform,RF-1047,02,4711,4\n", "map", dup));
  CHECK(test::has_code(dup.items(), "map-conflict"));
}

TEST_CASE("service map: a map that never ends is refused after a bounded read", "[servicemap][encoding]") {
  altkit::diag::DiagnosticSink sink;
  CHECK_FALSE(ServiceMap::load("/dev/zero", sink));
  REQUIRE(sink.items().size() == 1);
  CHECK(sink.items()[0].code == "map-unreadable");
  CHECK(sink.items()[0].message.find("larger than") != std::string::npos);
}
