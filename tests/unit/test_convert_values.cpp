#include "altkit/convert/values.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>

using namespace altkit;
using namespace altkit::convert;

TEST_CASE("convert::resolve_short_name") {
  diag::DiagnosticSink sink;
  auto map = servicemap::ServiceMap::parse("kind,name,version,serviceCode,serviceEditionCode\n"
                                           "shortName,Skatteoppgjør 2007,,2541,1\n",
                                           "map", sink);
  REQUIRE(map);
  auto r = resolve_short_name("4711_1", map.get());
  REQUIRE(r.service);
  CHECK(r.service->code == "4711");
  CHECK(r.service->edition == "1");
  CHECK(resolve_short_name("PSA 2009", nullptr).service->code == "PSA");
  CHECK(resolve_short_name(" \tPSA \n 0003 ", nullptr).service->edition == "3");
  r = resolve_short_name("Skatteoppgjør 2007", map.get()); // splits, but never into a valid code
  REQUIRE(r.service);
  CHECK(r.legacy);
  CHECK(r.service->code == "2541");
  CHECK(resolve_short_name("Skatteoppgjør 2007", nullptr).problem == ShortNameProblem::unmapped_legacy);
  CHECK(resolve_short_name("Årsoppgave", map.get()).problem == ShortNameProblem::unmapped_legacy);
  CHECK(resolve_short_name("ABCDEFGH_1", map.get()).problem == ShortNameProblem::code_too_long);
  CHECK(resolve_short_name("   ", map.get()).problem == ShortNameProblem::empty);
  CHECK(resolve_short_name("4711_1_2", nullptr).problem == ShortNameProblem::unmapped_legacy);
  CHECK(resolve_short_name("4711_x", nullptr).problem == ShortNameProblem::unmapped_legacy);
}

TEST_CASE("convert::repair_base64") {
  std::string bytes;
  CHECK(repair_base64("SGVyIGVyIGZpbCBudW1tZXIgMi4KCg", &bytes) == "SGVyIGVyIGZpbCBudW1tZXIgMi4KCg==");
  CHECK(bytes == "Her er fil nummer 2.\n\n");
  CHECK(repair_base64("SGVy\r\n IGVy\n") == "SGVyIGVy");
  CHECK(repair_base64("RmFrdHVyYQ==") == "RmFrdHVyYQ==");
  CHECK(repair_base64("") == "");
  CHECK_FALSE(repair_base64("not base64!"));
  CHECK_FALSE(repair_base64("QUJD=A"));           // data after padding
  CHECK_FALSE(repair_base64("QUJDR"));            // one character left over
  CHECK(repair_base64("QUJDRA==") == "QUJDRA=="); // "ABCD"
  CHECK_FALSE(repair_base64("QUJDRB=="));         // bits beyond the data: not canonical
}

TEST_CASE("convert::to_datetime") {
  ::setenv("TZ", "Europe/Oslo", 1);
  ::tzset();
  CHECK(to_datetime("2024-03-01", false, false) == "2024-03-01T00:00:00");
  CHECK(to_datetime(" 2024-03-01 ", true, false) == "2024-03-01T23:59:59");
  CHECK(to_datetime("2024-03-01", false, true) == "2024-03-01T00:00:00+01:00");
  CHECK(to_datetime("2024-07-01", false, true) == "2024-07-01T00:00:00+02:00");
  CHECK(to_datetime("2024-10-18T08:43:48.453", false, false) == "2024-10-18T08:43:48.453");
  CHECK(to_datetime("2024-12-01T12:00:00-05:00", false, false) == "2024-12-01T18:00:00");
  CHECK(to_datetime("2024-03-31T02:30:00Z", false, true) == "2024-03-31T04:30:00+02:00");
  CHECK_FALSE(to_datetime("31.12.2024", false, false));
  CHECK_FALSE(to_datetime("2024-13-01", false, false));
  CHECK_FALSE(to_datetime("2024-01-01T25:00", false, false));
  ::setenv("SOURCE_DATE_EPOCH", "0", 1);
  CHECK(now_datetime(true) == "1970-01-01T01:00:00+01:00");
  ::unsetenv("SOURCE_DATE_EPOCH");
}
