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

TEST_CASE("convert::resolve_short_name: hidden characters are normalised and named") {
  auto r = resolve_short_name("4711\u00A03", nullptr); // no-break space
  REQUIRE(r.service);
  CHECK(r.service->code == "4711");
  CHECK(r.service->edition == "3");
  CHECK(r.hidden == "U+00A0 (no-break space)");
  r = resolve_short_name("47\u200B11_3", nullptr); // zero-width space: removed
  REQUIRE(r.service);
  CHECK(r.service->code == "4711");
  CHECK(r.hidden == "U+200B (zero-width space)");
  r = resolve_short_name("4711\t3", nullptr); // a tab is XML whitespace: a separator, nothing hidden
  REQUIRE(r.service);
  CHECK(r.hidden.empty());
  CHECK(resolve_short_name("4711_3", nullptr).hidden.empty());
  // A legacy name is looked up as written, then as read.
  diag::DiagnosticSink sink;
  auto map = servicemap::ServiceMap::parse("kind,name,version,serviceCode,serviceEditionCode\n"
                                           "shortName,Årsoppgave næring,,2541,1\n",
                                           "map", sink);
  REQUIRE(map);
  r = resolve_short_name("Årsoppgave\u00A0næring", map.get());
  REQUIRE(r.service);
  CHECK(r.legacy);
  CHECK(r.service->code == "2541");
  r = resolve_short_name("Gammel\u00A0tjeneste", map.get());
  CHECK(r.problem == ShortNameProblem::unmapped_legacy);
  CHECK(r.hidden == "U+00A0 (no-break space)");
}

TEST_CASE("convert::show_hidden") {
  CHECK(show_hidden("4711\u00A03") == "4711<U+00A0>3");
  CHECK(show_hidden("a\tb\n") == "a<U+0009>b<U+000A>");
  CHECK(show_hidden("Skatteoppgjør 2007") == "Skatteoppgjør 2007");
  CHECK(show_hidden("x\u200By\uFEFF") == "x<U+200B>y<U+FEFF>");
}

TEST_CASE("convert::has_leading_zeros") {
  CHECK(has_leading_zeros("004711"));
  CHECK_FALSE(has_leading_zeros("4711"));
  CHECK_FALSE(has_leading_zeros("0"));
  CHECK_FALSE(has_leading_zeros("PSA"));
}

TEST_CASE("convert::to_instant: dates checked completely") {
  ::setenv("TZ", "Europe/Oslo", 1);
  ::tzset();
  CHECK_FALSE(to_instant("2023-02-29", false)); // not a leap year
  CHECK(to_instant("2024-02-29", false));
  CHECK_FALSE(to_instant("1900-02-29", false)); // a century, not a leap year
  CHECK(to_instant("2000-02-29", false));       // every 400 years it is
  CHECK_FALSE(to_instant("2023-04-31", false));
  CHECK_FALSE(to_instant("2023-06-00", false));
  CHECK_FALSE(to_instant("0000-01-01", false));
  CHECK_FALSE(to_instant("2023-01-01T12:00:60", false));
  CHECK_FALSE(to_instant("2023-01-01T-1:00:00", false));
  CHECK_FALSE(to_instant("2023-01-01T24:00:01", false)); // 24 only as a whole hour
  CHECK_FALSE(to_instant("2023-01-01T24:30:00", false));
  CHECK_FALSE(to_instant("2023-01-01T12:00:00.", false));
  CHECK_FALSE(to_instant("2023-01-01T12:00:00+15:00", false));
  CHECK_FALSE(to_instant("2023-01-01T12:00:00+14:30", false));
  CHECK_FALSE(to_instant("2023-01-01T12:00:00+01:60", false));
  CHECK_FALSE(to_instant("2023-01-01T12:00:00+0100", false));
  CHECK(to_instant("2023-01-01T12:00:00+14:00", false));
  CHECK_FALSE(to_instant("+023-01-01", false));
}

TEST_CASE("convert::to_instant: one time policy, with and without an offset") {
  ::setenv("TZ", "Europe/Oslo", 1);
  ::tzset();
  // 24:00:00 is the next day's 00:00:00, a year's end included.
  CHECK(to_datetime("2023-12-31T24:00:00", false, false) == "2024-01-01T00:00:00");
  CHECK(to_datetime("2023-12-31T24:00:00", false, true) == "2024-01-01T00:00:00+01:00");
  CHECK(to_instant("2023-12-31T24:00:00", false)->rule == TimeRule::next_day);
  CHECK(to_instant("2023-12-31T24:00:00", false)->utc == to_instant("2023-12-31T23:00:00Z", false)->utc);

  // The spring gap: 02:30 does not exist on 2023-03-26; moved forward by the gap, both ways.
  auto gap = to_instant("2023-03-26T02:30:00", false);
  REQUIRE(gap);
  CHECK(gap->rule == TimeRule::spring_gap);
  CHECK(gap->utc == to_instant("2023-03-26T01:30:00Z", false)->utc);
  CHECK(to_datetime("2023-03-26T02:30:00", false, false) == "2023-03-26T03:30:00");
  CHECK(to_datetime("2023-03-26T02:30:00", false, true) == "2023-03-26T03:30:00+02:00");
  CHECK(describe_time_rule(*gap) == "local time '2023-03-26T02:30:00' does not exist in Europe/Oslo (clocks go "
                                    "forward): moved forward by the gap, to 2023-03-26T03:30:00+02:00");

  // The autumn overlap: 02:30 on 2023-10-29 occurs twice; the first (summer time) is taken.
  auto twice = to_instant("2023-10-29T02:30:00", false);
  REQUIRE(twice);
  CHECK(twice->rule == TimeRule::autumn_twice);
  CHECK(twice->utc == to_instant("2023-10-29T00:30:00Z", false)->utc);
  CHECK(to_datetime("2023-10-29T02:30:00", false, true) == "2023-10-29T02:30:00+02:00");
  CHECK(to_datetime("2023-10-29T02:30:00", false, false) == "2023-10-29T02:30:00");
  CHECK(describe_time_rule(*twice).find("the first occurrence, in summer time, is taken: 2023-10-29T02:30:00+02:00") !=
        std::string::npos);

  // Ordinary times on those days stay as given; a value with an offset is its instant.
  CHECK(to_instant("2023-03-26T03:30:00", false)->rule == TimeRule::as_given);
  CHECK(to_instant("2023-10-29T03:30:00", false)->rule == TimeRule::as_given);
  CHECK(to_instant("2023-10-29T02:30:00+01:00", false)->rule == TimeRule::as_given);
  CHECK(to_datetime("2023-10-29T02:30:00+01:00", false, true) == "2023-10-29T02:30:00+01:00");
  CHECK(describe_time_rule(*to_instant("2024-01-01", false)).empty());
}

TEST_CASE("convert::attachment_file_name") {
  CHECK(attachment_file_name("faktura.pdf") == "faktura.pdf");
  CHECK(attachment_file_name("../x.pdf") == "x.pdf");
  CHECK(attachment_file_name("C:\\temp\\a.pdf") == "a.pdf");
  CHECK(attachment_file_name("/etc/passwd") == "passwd");
  CHECK(attachment_file_name("C:a.pdf") == "a.pdf");
  CHECK(attachment_file_name("dir/sub/") == "attachment");
  CHECK(attachment_file_name("..") == "attachment"); // a folder, not a file
  CHECK(attachment_file_name("a/..") == "attachment");
  CHECK(attachment_file_name("") == "");
  CHECK(attachment_file_name("Årsoppgave 2007.pdf") == "Årsoppgave 2007.pdf");
}
